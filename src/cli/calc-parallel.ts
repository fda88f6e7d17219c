/**
 * `dojo calc zero`, `pipeline` and `comm`: what data, pipeline and tensor parallelism cost in
 * memory per device, idle time, and bytes sent per device.
 */
import { Command } from "commander";
import { InputError } from "../errors.js";
import { commBytes, paramCount, pipelineBubble, zeroMemoryPerDevice, type CommVolume, type ZeroStage } from "../systems/index.js";
import { addModelOptions, addOutputOptions, checkDivides, givesModel, parseParams, parseSizeFlag, resolveModel, resolveSeq, resolveUnit, type ModelFlags } from "./calc-inputs.js";
import { formatCount, formatPercent, formatShort, formatSize, printCalcReport, unitConvention, type CalcReport } from "./calc-report.js";
import { parseChoice, parseCount, parsePositiveNumber } from "./options.js";

interface ZeroFlags extends ModelFlags {
  params?: string;
  dp: string;
  stage?: string;
  k: string;
  unit: string;
  json?: boolean;
}

/** `dojo calc zero`: model-state memory per device under ZeRO stages 0–3. */
export function zeroCommand(): Command {
  const command = new Command("zero")
    .description("model-state memory per device under ZeRO-DP stages 0-3 (Rajbhandari et al. 2020)")
    .option("--params <N>", "parameters Ψ, e.g. 7.5e9 (or give a model)")
    .requiredOption("--dp <n>", "data-parallel degree N_d")
    .option("--stage <s>", "one ZeRO stage, 0-3 (default: all four)")
    .option("--k <bytes>", "optimizer-state bytes per parameter K (12 for mixed-precision Adam)", "12");
  addModelOptions(command).option("--seq <n>", "context length for explicit sizes (same as --context)");
  return addOutputOptions(command)
    .addHelpText("after", "\nExamples:\n  dojo calc zero --params 7.5e9 --dp 64\n  dojo calc zero --model llama2-70b --dp 512 --stage 3 --unit GiB\n")
    .action((flags: ZeroFlags) => printCalcReport(zeroReport(flags), flags.json));
}

/** The report of `dojo calc zero`. */
export function zeroReport(flags: ZeroFlags): CalcReport {
  const unit = resolveUnit(flags.unit);
  const hasModel = givesModel(flags);
  if (flags.params === undefined && !hasModel) throw new InputError("no model size: give --params N or a model", "e.g. --params 7.5e9, or --model llama2-7b");
  const model = flags.params === undefined ? resolveModel(flags) : null;
  const params = model ? paramCount(model.arch).total : parseParams(flags.params as string);
  const dp = parseSizeFlag("--dp", flags.dp);
  const k = parseCount("--k", flags.k);
  const stages: ZeroStage[] = flags.stage === undefined ? [0, 1, 2, 3] : [Number(parseChoice("--stage", flags.stage, ["0", "1", "2", "3"])) as ZeroStage];
  const results = stages.map((stage) => zeroMemoryPerDevice({ params, dp, stage, k }));
  const rows = results.map((r) => [
    r.stage === 0 ? "0 (plain DP)" : String(r.stage),
    formatSize(r.weights, unit),
    formatSize(r.gradients, unit),
    formatSize(r.optimizerStates, unit),
    formatSize(r.total, unit),
    r.formula,
  ]);
  return {
    command: "zero",
    title: `ZeRO model-state memory per device: Ψ = ${formatCount(params)} (${formatShort(params)})${model ? ` of ${model.label}` : ""}, N_d = ${dp}, K = ${k}`,
    inputs: { params, dp, k, stages, model: model?.preset ?? null, unit },
    results: { stages: results },
    tables: [{ header: ["stage", "weights", "gradients", "optimizer states", `total (${unit})`, "formula"], rows, rightAligned: [1, 2, 3, 4] }],
    verdict: [],
    conventions: [results[0].convention, "activations, buffers and fragmentation are not included (see dojo calc memory)", unitConvention(unit)],
  };
}

