/**
 * `dojo calc memory` and `dojo calc activations`: where training memory goes on one device.
 *
 * memory = model states (weights, gradients, optimizer states; divided by t·p for tensor and
 * pipeline parallelism, then sharded over the data-parallel degree by the ZeRO stage) +
 * activations of the first pipeline stage (Korthikanti et al. 2022), against the device's memory.
 */
import { Command } from "commander";
import {
  activationBytesPerLayer,
  firstStageActivationBytes,
  modelStateBytes,
  paramCount,
  type ActivationRecompute,
  type ByteUnit,
  type OptimizerSetup,
  type StageActivations,
  type TrainingPrecision,
} from "../systems/index.js";
import {
  addGpuOptions,
  addModelOptions,
  addOutputOptions,
  checkDivides,
  parseSizeFlag,
  resolveGpu,
  resolveModel,
  resolveSeq,
  resolveUnit,
  type CalcModel,
  type GpuFlags,
  type ModelFlags,
} from "./calc-inputs.js";
import { fitsVerdict, formatPercent, formatSize, printCalcReport, unitConvention, type CalcReport } from "./calc-report.js";
import { parseChoice } from "./options.js";

/** The optimizer names the CLI takes, and the accounting each maps to (src/systems/memory.ts). */
export const CLI_OPTIMIZERS: Record<string, OptimizerSetup> = {
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
  json?: boolean;
}

