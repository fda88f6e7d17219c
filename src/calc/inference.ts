/**
 * The kv and roofline calculators: serving memory (weights + KV cache) and how fast a kernel or
 * a decode step can possibly run on an accelerator.
 */
import { InputError } from "../errors.js";
import { parseChoice, parseNumber } from "../flag-values.js";
import { decodeStep, DTYPES, formatScaledBytes, roofline, servingMemory, type ByteUnit, type Dtype, type Roofline } from "../systems/index.js";
import type { Calculator } from "./calculator.js";
import {
  calcInput,
  givesModel,
  GPU_INPUTS,
  MODEL_INPUTS,
  paramsInput,
  parseParams,
  parseSizeFlag,
  resolveGpu,
  resolveModel,
  resolveSeq,
  resolveUnit,
  seqWarnings,
  UNIT_INPUT,
  type CalcGpu,
  type CalcModel,
  type GpuFlags,
  type ModelFlags,
} from "./inputs.js";
import { fitsVerdict, formatFlops, formatSeconds, unitConvention, type CalcReport } from "./report.js";

function parseDtype(flag: string, text: string): Dtype {
  return parseChoice(flag, text, DTYPES);
}

interface KvFlags extends ModelFlags, GpuFlags {
  params?: string;
  batch: string;
  dtype: string;
  weightsDtype?: string;
  overhead: string;
  unit: string;
}

/** kv: KV-cache size, and whether weights + cache fit on the device. */
export const KV: Calculator = {
  name: "kv",
  description: "KV-cache size per token, sequence and batch, and serving memory against the device",
  inputs: [
    ...MODEL_INPUTS,
    calcInput("--seq <n>", "int", "tokens per sequence in the cache (default: the model's context)", { group: "model" }),
    calcInput("--batch <n>", "int", "sequences served at once", { default: "1" }),
    calcInput("--dtype <dtype>", "choice", `KV-cache element type: ${DTYPES.join(", ")}`, { default: "fp16", choices: DTYPES }),
    calcInput("--weights-dtype <dtype>", "choice", "weight element type (default: --dtype)", { choices: DTYPES }),
    calcInput("--overhead <fraction>", "number", "allowance on top of weights + cache for activations and fragmentation, e.g. 0.1", { default: "0" }),
    paramsInput("the weights' parameter count instead of the model's (the cache needs the model's shape)"),
    ...GPU_INPUTS,
    UNIT_INPUT,
  ],
  examples: ["dojo calc kv --model llama2-7b --seq 4096 --dtype fp16 --unit GiB", "dojo calc kv --model llama2-70b --batch 32 --seq 4096 --dtype fp8 --weights-dtype bf16 --gpu h200"],
  report: (values) => kvReport(resolveKv(values as unknown as KvFlags)),
};

/** The kv calculator's inputs, resolved. */
export interface KvInputs {
  model: CalcModel;
  unit: ByteUnit;
  seq: number;
  batch: number;
  dtype: Dtype;
  weightsDtype: Dtype;
  overheadFraction: number;
  gpu: CalcGpu;
  /** The weights' parameter count when given instead of the model's. */
  params: number | undefined;
}

/** The kv inputs from their text; an InputError names the flag of a bad value. */
export function resolveKv(flags: KvFlags): KvInputs {
  const model = resolveModel(flags);
  const unit = resolveUnit(flags.unit);
  const seq = resolveSeq(flags, model);
  const batch = parseSizeFlag("--batch", flags.batch);
  const dtype = parseDtype("--dtype", flags.dtype);
  const weightsDtype = flags.weightsDtype === undefined ? dtype : parseDtype("--weights-dtype", flags.weightsDtype);
  const overheadFraction = parseNumber("--overhead", flags.overhead);
  if (overheadFraction < 0) throw new InputError(`--overhead: expected a fraction of 0 or more, got "${flags.overhead}"`, "e.g. 0.1 for 10% on top of weights and KV cache");
  const gpu = resolveGpu(flags);
  const params = flags.params === undefined ? undefined : parseParams(flags.params);
  return { model, unit, seq, batch, dtype, weightsDtype, overheadFraction, gpu, params };
}

