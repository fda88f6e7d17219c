/**
 * The memory and activations calculators: where training memory goes on one device
 * (src/systems trainingMemoryPerDevice and firstStageActivationBytes), as inputs in and tables out.
 */
import { parseChoice } from "../flag-values.js";
import {
  activationAdvice,
  activationBytesByRecompute,
  firstStageActivationBytes,
  formatScaledBytes,
  trainingMemoryPerDevice,
  type ActivationRecompute,
  type ByteUnit,
  type DeviceMemory,
  type OptimizerSetup,
  type StageActivations,
  type StageActivationShape,
  type TrainingPrecision,
  type ZeroStage,
} from "../systems/index.js";
import type { Calculator } from "./calculator.js";
import {
  calcInput,
  checkDivides,
  GPU_INPUTS,
  MODEL_INPUTS,
  paramsInput,
  parseSizeFlag,
  resolveModel,
  resolveGpu,
  resolveSeq,
  resolveSize,
  resolveUnit,
  seqWarnings,
  UNIT_INPUT,
  type CalcInput,
  type CalcGpu,
  type CalcModel,
  type CalcSize,
  type GpuFlags,
  type ModelFlags,
} from "./inputs.js";
import { fitsVerdict, formatPercent, unitConvention, type CalcReport } from "./report.js";

/** The optimizer names the calculator takes, and the accounting each maps to (src/systems/memory.ts). */
export const OPTIMIZERS: Record<string, OptimizerSetup> = {
  adamw: "adamw-mixed",
  "adamw-fp32-grads": "adamw-mixed-fp32-grads",
  "adamw-fp32": "adamw-fp32",
  "adam-8bit": "adam-8bit",
  "sgd-momentum": "sgd-momentum",
};

const RECOMPUTE: readonly ActivationRecompute[] = ["none", "selective", "full"];

interface ParallelFlags extends ModelFlags {
  microBatch: string;
  tp: string;
  pp: string;
  sp?: boolean;
  recompute: string;
  interleave: string;
  unit: string;
}

/** An activation shape with every degree and choice given. */
type ResolvedShape = Required<StageActivationShape>;

/** The activation shape the flags describe, checked with the flag names in the messages. */
function activationInputs(flags: ParallelFlags, model: CalcModel): ResolvedShape {
  const seq = resolveSeq(flags, model);
  const microBatch = parseSizeFlag("--micro-batch", flags.microBatch);
  const tp = parseSizeFlag("--tp", flags.tp);
  const pp = parseSizeFlag("--pp", flags.pp);
  const interleave = parseSizeFlag("--interleave", flags.interleave);
  const recompute = parseChoice("--recompute", flags.recompute, RECOMPUTE);
  const { heads, layers, hidden, vocabSize } = model.resolved;
  checkDivides("--tp", tp, "--heads", heads, "tensor parallelism gives each device whole attention heads");
  checkDivides("--pp × --interleave", pp * interleave, "--layers", layers, "each pipeline stage holds the same number of layers");
  const sequenceParallel = flags.sp ?? false;
  if (sequenceParallel) checkDivides("--tp", tp, "--seq", seq, "sequence parallelism splits the sequence over the tensor-parallel group");
  return { seqLen: seq, microBatch, hidden, heads, layers, vocab: vocabSize, tp, pipeline: pp, interleave, sequenceParallel, recompute };
}

/** The inputs of an activation shape: sequence, micro-batch, parallel degrees and recomputation. */
const PARALLEL_INPUTS: readonly CalcInput[] = [
  calcInput("--seq <n>", "int", "sequence length s (default: the model's context)", { group: "model" }),
  calcInput("--micro-batch <n>", "int", "sequences per micro-batch b", { default: "1" }),
  calcInput("--tp <n>", "int", "tensor-parallel degree t", { default: "1" }),
  calcInput("--pp <n>", "int", "pipeline-parallel stages p", { default: "1" }),
  calcInput("--sp", "switch", "sequence parallelism over the tensor-parallel group"),
  calcInput("--interleave <v>", "int", "model chunks per device (interleaved 1F1B)", { default: "1" }),
  calcInput("--recompute <mode>", "choice", "activation recomputation: none, selective or full", { default: "none", choices: RECOMPUTE }),
];

function llamaCaveat(model: CalcModel): string[] {
  return model.resolved.family === "llama" ? ["activations: Korthikanti et al.'s count is for GPT blocks (4h GeLU MLP, LayerNorm); for SwiGLU/RMSNorm models it is an approximation"] : [];
}

interface MemoryFlags extends ParallelFlags, GpuFlags {
  params?: string;
  optimizer: string;
  precision?: string;
  zero: string;
  dp: string;
}

