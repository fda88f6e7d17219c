export { analyzeAblation } from "./analyze.js";
export { canonicalJson, differingKeys, groupArms, pickBaseline } from "./arms.js";
export { COMPUTE_TOLERANCE, SIMILAR_SLICE_GAIN, SIMILAR_SLICE_SIZE, SLICE_SHARE_THRESHOLD } from "./checks.js";
export { verdict } from "./conclusion.js";
export { betterDirection } from "./deltas.js";
export { ABLATION_FIELDS, ablationRun, METRIC_LIMIT } from "./schema.js";
export * from "./types.js";
