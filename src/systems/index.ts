// Systems calculators: memory, FLOPs, parallelism, scaling laws and inference, each result
// with the formula it used and the convention where sources disagree.
export { GB, GIB, bytesIn, describeUnitFamily, formatBytes, formatScaledBytes, scaleBytes, type ByteUnit, type ScaledBytes } from "./units.js";
export { DTYPE_BYTES, DTYPES, type Dtype } from "./dtypes.js";
export { contextWarning, resolveArch, type Arch, type ArchFamily, type ResolvedArch } from "./architecture.js";
export { paramCount, type LayerParams, type ParamComponent, type ParamCount } from "./params.js";
export {
  flopsPerToken,
  flopsPerTokenFromShape,
  forwardFlopsPerToken,
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
export { modelStateBytes, ZERO_SHARDED_FROM, zeroMemoryPerDevice, zeroShard, type ModelStateBytes, type OptimizerSetup, type StateSplit, type TrainingPrecision, type ZeroMemory, type ZeroStage } from "./memory.js";
export {
  ACTIVATIONS_DOMINATE,
  activationAdvice,
  trainingMemoryPerDevice,
  type DeviceMemory,
  type TrainingMemory,
  type TrainingMemoryInput,
} from "./training-memory.js";
export { trainingCompute, type TrainingCompute, type TrainingComputeInput } from "./training-compute.js";
export {
  largestLayerParams,
  zero2OffloadEstimates,
  zero3OffloadEstimates,
  type OffloadEstimate,
  type OffloadEstimateInput,
  type OffloadRow,
} from "./deepspeed.js";
export {
  activationBytesByRecompute,
  activationBytesPerLayer,
  firstStageActivationBytes,
  type ActivationRecompute,
  type ActivationShape,
  type LayerActivations,
  type RecomputeOption,
  type StageActivations,
  type StageActivationShape,
} from "./activations.js";
export {
  commBytes,
  parallelTraffic,
  pipelineBubble,
  ringAllReduceTime,
  type CommRequest,
  type CommVolume,
  type ParallelTraffic,
  type ParallelTrafficInput,
  type PipelineBubble,
  type RingAllReduceTime,
  type StepTraffic,
} from "./parallel.js";
export { BESIROGLU_2024, chinchillaComparison, chinchillaLoss, chinchillaOptimal, HOFFMANN_2022, tokensPerParamRule, type ChinchillaComparison, type ChinchillaFit, type ChinchillaLoss, type ChinchillaOptimum, type RuleOfThumbOptimum } from "./scaling.js";
export { decodeStepTime, inferenceMemory, kvCacheBytes, roofline, trainingTime, type DecodeStep, type InferenceMemory, type KvCache, type Roofline, type TrainingTime } from "./inference.js";
export {
  decodeStep,
  servingMemory,
  type DecodeStepAnalysis,
  type DecodeStepInput,
  type ServingMemory,
  type ServingMemoryInput,
} from "./serving.js";
export { ACCELERATOR_PRESETS, MODEL_PRESETS, type AcceleratorPreset, type AcceleratorPresetId, type ModelPreset, type ModelPresetId } from "./presets.js";
