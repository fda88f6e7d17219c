// Systems calculators (issue 6): memory, FLOPs, parallelism, scaling laws and inference,
// each result with the formula it used and the convention where sources disagree.
export { GB, GIB, bytesIn, formatBytes, type ByteUnit } from "./units.js";
export { resolveArch, type Arch, type ArchFamily, type ResolvedArch } from "./architecture.js";
export { paramCount, type LayerParams, type ParamComponent, type ParamCount } from "./params.js";
export {
  flopsPerToken,
  flopsPerTokenFromShape,
  hardwareFlopsPerIteration,
  megatronFlopsPerIteration,
  mfu,
  hfu,
  modelFlopsPerIteration,
  trainingFlops,
  type FlopsPerToken,
  type FlopsShape,
  type IterationFlops,
  type IterationShape,
  type Recompute,
  type TrainingFlops,
  type Utilization,
  type UtilizationInput,
} from "./flops.js";
export { modelStateBytes, zeroMemoryPerDevice, type ModelStateBytes, type OptimizerSetup, type StateSplit, type TrainingPrecision, type ZeroMemory, type ZeroStage } from "./memory.js";
export {
  activationBytesPerLayer,
  firstStageActivationBytes,
  type ActivationRecompute,
  type ActivationShape,
  type LayerActivations,
  type StageActivations,
  type StageActivationShape,
} from "./activations.js";
export { commBytes, pipelineBubble, type CommRequest, type CommVolume, type PipelineBubble } from "./parallel.js";
export { BESIROGLU_2024, chinchillaLoss, chinchillaOptimal, HOFFMANN_2022, tokensPerParamRule, type ChinchillaFit, type ChinchillaLoss, type ChinchillaOptimum, type RuleOfThumbOptimum } from "./scaling.js";
export { decodeStepTime, inferenceMemory, kvCacheBytes, roofline, trainingTime, type DecodeStep, type InferenceMemory, type KvCache, type Roofline, type TrainingTime } from "./inference.js";
export { ACCELERATOR_PRESETS, MODEL_PRESETS, type AcceleratorPreset, type AcceleratorPresetId, type ModelPreset, type ModelPresetId } from "./presets.js";
