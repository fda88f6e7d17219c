/**
 * Statistics for deciding whether a result is believable: a seeded PRNG, descriptive
 * statistics, bootstrap intervals as scipy.stats.bootstrap defines them, paired tests,
 * Welch's t, seed summaries, slice tables and Holm–Bonferroni correction.
 */
export { createRng, rngFromState, type Rng } from "./prng.js";
export { mean, standardError, std, variance } from "./describe.js";
export { normalCdf, normalPpf, studentTCdf, studentTPpf } from "./distributions.js";
export {
  bootstrapMean,
  bootstrapRatio,
  bootstrapStatistic,
  intervalFromDistribution,
  type BootstrapMethod,
  type BootstrapOptions,
  type BootstrapResult,
} from "./bootstrap.js";
export {
  approximateRandomizationTest,
  pairedBootstrapTest,
  type PairedBootstrapResult,
  type PairedOptions,
  type RandomizationResult,
} from "./paired.js";
export { welchTTest, type WelchResult } from "./welch.js";
export { holmBonferroni } from "./holm.js";
export { levelLabel } from "./level.js";
export { summarizeSeeds, type SeedSummary } from "./seeds.js";
export { compareSlices, sliceTable, type SliceComparisonRow, type SliceRow } from "./slices.js";
