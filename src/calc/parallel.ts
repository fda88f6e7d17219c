/**
 * The zero, pipeline and comm calculators: what data, pipeline and tensor parallelism cost in
 * memory per device (with DeepSpeed's CPU-offload estimates), idle time, and bytes sent per device.
 */
import { InputError } from "../errors.js";
import { parseChoice, parseCount, parsePositiveNumber } from "../flag-values.js";
import {
  formatScaledBytes,
  largestLayerParams,
  parallelTraffic,
  pipelineBubble,
  zero2OffloadEstimates,
  zero3OffloadEstimates,
  zeroMemoryPerDevice,
  type ByteUnit,
  type StepTraffic,
  type ZeroStage,
} from "../systems/index.js";
import type { Calculator } from "./calculator.js";
import { calcInput, checkDivides, MODEL_INPUTS, paramsInput, parseSizeFlag, resolveSeq, resolveSize, resolveUnit, seqWarnings, UNIT_INPUT, type CalcSize, type SizeFlags } from "./inputs.js";
import { formatCount, formatPercent, formatShort, unitConvention, type CalcReport } from "./report.js";

interface ZeroFlags extends SizeFlags {
  dp: string;
  stage?: string;
  k: string;
  offload?: string;
  nodes: string;
  largestLayer?: string;
  bufferFactor: string;
  unit: string;
}

/** zero: model-state memory per device under ZeRO stages 0–3, or DeepSpeed's offload estimates. */
export const ZERO: Calculator = {
  name: "zero",
  description: "model-state memory per device under ZeRO-DP stages 0-3 (Rajbhandari et al. 2020), or with CPU offload (DeepSpeed's estimators)",
  inputs: [
    calcInput("--params <N>", "number", "parameters Ψ, e.g. 7.5e9 (or give a model)", { group: "model" }),
    calcInput("--dp <n>", "int", "data-parallel degree N_d: GPUs in all", { required: true }),
    calcInput("--stage <s>", "choice", "one ZeRO stage, 0-3 (default: all four; with --offload 2 and 3)", { choices: ["0", "1", "2", "3"] }),
    calcInput("--k <bytes>", "int", "optimizer-state bytes per parameter K (12 for mixed-precision Adam)", { default: "12" }),
    calcInput("--offload <device>", "choice", "cpu: DeepSpeed's ZeRO-2/3 estimates of GPU and CPU memory with offload to CPU", { choices: ["cpu"] }),
    calcInput("--nodes <n>", "int", "with --offload: machines the --dp GPUs are spread over", { default: "1" }),
    calcInput("--largest-layer <N>", "number", "with --offload: parameters of the largest layer λ (default: the model's largest matrix)"),
    calcInput("--buffer-factor <f>", "number", "with --offload: DeepSpeed's additional_buffer_factor on CPU memory", { default: "1.5" }),
    ...MODEL_INPUTS,
    calcInput("--seq <n>", "int", "context length for explicit sizes (same as --context)", { group: "model" }),
    UNIT_INPUT,
  ],
  examples: [
    "dojo calc zero --params 7.5e9 --dp 64",
    "dojo calc zero --model llama2-70b --dp 512 --stage 3 --unit GiB",
    "dojo calc zero --params 2851e6 --largest-layer 32e6 --dp 8 --offload cpu --unit GiB",
  ],
  report: (values) => (values.offload === undefined ? zeroReport(resolveZero(values as unknown as ZeroFlags)) : offloadReport(resolveOffload(values as unknown as ZeroFlags))),
};

/** The zero calculator's inputs without offload, resolved. */
export interface ZeroInputs {
  size: CalcSize;
  unit: ByteUnit;
  dp: number;
  k: number;
  stages: ZeroStage[];
}

/** The zero inputs from their text; an InputError names the flag of a bad value. */
export function resolveZero(flags: ZeroFlags): ZeroInputs {
  const unit = resolveUnit(flags.unit);
  const size = resolveSize(flags);
  const dp = parseSizeFlag("--dp", flags.dp);
  const k = parseCount("--k", flags.k);
  const stages: ZeroStage[] = flags.stage === undefined ? [0, 1, 2, 3] : [Number(parseChoice("--stage", flags.stage, ["0", "1", "2", "3"])) as ZeroStage];
  return { size, unit, dp, k, stages };
}