/** The report of `dojo calc kv`. */
export function kvReport({ model, unit, seq, batch, dtype, weightsDtype, overheadFraction, gpu, params }: KvInputs): CalcReport {
  const { layers, kvHeads, headDim } = model.resolved;
  const serving = servingMemory({
    arch: model.arch,
    params,
    seqLen: seq,
    batch,
    kvDtype: dtype,
    weightsDtype,
    overheadFraction,
    deviceBytes: gpu.memoryBytes,
  });
  const { kvCache: cache, memory } = serving;
  const size = (bytes: number) => formatScaledBytes(bytes, unit);
  const element = serving.bytesPerCacheElement;
  const kvRows = [
    ["per token, one layer", size(cache.bytesPerTokenPerLayer), `2 (K, V) × ${kvHeads} kv-heads × ${headDim} × ${element} B`],
    ["per token, all layers", size(cache.bytesPerToken), `2·L·kvHeads·headDim·bytes, L = ${layers}`],
    [`per sequence (${seq} tokens)`, size(cache.bytesPerSequence), "per token × seq"],
    [`batch of ${batch}`, size(cache.bytes), cache.formula],
  ];
  const memoryRows = [
    [`weights (${weightsDtype})`, size(memory.weights), `${serving.params.toLocaleString("en-US")} params × ${serving.bytesPerWeight} B`],
    [`KV cache (${dtype})`, size(memory.kvCache), "batch total above"],
    ["overhead allowance", size(memory.overhead), `${overheadFraction} × (weights + KV cache)`],
    ["total", size(memory.total), memory.formula],
    [`device memory (${gpu.name})`, size(gpu.memoryBytes), gpu.preset ? `preset ${gpu.preset}` : "given"],
  ];
  return {
    command: "kv",
    title: `KV cache and serving memory: ${model.label} · ${batch} × ${seq} tokens · cache ${dtype}, weights ${weightsDtype}`,
    inputs: { model: model.preset, arch: model.resolved, params: serving.params, seqLen: seq, batch, dtype, weightsDtype, overheadFraction, gpu, unit },
    results: { kvCache: cache, memory, deviceMemory: gpu.memoryBytes, freeBytes: serving.freeBytes, fits: serving.fits },
    tables: [
      { header: ["KV cache", "bytes", "formula"], rows: kvRows, rightAligned: [1] },
      { header: ["serving memory", "bytes", "formula"], rows: memoryRows, rightAligned: [1] },
    ],
    verdict: [fitsVerdict(serving.freeBytes as number, gpu, unit)],
    conventions: [
      kvHeads === model.resolved.heads ? cache.convention : `${cache.convention}; grouped-query attention caches ${kvHeads} key/value heads, not ${model.resolved.heads} query heads`,
      memory.convention,
      unitConvention(unit),
    ],
    warnings: seqWarnings(model, seq),
  };
}

interface RooflineFlags extends ModelFlags, GpuFlags {
  params?: string;
  flops?: string;
  bytes?: string;
  batch: string;
  dtype: string;
  unit: string;
}

/** roofline: time and bound of a kernel, or of one decode step of a model. */
export const ROOFLINE: Calculator = {
  name: "roofline",
  description: "roofline time and bound of a kernel (--flops --bytes) or of a model's decode step",
  inputs: [
    calcInput("--flops <F>", "number", "FLOPs of the kernel, e.g. 2e12"),
    calcInput("--bytes <B>", "number", "bytes the kernel moves to and from memory, e.g. 1.4e10"),
    ...MODEL_INPUTS,
    calcInput("--seq <n>", "int", "decode: tokens already in each sequence's KV cache (default: the model's context)", { group: "model" }),
    calcInput("--batch <n>", "int", "decode: sequences decoded together", { default: "1" }),
    calcInput("--dtype <dtype>", "choice", `decode: weight and KV-cache element type: ${DTYPES.join(", ")}`, { default: "bf16", choices: DTYPES }),
    paramsInput("decode: the weights' parameter count instead of the model's"),
    ...GPU_INPUTS,
    UNIT_INPUT,
  ],
  examples: ["dojo calc roofline --flops 2e12 --bytes 1e9 --gpu a100-80gb", "dojo calc roofline --model llama2-7b --batch 8 --seq 2048 --gpu h100-sxm"],
  report: (values) => rooflineReport(resolveRoofline(values as unknown as RooflineFlags)),
};

/** The roofline calculator's inputs, resolved: a kernel's work and traffic, or a model's decode step. */
export type RooflineInputs = { gpu: CalcGpu; unit: ByteUnit } & (
  | { kind: "kernel"; flops: number; bytes: number }
  | { kind: "decode"; model: CalcModel; seq: number; batch: number; dtype: Dtype; params: number | undefined }
);

/** The roofline inputs from their text; an InputError names the flag of a bad value, or says what is missing. */
export function resolveRoofline(flags: RooflineFlags): RooflineInputs {
  const unit = resolveUnit(flags.unit);
  const gpu = resolveGpu(flags);
  const kernel = flags.flops !== undefined || flags.bytes !== undefined;
  const hasModel = givesModel(flags);
  if (kernel === hasModel) {
    throw new InputError(kernel ? "give either --flops/--bytes or a model, not both" : "nothing to time: give --flops and --bytes, or a model", "a kernel: --flops 2e12 --bytes 1e9; a decode step: --model llama2-7b --batch 8");
  }
  if (kernel) {
    if (flags.flops === undefined || flags.bytes === undefined) throw new InputError("--flops and --bytes go together", "the roofline needs the work and the traffic");
    return { kind: "kernel", gpu, unit, flops: parseNumber("--flops", flags.flops), bytes: parseNumber("--bytes", flags.bytes) };
  }
  const model = resolveModel(flags);
  const seq = resolveSeq(flags, model);
  const batch = parseSizeFlag("--batch", flags.batch);
  const dtype = parseDtype("--dtype", flags.dtype);
  return { kind: "decode", gpu, unit, model, seq, batch, dtype, params: flags.params === undefined ? undefined : parseParams(flags.params) };
}