/** memory: does training fit on one device, and where does the memory go? */
export const MEMORY: Calculator = {
  name: "memory",
  description: "training memory per device: weights, gradients, optimizer states, activations; does it fit?",
  inputs: [
    ...MODEL_INPUTS,
    paramsInput("model states only without a model (activations need its shape)"),
    ...PARALLEL_INPUTS,
    calcInput("--optimizer <name>", "choice", `${Object.keys(OPTIMIZERS).join(", ")} (adamw = mixed-precision AdamW, 16 bytes/param)`, { default: "adamw", choices: Object.keys(OPTIMIZERS) }),
    calcInput("--precision <p>", "choice", "fp32 or mixed, for adam-8bit and sgd-momentum (default fp32)", { choices: ["fp32", "mixed"] }),
    calcInput("--zero <stage>", "choice", "ZeRO stage: 0 (plain data parallel), 1 (optimizer states), 2 (+ gradients), 3 (+ weights)", { default: "0", choices: ["0", "1", "2", "3"] }),
    calcInput("--dp <n>", "int", "data-parallel degree N_d", { default: "1" }),
    ...GPU_INPUTS,
    UNIT_INPUT,
  ],
  examples: [
    "dojo calc memory --model llama2-7b --optimizer adamw --zero 3 --dp 64 --seq 4096 --micro-batch 1 --recompute selective",
    "dojo calc memory --model llama2-70b --tp 8 --pp 4 --sp --dp 16 --zero 1 --recompute selective --gpu h100-sxm --unit GiB",
    "dojo calc memory --params 7e9 --tp 2 --pp 4 --dp 8 --zero 1",
  ],
  report: (values) => memoryReport(resolveMemory(values as unknown as MemoryFlags)),
};

/** The memory calculator's inputs, resolved. */
export interface MemoryInputs {
  size: CalcSize;
  unit: ByteUnit;
  tp: number;
  pp: number;
  /** The activation shape, when a model gives one (without, activations are not counted). */
  shape: ResolvedShape | null;
  optimizerName: string;
  precision: TrainingPrecision | undefined;
  stage: ZeroStage;
  dp: number;
  gpu: CalcGpu;
}

/** The memory inputs from their text; an InputError names the flag of a bad or inconsistent value. */
export function resolveMemory(flags: MemoryFlags): MemoryInputs {
  const size = resolveSize(flags);
  const { model } = size;
  const unit = resolveUnit(flags.unit);
  const tp = parseSizeFlag("--tp", flags.tp);
  const pp = parseSizeFlag("--pp", flags.pp);
  const shape = model ? activationInputs(flags, model) : null;
  const optimizerName = parseChoice("--optimizer", flags.optimizer, Object.keys(OPTIMIZERS));
  const precision = flags.precision === undefined ? undefined : parseChoice<TrainingPrecision>("--precision", flags.precision, ["fp32", "mixed"]);
  const stage = Number(parseChoice("--zero", flags.zero, ["0", "1", "2", "3"])) as ZeroStage;
  const dp = parseSizeFlag("--dp", flags.dp);
  const gpu = resolveGpu(flags);
  return { size, unit, tp, pp, shape, optimizerName, precision, stage, dp, gpu };
}

/** The report of `dojo calc memory`. */
export function memoryReport({ size, unit, tp, pp, shape, optimizerName, precision, stage, dp, gpu }: MemoryInputs): CalcReport {
  const { model } = size;
  const activations: StageActivations | null = shape ? firstStageActivationBytes(shape) : null;
  const memory = trainingMemoryPerDevice({
    params: size.params,
    optimizer: OPTIMIZERS[optimizerName],
    precision,
    tp,
    pp,
    dp,
    zeroStage: stage,
    activationBytes: activations?.total ?? 0,
    deviceBytes: gpu.memoryBytes,
  });
  const { perDevice, modelStates } = memory;
  const b = modelStates.bytesPerParam;
  const row = (name: string, perParam: string, bytes: number, formula: string) => [name, perParam, formatScaledBytes(bytes, unit), formatPercent(bytes / perDevice.total), formula];
  const rows = [
    row("weights", String(b.weights), perDevice.weights, memory.formulas.weights),
    row("gradients", String(b.gradients), perDevice.gradients, memory.formulas.gradients),
    row("optimizer states", String(b.optimizerStates), perDevice.optimizerStates, memory.formulas.optimizerStates),
    ...(activations && shape ? [row(`activations (first stage, recompute ${shape.recompute})`, "", perDevice.activations, activations.formula)] : []),
    row("total per device", "", perDevice.total, `sum of the above (model states ${b.total} B/param before sharding)`),
    [`device memory (${gpu.name})`, "", formatScaledBytes(gpu.memoryBytes, unit), "", gpu.preset ? `preset ${gpu.preset}` : "given"],
  ];
  const advice = shape ? activationAdvice(perDevice, shape.recompute) : null;
  const verdict = [
    fitsVerdict(memory.freeBytes as number, gpu, unit),
    `Largest share: ${COMPONENT_NAMES[memory.largest.component]} (${formatPercent(memory.largest.share)}). Devices: dp ${dp} × tp ${tp} × pp ${pp} = ${memory.devices}.`,
    ...(advice ? [advice] : []),
  ];
  const parallel = `${stage > 0 ? `ZeRO-${stage}` : "no ZeRO"} over dp ${dp} · tp ${tp} · pp ${pp}${shape?.sequenceParallel ? " · sp" : ""}`;
  const batch = shape ? ` · seq ${shape.seqLen} × micro-batch ${shape.microBatch}` : "";
  return {
    command: "memory",
    title: `Training memory per device: ${size.label} · ${optimizerName} · ${parallel}${batch} · ${gpu.name}`,
    inputs: { model: model?.preset ?? null, arch: model?.resolved ?? null, params: size.params, optimizer: optimizerName, optimizerSetup: modelStates.optimizer, precision: modelStates.precision, zeroStage: stage, dp, tp, pp, activationShape: shape, gpu, unit },
    results: {
      params: memory.params,
      paramsPerRank: memory.paramsPerRank,
      modelStates,
      perDevice,
      activations,
      deviceMemory: gpu.memoryBytes,
      freeBytes: memory.freeBytes,
      fits: memory.fits,
      largest: memory.largest,
    },
    tables: [{ header: ["component", "B/param", "per device", "share", "formula"], rows, rightAligned: [1, 2, 3] }],
    verdict,
    conventions: [
      `model states: ${modelStates.formula}; ${modelStates.convention}`,
      `parallelism: ${memory.convention}`,
      activations ? `activations: ${activations.convention}` : "activations: not counted (give a model, e.g. --model llama2-7b, for Korthikanti et al.'s count)",
      ...(model ? llamaCaveat(model) : []),
      "not counted: temporary buffers, communication buckets, fragmentation, CUDA context",
      unitConvention(unit),
    ],
    warnings: shape && model ? seqWarnings(model, shape.seqLen) : [],
  };
}