/** The report of `dojo calc zero`. */
export function zeroReport({ size: { params, model, label }, unit, dp, k, stages }: ZeroInputs): CalcReport {
  const results = stages.map((stage) => zeroMemoryPerDevice({ params, dp, stage, k }));
  const size = (bytes: number) => formatScaledBytes(bytes, unit);
  const rows = results.map((r) => [r.stage === 0 ? "0 (plain DP)" : String(r.stage), size(r.weights), size(r.gradients), size(r.optimizerStates), size(r.total), r.formula]);
  return {
    command: "zero",
    title: `ZeRO model-state memory per device: Ψ = ${formatCount(params)} (${formatShort(params)})${model ? ` of ${label}` : ""}, N_d = ${dp}, K = ${k}`,
    inputs: { params, dp, k, stages, model: model?.preset ?? null, unit },
    results: { stages: results },
    tables: [{ header: ["stage", "weights", "gradients", "optimizer states", "total", "formula"], rows, rightAligned: [1, 2, 3, 4] }],
    verdict: [],
    conventions: [results[0].convention, "activations, buffers and fragmentation are not included (see dojo calc memory)", unitConvention(unit)],
  };
}

/** The zero calculator's inputs with --offload cpu, resolved. */
export interface OffloadInputs {
  size: CalcSize;
  unit: ByteUnit;
  dp: number;
  nodes: number;
  bufferFactor: number;
  stages: (2 | 3)[];
  /** λ: the largest layer's parameters, which ZeRO-3 gathers whole on each GPU. */
  largestLayer: number | undefined;
}

/** The offload inputs from their text; an InputError names the flag of a bad value, or says what is missing. */
export function resolveOffload(flags: ZeroFlags): OffloadInputs {
  parseChoice("--offload", flags.offload as string, ["cpu"]);
  const unit = resolveUnit(flags.unit);
  const size = resolveSize(flags);
  const { model } = size;
  const dp = parseSizeFlag("--dp", flags.dp);
  const nodes = parseSizeFlag("--nodes", flags.nodes);
  checkDivides("--nodes", nodes, "--dp", dp, "every node has the same number of GPUs: --dp counts them all");
  const bufferFactor = parsePositiveNumber("--buffer-factor", flags.bufferFactor, "DeepSpeed uses 1.5");
  const stages: (2 | 3)[] = flags.stage === undefined ? [2, 3] : [Number(parseChoice("--stage", flags.stage, ["2", "3"])) as 2 | 3];
  let largestLayer: number | undefined;
  if (stages.includes(3)) {
    if (flags.largestLayer !== undefined) largestLayer = parsePositiveNumber("--largest-layer", flags.largestLayer, "parameters of the largest layer, e.g. 32e6");
    else if (model) largestLayer = largestLayerParams(model.arch);
    else throw new InputError("ZeRO-3 offload needs the largest layer's parameters", "give --largest-layer N, or a model (its largest matrix), or --stage 2");
  }
  return { size, unit, dp, nodes, bufferFactor, stages, largestLayer };
}

/** The report of `dojo calc zero --offload cpu`: DeepSpeed's estimator tables for ZeRO-2 and ZeRO-3. */
export function offloadReport({ size: { params, model, label }, unit, dp, nodes, bufferFactor, stages, largestLayer }: OffloadInputs): CalcReport {
  const gpusPerNode = dp / nodes;
  const input = { params, largestLayerParams: largestLayer, gpusPerNode, nodes, bufferFactor };
  const estimates = stages.map((stage) => (stage === 2 ? zero2OffloadEstimates(input) : zero3OffloadEstimates(input)));
  const size = (bytes: number) => formatScaledBytes(bytes, unit);
  const tables = estimates.map((e) => ({
    header: [`ZeRO-${e.stage}: per CPU (node)`, "per GPU", "offload_param", "offload_optimizer", "zero_init", "CPU formula", "GPU formula"],
    rows: e.rows.map((r) => [size(r.cpuBytesPerNode), size(r.gpuBytesPerGpu), r.offloadParam, r.offloadOptimizer, r.zeroInit === null ? "" : r.zeroInit ? "1" : "0", r.cpuFormula, r.gpuFormula]),
    rightAligned: [0, 1],
  }));
  return {
    command: "zero",
    title:
      `DeepSpeed model-state estimates with CPU offload: Ψ = ${formatShort(params)}${model ? ` (${label})` : ""}` +
      `${largestLayer === undefined ? "" : `, largest layer λ = ${formatShort(largestLayer)}`}, ${nodes} node${nodes > 1 ? "s" : ""} × ${gpusPerNode} GPU${gpusPerNode > 1 ? "s" : ""}`,
    inputs: { params, largestLayerParams: largestLayer ?? null, dp, nodes, gpusPerNode, bufferFactor, model: model?.preset ?? null, unit },
    results: { estimates },
    tables,
    verdict: [],
    conventions: [
      estimates[0].convention,
      `n = ${gpusPerNode} GPUs per node, N = ${dp} GPUs, g = 1/nodes, f = ${bufferFactor}, λ = the largest layer's parameters (gathered whole on each GPU under ZeRO-3)`,
      "DeepSpeed prints these figures as GB but divides by 2³⁰: --unit GiB shows them as DeepSpeed's tables do",
      unitConvention(unit),
    ],
  };
}