/** The activation shape the flags describe, checked with the flag names in the messages. */
function activationInputs(flags: ParallelFlags, model: CalcModel) {
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

function addParallelOptions(command: Command): Command {
  return command
    .option("--seq <n>", "sequence length s (default: the model's context)")
    .option("--micro-batch <n>", "sequences per micro-batch b", "1")
    .option("--tp <n>", "tensor-parallel degree t", "1")
    .option("--pp <n>", "pipeline-parallel stages p", "1")
    .option("--sp", "sequence parallelism over the tensor-parallel group")
    .option("--interleave <v>", "model chunks per device (interleaved 1F1B)", "1")
    .option("--recompute <mode>", "activation recomputation: none, selective or full", "none");
}

function llamaCaveat(model: CalcModel): string[] {
  return model.resolved.family === "llama" ? ["activations: Korthikanti et al.'s count is for GPT blocks (4h GeLU MLP, LayerNorm); for SwiGLU/RMSNorm models it is an approximation"] : [];
}

interface MemoryFlags extends ParallelFlags, GpuFlags {
  optimizer: string;
  precision?: string;
  zero: string;
  dp: string;
}

/** `dojo calc memory`: does training fit on one device, and where does the memory go? */
export function memoryCommand(): Command {
  const command = new Command("memory").description("training memory per device: weights, gradients, optimizer states, activations; does it fit?");
  addModelOptions(command);
  addParallelOptions(command)
    .option("--optimizer <name>", `${Object.keys(CLI_OPTIMIZERS).join(", ")} (adamw = mixed-precision AdamW, 16 bytes/param)`, "adamw")
    .option("--precision <p>", "fp32 or mixed, for adam-8bit and sgd-momentum (default fp32)")
    .option("--zero <stage>", "ZeRO stage: 0 (plain data parallel), 1 (optimizer states), 2 (+ gradients), 3 (+ weights)", "0")
    .option("--dp <n>", "data-parallel degree N_d", "1");
  addGpuOptions(command);
  return addOutputOptions(command)
    .addHelpText(
      "after",
      "\nExamples:\n  dojo calc memory --model llama2-7b --optimizer adamw --zero 3 --dp 64 --seq 4096 --micro-batch 1 --recompute selective\n" +
        "  dojo calc memory --model llama2-70b --tp 8 --pp 4 --sp --dp 16 --zero 1 --recompute selective --gpu h100-sxm --unit GiB\n",
    )
    .action((flags: MemoryFlags) => printCalcReport(memoryReport(flags), flags.json));
}

/** The report of `dojo calc memory`. */
export function memoryReport(flags: MemoryFlags): CalcReport {
  const model = resolveModel(flags);
  const unit = resolveUnit(flags.unit);
  const shape = activationInputs(flags, model);
  const optimizerName = parseChoice("--optimizer", flags.optimizer, Object.keys(CLI_OPTIMIZERS));
  const precision = flags.precision === undefined ? undefined : parseChoice<TrainingPrecision>("--precision", flags.precision, ["fp32", "mixed"]);
  const stage = Number(parseChoice("--zero", flags.zero, ["0", "1", "2", "3"]));
  const dp = parseSizeFlag("--dp", flags.dp);
  const gpu = resolveGpu(flags);
  const { tp, pipeline: pp } = shape;

  const params = paramCount(model.arch).total;
  // Tensor and pipeline parallelism split the model; ZeRO then shards what each rank holds over dp.
  const paramsPerRank = params / (tp * pp);
  const states = modelStateBytes({ params: paramsPerRank, optimizer: CLI_OPTIMIZERS[optimizerName], precision });
  const sharded = (bytes: number, shardedFrom: number) => (stage >= shardedFrom ? bytes / dp : bytes);
  const weights = sharded(states.bytes.weights, 3);
  const gradients = sharded(states.bytes.gradients, 2);
  const optimizerStates = sharded(states.bytes.optimizerStates, 1);
  const activations: StageActivations = firstStageActivationBytes(shape);
  const total = weights + gradients + optimizerStates + activations.total;
  const free = gpu.memoryBytes - total;

  const perRank = tp * pp > 1 ? "Ψ/(t·p)" : "Ψ";
  const stateFormula = (perParam: number, shardedFrom: number) => `${perParam} B/param × ${perRank}${stage >= shardedFrom ? " / N_d" : ""}`;
  const row = (name: string, perParam: string, bytes: number, formula: string) => [name, perParam, formatSize(bytes, unit), formatPercent(bytes / total), formula];
  const b = states.bytesPerParam;
  const rows = [
    row("weights", String(b.weights), weights, stateFormula(b.weights, 3)),
    row("gradients", String(b.gradients), gradients, stateFormula(b.gradients, 2)),
    row("optimizer states", String(b.optimizerStates), optimizerStates, stateFormula(b.optimizerStates, 1)),
    row(`activations (first stage, recompute ${shape.recompute})`, "", activations.total, activations.formula),
    row("total per device", "", total, `sum of the above (model states ${b.total} B/param before sharding)`),
    [`device memory (${gpu.name})`, "", formatSize(gpu.memoryBytes, unit), "", gpu.preset ? `preset ${gpu.preset}` : "given"],
  ];
  const largest = [
    ["weights", weights],
    ["gradients", gradients],
    ["optimizer states", optimizerStates],
    ["activations", activations.total],
  ].sort((x, y) => (y[1] as number) - (x[1] as number))[0];
  const verdict = [
    fitsVerdict(free, gpu, unit),
    `Largest share: ${largest[0]} (${formatPercent((largest[1] as number) / total)}). Devices: dp ${dp} × tp ${tp} × pp ${pp} = ${dp * tp * pp}.`,
  ];
  const parallel = `${stage > 0 ? `ZeRO-${stage}` : "no ZeRO"} over dp ${dp} · tp ${tp} · pp ${pp}${shape.sequenceParallel ? " · sp" : ""}`;
  return {
    command: "memory",
    title: `Training memory per device: ${model.label} · ${optimizerName} · ${parallel} · seq ${shape.seqLen} × micro-batch ${shape.microBatch} · ${gpu.name}`,
    inputs: { model: model.preset, arch: model.resolved, optimizer: optimizerName, optimizerSetup: states.optimizer, precision: states.precision, zeroStage: stage, dp, ...shape, gpu, unit },
    results: {
      params,
      paramsPerRank,
      modelStates: states,
      perDevice: { weights, gradients, optimizerStates, activations: activations.total, total },
      activations,
      deviceMemory: gpu.memoryBytes,
      freeBytes: free,
      fits: free >= 0,
    },
    tables: [{ header: ["component", "B/param", `per device (${unit})`, "share", "formula"], rows, rightAligned: [1, 2, 3] }],
    verdict,
    conventions: [
      `model states: ${states.formula}; ${states.convention}`,
      `parallelism: weights, gradients and optimizer states divided by t·p (tensor × pipeline, assumed even) before ZeRO shards them over N_d = dp ` +
        "(stage ≥ 1 optimizer states, ≥ 2 gradients, 3 weights; Rajbhandari et al. 2020)" +
        (optimizerName === "adamw-fp32-grads" ? "; this accounting counts the fp32 master copy as weights, so stages 1–2 leave it unsharded" : ""),
      `activations: ${activations.convention}; not sharded by ZeRO`,
      ...llamaCaveat(model),
      "not counted: temporary buffers, communication buckets, fragmentation, CUDA context",
      unitConvention(unit),
    ],
  };
}

type ActivationFlags = ParallelFlags;

/** `dojo calc activations`: activation memory per layer and on the first pipeline stage. */
export function activationsCommand(): Command {
  const command = new Command("activations").description("activation memory per layer and on the first pipeline stage (Korthikanti et al. 2022)");
  addModelOptions(command);
  addParallelOptions(command);
  return addOutputOptions(command)
    .addHelpText("after", "\nExamples:\n  dojo calc activations --model gpt3-175b --tp 8 --pp 8 --sp --recompute selective\n  dojo calc activations --model llama2-7b --seq 4096 --micro-batch 2 --unit GiB\n")
    .action((flags: ActivationFlags) => printCalcReport(activationsReport(flags), flags.json));
}

/** The report of `dojo calc activations`. */
export function activationsReport(flags: ActivationFlags): CalcReport {
  const model = resolveModel(flags);
  const unit: ByteUnit = resolveUnit(flags.unit);
  const shape = activationInputs(flags, model);
  const stage = firstStageActivationBytes(shape);
  const stageRows = [
    ["per layer", formatSize(stage.perLayer.bytes, unit), stage.perLayer.formula],
    [`transformer layers (${formatLayers(stage.layersHeld)} layers' worth)`, formatSize(stage.transformerLayers, unit), shape.interleave > 1 ? "L·(1 + (p − 1)/(p·v)) × per layer" : "L × per layer (1F1B: p micro-batches of L/p layers)"],
    ["embedding dropout mask", formatSize(stage.embeddingDropout, unit), shape.sequenceParallel ? "sbhp/t" : "sbhp"],
    ["output layer (only when p = 1)", formatSize(stage.outputLayer, unit), shape.sequenceParallel ? "4sbh/t·(1 + V/h)" : "4sbh + 4sbV/t"],
    ["first stage total", formatSize(stage.total, unit), stage.formula],
  ];
  // The same layer under each recomputation choice, so the saving is visible at a glance.
  const perMode = RECOMPUTE.map((recompute) => ({ recompute, ...activationBytesPerLayer({ ...shape, recompute }) }));
  const modeRows = perMode.map((m) => [m.recompute, formatSize(m.bytes, unit), formatSize(m.bytes * stage.layersHeld, unit), m.formula]);
  return {
    command: "activations",
    title: `Activation memory: ${model.label} · s ${shape.seqLen} · b ${shape.microBatch} · t ${shape.tp} · p ${shape.pipeline}${shape.sequenceParallel ? " · sequence parallel" : ""} · recompute ${shape.recompute}`,
    inputs: { model: model.preset, arch: model.resolved, ...shape, unit },
    results: { firstStage: stage, perLayerByRecompute: perMode },
    tables: [
      { header: ["item", `bytes (${unit})`, "formula"], rows: stageRows, rightAligned: [1] },
      { header: ["recompute", `per layer (${unit})`, `× layers held (${unit})`, "formula"], rows: modeRows, rightAligned: [1, 2] },
    ],
    verdict: [`The first pipeline stage holds ${formatSize(stage.total, unit)} of activations per device.`],
    conventions: [stage.convention, ...llamaCaveat(model), unitConvention(unit)],
  };
}

function formatLayers(layers: number): string {
  return Number.isInteger(layers) ? String(layers) : layers.toFixed(2);
}