/** The report of `dojo calc roofline`. */
export function rooflineReport(inputs: RooflineInputs): CalcReport {
  const { gpu, unit } = inputs;
  const gpuLine = `${gpu.name}: ${formatFlops(gpu.peakFlops)} FLOP/s, ${formatScaledBytes(gpu.bandwidth, unit)}/s`;
  if (inputs.kind === "kernel") {
    const { flops, bytes } = inputs;
    const roof = roofline({ flops, bytes, peakFlops: gpu.peakFlops, bandwidth: gpu.bandwidth });
    return {
      command: "roofline",
      title: `Roofline: ${formatFlops(flops)} FLOPs moving ${formatScaledBytes(bytes, unit)} on ${gpuLine}`,
      inputs: { flops, bytes, gpu, unit },
      results: { roofline: roof },
      tables: [rooflineTable(roof)],
      verdict: [verdictOf(roof)],
      conventions: [roof.convention, unitConvention(unit)],
    };
  }
  const { model, seq, batch, dtype, params } = inputs;
  const step = decodeStep({ arch: model.arch, params, seqLen: seq, batch, dtype, peakFlops: gpu.peakFlops, bandwidth: gpu.bandwidth });
  const roof = step.roofline;
  const size = (bytes: number) => formatScaledBytes(bytes, unit);
  const table = rooflineTable(roof);
  table.rows.unshift(
    ["weights read", size(step.weightBytes), `${step.params.toLocaleString("en-US")} params × ${step.bytesPerElement} B, once per step`],
    ["KV cache read", size(step.kvBytes), `batch ${batch} × 2·L·kvHeads·headDim·${seq}·${step.bytesPerElement} B`],
    ["FLOPs", formatFlops(step.flops), `batch × (${step.forward.formula}), T = ${seq}`],
  );
  table.rows.push(
    ["decode step, memory time", formatSeconds(step.memoryBound.time), step.memoryBound.formula],
    ["decode step (roofline)", formatSeconds(roof.time), `max(memory time, compute time): ${roof.bound}`],
    ["tokens per second", step.tokensPerSecond.toFixed(0), "batch / step time (roofline)"],
  );
  return {
    command: "roofline",
    title: `Decode step: ${model.label} · batch ${batch} · ${seq} tokens in cache · ${dtype} · ${gpuLine}`,
    inputs: { model: model.preset, arch: model.resolved, params: step.params, seqLen: seq, batch, dtype, gpu, unit },
    results: { decode: step.memoryBound, roofline: roof, forwardFlopsPerToken: step.forward.flopsPerToken, forward: step.forward, kvBytesPerSequence: step.kvBytesPerSequence, tokensPerSecond: step.tokensPerSecond },
    tables: [table],
    verdict: [verdictOf(roof), `One decode step reads ${size(step.memoryBound.bytesRead)} and takes at least ${formatSeconds(roof.time)} (${roof.bound}): at most ${step.tokensPerSecond.toFixed(0)} tokens/s over the batch.`],
    conventions: [
      step.forward.convention,
      step.memoryBound.convention,
      roof.convention,
      "all parameters counted as read each step (the token-embedding table is only gathered, a small overcount)",
      unitConvention(unit),
    ],
    warnings: seqWarnings(model, seq),
  };
}

function rooflineTable(roof: Roofline) {
  return {
    header: ["quantity", "value", "formula"],
    rows: [
      ["compute time", formatSeconds(roof.computeTime), "FLOPs / peak"],
      ["memory time", formatSeconds(roof.memoryTime), "bytes / bandwidth"],
      ["arithmetic intensity", formatIntensity(roof.arithmeticIntensity), "FLOPs / bytes"],
      ["ridge point", `${roof.ridgePoint.toFixed(1)} FLOP/B`, "peak / bandwidth"],
      ["time (lower bound)", formatSeconds(roof.time), roof.formula],
    ],
    rightAligned: [1],
  };
}

function verdictOf(roof: Roofline): string {
  return `${roof.bound === "memory-bound" ? "Memory-bound" : "Compute-bound"}: intensity ${formatIntensity(roof.arithmeticIntensity)} ${roof.bound === "memory-bound" ? "<" : "≥"} ridge ${roof.ridgePoint.toFixed(1)} FLOP/B.`;
}

/** FLOPs per byte; a kernel that moves no bytes has no finite intensity. */
function formatIntensity(intensity: number): string {
  return Number.isFinite(intensity) ? `${intensity.toFixed(1)} FLOP/B` : "unbounded (no bytes moved)";
}