interface PipelineFlags {
  pp: string;
  microbatches: string;
  interleave: string;
}

/** pipeline: the pipeline bubble of 1F1B and interleaved schedules. */
export const PIPELINE: Calculator = {
  name: "pipeline",
  description: "pipeline bubble (p − 1)/m, or (p − 1)/(v·m) interleaved (Narayanan et al. 2021)",
  inputs: [
    calcInput("--pp <p>", "int", "pipeline stages p", { required: true }),
    calcInput("--microbatches <m>", "int", "micro-batches per step m", { required: true }),
    calcInput("--interleave <v>", "int", "model chunks per device v (interleaved schedule)", { default: "1" }),
  ],
  examples: ["dojo calc pipeline --pp 8 --microbatches 64", "dojo calc pipeline --pp 8 --microbatches 64 --interleave 4"],
  report: (values) => pipelineReport(resolvePipeline(values as unknown as PipelineFlags)),
};

/** The pipeline calculator's inputs, resolved. */
export interface PipelineInputs {
  stages: number;
  microbatches: number;
  interleave: number;
}

/** The pipeline inputs from their text; an InputError names the flag of a bad value. */
export function resolvePipeline(flags: PipelineFlags): PipelineInputs {
  return {
    stages: parseSizeFlag("--pp", flags.pp),
    microbatches: parseSizeFlag("--microbatches", flags.microbatches),
    interleave: parseSizeFlag("--interleave", flags.interleave),
  };
}

/** The report of `dojo calc pipeline`. */
export function pipelineReport({ stages, microbatches, interleave }: PipelineInputs): CalcReport {
  const bubble = pipelineBubble({ stages, microbatches, interleave });
  const rows = [
    ["bubble / ideal compute time", bubble.bubbleFraction.toFixed(4), formatPercent(bubble.bubbleFraction), bubble.formula],
    ["bubble / whole step", bubble.idleShare.toFixed(4), formatPercent(bubble.idleShare), bubble.idleShareFormula],
  ];
  const plain = interleave > 1 ? pipelineBubble({ stages, microbatches }) : null;
  if (plain) rows.push(["without interleaving", plain.bubbleFraction.toFixed(4), formatPercent(plain.bubbleFraction), plain.formula]);
  return {
    command: "pipeline",
    title: `Pipeline bubble: p = ${stages} stages, m = ${microbatches} micro-batches${interleave > 1 ? `, v = ${interleave} chunks per device` : ""}`,
    inputs: { stages, microbatches, interleave },
    results: { bubble, ...(plain ? { withoutInterleaving: plain } : {}) },
    tables: [{ header: ["quantity", "fraction", "percent", "formula"], rows, rightAligned: [1, 2] }],
    verdict: [`Every stage idles p − 1 = ${stages - 1} slots per step; the bubble shrinks as m grows (m ≥ 4p keeps it under 25% for 1F1B).`],
    conventions: [bubble.convention],
  };
}

interface CommFlags extends SizeFlags {
  microBatch: string;
  microbatches: string;
  dp: string;
  zero: string;
  tp: string;
  pp: string;
  bytesPerElement: string;
  unit: string;
}

/** comm: bytes each device sends per step for data, ZeRO, tensor and pipeline parallelism. */
export const COMM: Calculator = {
  name: "comm",
  description: "bytes sent per device per step: data-parallel all-reduce, ZeRO, tensor and pipeline parallel",
  inputs: [
    ...MODEL_INPUTS,
    calcInput("--seq <n>", "int", "sequence length s (default: the model's context)", { group: "model" }),
    calcInput("--micro-batch <n>", "int", "sequences per micro-batch b", { default: "1" }),
    calcInput("--microbatches <m>", "int", "micro-batches per step m", { default: "1" }),
    calcInput("--dp <n>", "int", "data-parallel degree", { default: "1" }),
    calcInput("--zero <stage>", "choice", "ZeRO stage 0-3 for the data-parallel traffic", { default: "0", choices: ["0", "1", "2", "3"] }),
    calcInput("--tp <n>", "int", "tensor-parallel degree t", { default: "1" }),
    calcInput("--pp <n>", "int", "pipeline stages p", { default: "1" }),
    calcInput("--bytes-per-element <n>", "number", "bytes per gradient, parameter and activation element (2 for bf16)", { default: "2" }),
    paramsInput("data-parallel traffic without a model (tensor and pipeline traffic need its shape)"),
    UNIT_INPUT,
  ],
  examples: [
    "dojo calc comm --model llama2-7b --dp 64",
    "dojo calc comm --model gpt3-175b --dp 16 --zero 1 --tp 8 --pp 8 --microbatches 64 --seq 2048",
    "dojo calc comm --params 7e9 --dp 8 --zero 3",
  ],
  report: (values) => commReport(resolveComm(values as unknown as CommFlags)),
};