const COMPONENT_NAMES: Record<keyof DeviceMemory, string> = {
  weights: "weights",
  gradients: "gradients",
  optimizerStates: "optimizer states",
  activations: "activations",
  total: "total",
};

type ActivationFlags = ParallelFlags;

/** activations: activation memory per layer and on the first pipeline stage. */
export const ACTIVATIONS: Calculator = {
  name: "activations",
  description: "activation memory per layer and on the first pipeline stage (Korthikanti et al. 2022)",
  inputs: [...MODEL_INPUTS, ...PARALLEL_INPUTS, UNIT_INPUT],
  examples: ["dojo calc activations --model gpt3-175b --tp 8 --pp 8 --sp --recompute selective", "dojo calc activations --model llama2-7b --seq 4096 --micro-batch 2 --unit GiB"],
  report: (values) => activationsReport(resolveActivations(values as unknown as ActivationFlags)),
};

/** The activations calculator's inputs, resolved. */
export interface ActivationsInputs {
  model: CalcModel;
  unit: ByteUnit;
  shape: ResolvedShape;
}

/** The activations inputs from their text; an InputError names the flag of a bad or inconsistent value. */
export function resolveActivations(flags: ActivationFlags): ActivationsInputs {
  const model = resolveModel(flags);
  return { model, unit: resolveUnit(flags.unit), shape: activationInputs(flags, model) };
}

/** The report of `dojo calc activations`. */
export function activationsReport({ model, unit, shape }: ActivationsInputs): CalcReport {
  const stage = firstStageActivationBytes(shape);
  const size = (bytes: number) => formatScaledBytes(bytes, unit);
  const stageRows = [
    ["per layer", size(stage.perLayer.bytes), stage.perLayer.formula],
    [`transformer layers (${formatLayers(stage.layersHeld)} layers' worth)`, size(stage.transformerLayers), shape.interleave > 1 ? "L·(1 + (p − 1)/(p·v)) × per layer" : "L × per layer (1F1B: p micro-batches of L/p layers)"],
    ["embedding dropout mask", size(stage.embeddingDropout), shape.sequenceParallel ? "sbhp/t" : "sbhp"],
    ["output layer (only when p = 1)", size(stage.outputLayer), shape.sequenceParallel ? "4sbh/t·(1 + V/h)" : "4sbh + 4sbV/t"],
    ["first stage total", size(stage.total), stage.formula],
  ];
  // The same layer under each recomputation choice, so the saving is visible at a glance.
  const perMode = activationBytesByRecompute(shape, stage.layersHeld);
  const modeRows = perMode.map((m) => [m.recompute, size(m.bytes), size(m.layersBytes), m.formula]);
  return {
    command: "activations",
    title: `Activation memory: ${model.label} · s ${shape.seqLen} · b ${shape.microBatch} · t ${shape.tp} · p ${shape.pipeline}${shape.sequenceParallel ? " · sequence parallel" : ""} · recompute ${shape.recompute}`,
    inputs: { model: model.preset, arch: model.resolved, ...shape, unit },
    results: { firstStage: stage, perLayerByRecompute: perMode },
    tables: [
      { header: ["item", "bytes", "formula"], rows: stageRows, rightAligned: [1] },
      { header: ["recompute", "per layer", "× layers held", "formula"], rows: modeRows, rightAligned: [1, 2] },
    ],
    verdict: [`The first pipeline stage holds ${size(stage.total)} of activations per device.`],
    conventions: [stage.convention, ...llamaCaveat(model), unitConvention(unit)],
    warnings: seqWarnings(model, shape.seqLen),
  };
}

function formatLayers(layers: number): string {
  return Number.isInteger(layers) ? String(layers) : layers.toFixed(2);
}