interface PipelineFlags {
  pp: string;
  microbatches: string;
  interleave: string;
  json?: boolean;
}

/** `dojo calc pipeline`: the pipeline bubble of 1F1B and interleaved schedules. */
export function pipelineCommand(): Command {
  const command = new Command("pipeline")
    .description("pipeline bubble (p − 1)/m, or (p − 1)/(v·m) interleaved (Narayanan et al. 2021)")
    .requiredOption("--pp <p>", "pipeline stages p")
    .requiredOption("--microbatches <m>", "micro-batches per step m")
    .option("--interleave <v>", "model chunks per device v (interleaved schedule)", "1")
    .option("--json", "print the inputs and results as JSON");
  return command
    .addHelpText("after", "\nExamples:\n  dojo calc pipeline --pp 8 --microbatches 64\n  dojo calc pipeline --pp 8 --microbatches 64 --interleave 4\n")
    .action((flags: PipelineFlags) => printCalcReport(pipelineReport(flags), flags.json));
}

/** The report of `dojo calc pipeline`. */
export function pipelineReport(flags: PipelineFlags): CalcReport {
  const stages = parseSizeFlag("--pp", flags.pp);
  const microbatches = parseSizeFlag("--microbatches", flags.microbatches);
  const interleave = parseSizeFlag("--interleave", flags.interleave);
  const bubble = pipelineBubble({ stages, microbatches, interleave });
  const rows = [
    ["bubble / ideal compute time", bubble.bubbleFraction.toFixed(4), formatPercent(bubble.bubbleFraction), bubble.formula],
    ["bubble / whole step", bubble.idleShare.toFixed(4), formatPercent(bubble.idleShare), interleave === 1 ? "(p − 1)/(m + p − 1)" : "(p − 1)/(v·m + p − 1)"],
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

interface CommFlags extends ModelFlags {
  microBatch: string;
  microbatches: string;
  dp: string;
  zero: string;
  tp: string;
  pp: string;
  bytesPerElement: string;
  unit: string;
  json?: boolean;
}

/** `dojo calc comm`: bytes each device sends per step for data, ZeRO, tensor and pipeline parallelism. */
export function commCommand(): Command {
  const command = new Command("comm").description("bytes sent per device per step: data-parallel all-reduce, ZeRO, tensor and pipeline parallel");
  addModelOptions(command)
    .option("--seq <n>", "sequence length s (default: the model's context)")
    .option("--micro-batch <n>", "sequences per micro-batch b", "1")
    .option("--microbatches <m>", "micro-batches per step m", "1")
    .option("--dp <n>", "data-parallel degree", "1")
    .option("--zero <stage>", "ZeRO stage 0-3 for the data-parallel traffic", "0")
    .option("--tp <n>", "tensor-parallel degree t", "1")
    .option("--pp <n>", "pipeline stages p", "1")
    .option("--bytes-per-element <n>", "bytes per gradient, parameter and activation element (2 for bf16)", "2");
  return addOutputOptions(command)
    .addHelpText("after", "\nExamples:\n  dojo calc comm --model llama2-7b --dp 64\n  dojo calc comm --model gpt3-175b --dp 16 --zero 1 --tp 8 --pp 8 --microbatches 64 --seq 2048\n")
    .action((flags: CommFlags) => printCalcReport(commReport(flags), flags.json));
}

/** The report of `dojo calc comm`. */
export function commReport(flags: CommFlags): CalcReport {
  const model = resolveModel(flags);
  const unit = resolveUnit(flags.unit);
  const seq = resolveSeq(flags, model);
  const microBatch = parseSizeFlag("--micro-batch", flags.microBatch);
  const microbatches = parseSizeFlag("--microbatches", flags.microbatches);
  const dp = parseSizeFlag("--dp", flags.dp);
  const zero = Number(parseChoice("--zero", flags.zero, ["0", "1", "2", "3"]));
  const tp = parseSizeFlag("--tp", flags.tp);
  const pp = parseSizeFlag("--pp", flags.pp);
  const element = parsePositiveNumber("--bytes-per-element", flags.bytesPerElement, "2 for bf16/fp16, 4 for fp32");
  const { hidden, layers } = model.resolved;
  checkDivides("--tp", tp, "--heads", model.resolved.heads, "tensor parallelism gives each device whole attention heads");
  checkDivides("--pp", pp, "--layers", layers, "each pipeline stage holds the same number of layers");
  if (dp === 1 && tp === 1 && pp === 1) throw new InputError("nothing to communicate: --dp, --tp and --pp are all 1", "give at least one parallel degree above 1, e.g. --dp 8");

  const params = paramCount(model.arch).total;
  // Each data-parallel rank holds Ψ/(t·p) parameters; its gradient buffer is that many elements.
  const stateBytes = (params / (tp * pp)) * element;
  const rows: string[][] = [];
  const results: Record<string, CommVolume | Record<string, unknown>> = {};
  const add = (key: string, name: string, volume: CommVolume, perStep: number, stepFormula: string) => {
    results[key] = { ...volume, sentBytesPerDeviceStep: perStep };
    rows.push([name, formatSize(volume.sentBytesPerDevice, unit), volume.per.split(" (")[0], formatSize(perStep, unit), `${volume.formula}${stepFormula}`]);
  };
  if (dp > 1) {
    const volume = zero === 0 ? commBytes({ kind: "data-parallel", gradientBytes: stateBytes, devices: dp }) : commBytes({ kind: "zero", stage: zero as 1 | 2 | 3, parameterBytes: stateBytes, devices: dp });
    add("dataParallel", zero === 0 ? `data-parallel all-reduce (n = ${dp})` : `ZeRO-${zero} (n = ${dp})`, volume, volume.sentBytesPerDevice, "");
  }
  if (tp > 1) {
    const volume = commBytes({ kind: "tensor-parallel", seqLen: seq, microBatch, hidden, tp, bytesPerElement: element });
    const layersPerStage = layers / pp;
    add("tensorParallel", `tensor-parallel all-reduces (t = ${tp})`, volume, volume.sentBytesPerDevice * layersPerStage * microbatches, `; per step × ${layersPerStage} layers × ${microbatches} micro-batches`);
  }
  if (pp > 1) {
    const volume = commBytes({ kind: "pipeline", seqLen: seq, microBatch, hidden, microbatches, bytesPerElement: element });
    add("pipeline", `pipeline stage boundary (p = ${pp})`, volume, volume.sentBytesPerDevice, "");
  }
  const conventions = Object.values(results).map((r) => `${(r as CommVolume).kind}: ${(r as CommVolume).convention}`);
  return {
    command: "comm",
    title: `Communication per device: ${model.label} · dp ${dp}${zero > 0 ? ` (ZeRO-${zero})` : ""} · tp ${tp} · pp ${pp} · s ${seq} · b ${microBatch} · m ${microbatches}`,
    inputs: { model: model.preset, arch: model.resolved, seqLen: seq, microBatch, microbatches, dp, zeroStage: zero, tp, pp, bytesPerElement: element, unit },
    results: { params, gradientBytesPerRank: stateBytes, ...results },
    tables: [{ header: ["traffic", `sent per unit (${unit})`, "unit", `per step (${unit})`, "formula"], rows, rightAligned: [1, 3] }],
    verdict: ["Volumes only: overlap with compute, latency and link bandwidth are not modelled. Each device receives as much as it sends."],
    conventions: [...conventions, `data-parallel buffers: Ψ/(t·p) parameters × ${element} bytes per rank`, unitConvention(unit)],
  };
}