/** The comm calculator's inputs, resolved. */
export interface CommInputs {
  size: CalcSize;
  unit: ByteUnit;
  /** The sequence length, when a model gives the shape of the tensor and pipeline traffic. */
  seq: number | null;
  microBatch: number;
  microbatches: number;
  dp: number;
  zero: ZeroStage;
  tp: number;
  pp: number;
  bytesPerElement: number;
}

/** The comm inputs from their text; an InputError names the flag of a bad or inconsistent value. */
export function resolveComm(flags: CommFlags): CommInputs {
  const size = resolveSize(flags);
  const { model } = size;
  const unit = resolveUnit(flags.unit);
  const microBatch = parseSizeFlag("--micro-batch", flags.microBatch);
  const microbatches = parseSizeFlag("--microbatches", flags.microbatches);
  const dp = parseSizeFlag("--dp", flags.dp);
  const zero = Number(parseChoice("--zero", flags.zero, ["0", "1", "2", "3"])) as ZeroStage;
  const tp = parseSizeFlag("--tp", flags.tp);
  const pp = parseSizeFlag("--pp", flags.pp);
  const element = parsePositiveNumber("--bytes-per-element", flags.bytesPerElement, "2 for bf16/fp16, 4 for fp32");
  if (dp === 1 && tp === 1 && pp === 1) throw new InputError("nothing to communicate: --dp, --tp and --pp are all 1", "give at least one parallel degree above 1, e.g. --dp 8");
  if (!model && (tp > 1 || pp > 1)) throw new InputError("tensor and pipeline traffic need the model's shape", "give --model (or explicit sizes) with --tp or --pp; --params alone gives data-parallel traffic");
  const seq = model ? resolveSeq(flags, model) : null;
  if (model) {
    checkDivides("--tp", tp, "--heads", model.resolved.heads, "tensor parallelism gives each device whole attention heads");
    checkDivides("--pp", pp, "--layers", model.resolved.layers, "each pipeline stage holds the same number of layers");
  }
  return { size, unit, seq, microBatch, microbatches, dp, zero, tp, pp, bytesPerElement: element };
}

/** The report of `dojo calc comm`. */
export function commReport({ size: { params, model, label }, unit, seq, microBatch, microbatches, dp, zero, tp, pp, bytesPerElement: element }: CommInputs): CalcReport {
  const traffic = parallelTraffic({
    params,
    shape: model && seq !== null ? { hidden: model.resolved.hidden, layers: model.resolved.layers, seqLen: seq, microBatch } : undefined,
    microbatches,
    dp,
    zeroStage: zero,
    tp,
    pp,
    bytesPerElement: element,
  });
  const size = (bytes: number) => formatScaledBytes(bytes, unit);
  const lines: [string, StepTraffic | null][] = [
    [zero === 0 ? `data-parallel all-reduce (n = ${dp})` : `ZeRO-${zero} (n = ${dp})`, traffic.dataParallel],
    [`tensor-parallel all-reduces (t = ${tp})`, traffic.tensorParallel],
    [`pipeline stage boundary (p = ${pp})`, traffic.pipeline],
  ];
  const rows = lines.flatMap(([name, t]) => (t ? [[name, size(t.sentBytesPerDevice), t.unit, size(t.sentBytesPerDeviceStep), `${t.formula}${t.stepFormula ? ` ${t.stepFormula}` : ""}`]] : []));
  const conventions = lines.flatMap(([, t]) => (t ? [`${t.kind}: ${t.convention}`] : []));
  return {
    command: "comm",
    title: `Communication per device: ${label} · dp ${dp}${zero > 0 ? ` (ZeRO-${zero})` : ""} · tp ${tp} · pp ${pp}${model ? ` · s ${seq} · b ${microBatch} · m ${microbatches}` : ""}`,
    inputs: { model: model?.preset ?? null, arch: model?.resolved ?? null, params, seqLen: seq, microBatch, microbatches, dp, zeroStage: zero, tp, pp, bytesPerElement: element, unit },
    results: { params, ...traffic },
    tables: [{ header: ["traffic", "sent per unit", "unit", "per step", "formula"], rows, rightAligned: [1, 3] }],
    verdict: ["Volumes only: overlap with compute, latency and link bandwidth are not modelled. Each device receives as much as it sends."],
    conventions: [...conventions, `data-parallel buffers: Ψ/(t·p) parameters × ${element} bytes per rank`, unitConvention(unit)],
    warnings: model && seq !== null ? seqWarnings(model, seq) : [],
  };
}
