/**
 * Bootstrap confidence intervals with scipy.stats.bootstrap's semantics (scipy 1.17,
 * scipy/stats/_resampling.py): two-sided, methods "percentile", "basic" and "bca"
 * (Efron & Tibshirani 1993, "An Introduction to the Bootstrap": ch. 13 percentile,
 * ch. 14.3 BCa with eq. 14.14-14.15 for z0 and the jackknife acceleration).
 *
 * Resampling draws n example indices uniformly with replacement per resample from our own
 * seeded generator (./prng.ts), so results are reproducible for a seed but are not
 * scipy's random numbers; the interval step (intervalFromDistribution) is scipy's exactly.
 *
 * One deliberate difference: when the bootstrap distribution is constant (n = 1, or all
 * values equal) scipy's BCa returns NaN with a DegenerateDataWarning; we return
 * low = high = estimate, the only interval the data support.
 */
import { InputError } from "../errors.js";
import { mean, std } from "./describe.js";
import { normalCdf, normalPpf } from "./distributions.js";
import { checkLevel } from "./level.js";
import { createRng, fillUniformInts, type Rng } from "./prng.js";

export type BootstrapMethod = "percentile" | "basic" | "bca";

export interface BootstrapOptions {
  /** Number of bootstrap resamples; default 9999 (scipy's default). */
  nResamples?: number;
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
  /** Interval method; default "bca" (scipy's default). */
  method?: BootstrapMethod;
  /** Seed of the resampling generator; default 0. */
  seed?: number;
  /** Called every few hundred resamples and once at the end, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface BootstrapResult {
  /** The statistic on the original sample. */
  estimate: number;
  low: number;
  high: number;
  level: number;
  method: BootstrapMethod;
  /** Standard deviation (ddof = 1) of the bootstrap distribution, as scipy's res.standard_error; NaN when nResamples = 1. */
  standardError: number;
  nResamples: number;
  /** Number of examples resampled. */
  n: number;
}

const METHODS: readonly BootstrapMethod[] = ["percentile", "basic", "bca"];
const PROGRESS_EVERY = 250;

/**
 * Bootstrap CI of the mean, with the BCa jackknife in O(n) (leave-one-out means from the total).
 * Constant data (or n = 1) give low = high = estimate (scipy's BCa would give NaN).
 *
 * @example
 * const r = bootstrapMean(correct, { seed: 1 }); // correct[i] = 1 if example i was answered right
 * `${r.estimate} [${r.low}, ${r.high}]`          // accuracy with its 95% BCa interval
 */
export function bootstrapMean(x: ArrayLike<number>, opts?: BootstrapOptions): BootstrapResult {
  const settings = readOptions(opts);
  const data = finiteCopy(x, "bootstrapMean: x");
  const n = data.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += data[i];

  const indices = new Uint32Array(n);
  const distribution = resample(settings, (rng) => {
    fillUniformInts(rng, n, indices);
    return sumAt(data, indices) / n;
  });

  // Leave-one-out means: θ_(i) = (Σx - x_i) / (n - 1).
  const jackknife =
    settings.method === "bca" && n > 1 ? Float64Array.from(data, (value) => (total - value) / (n - 1)) : undefined;
  return summarize(total / n, distribution, jackknife, settings, n);
}

/**
 * Bootstrap CI of transform(Σ w·num / Σ w·den) (e.g. corpus perplexity = exp(Σ nll / Σ tokens)); O(n) jackknife. transform defaults to identity.
 *
 * Examples are resampled as pairs (numerators[i], denominators[i]). Denominators should be
 * positive (token counts); a resample whose statistic is not finite (e.g. a denominator sum of
 * 0) throws an InputError rather than producing NaN.
 *
 * @example
 * // corpus perplexity of a language model with a 95% interval over documents
 * bootstrapRatio(nllPerDoc, tokensPerDoc, { transform: Math.exp, seed: 0 });
 */
export function bootstrapRatio(
  numerators: ArrayLike<number>,
  denominators: ArrayLike<number>,
  opts?: BootstrapOptions & { transform?: (r: number) => number },
): BootstrapResult {
  const settings = readOptions(opts);
  const transform = opts?.transform ?? ((r: number) => r);
  if (typeof transform !== "function") {
    throw new Error("bootstrapRatio: transform must be a function of the ratio");
  }
  const num = finiteCopy(numerators, "bootstrapRatio: numerators");
  const den = finiteCopy(denominators, "bootstrapRatio: denominators");
  const n = num.length;
  if (den.length !== n) {
    throw new Error(`bootstrapRatio: numerators has ${n} values but denominators has ${den.length}`);
  }
  let numTotal = 0;
  let denTotal = 0;
  for (let i = 0; i < n; i++) {
    numTotal += num[i];
    denTotal += den[i];
  }
  const estimate = checkedValue(transform(numTotal / denTotal), "bootstrapRatio: the statistic on the original sample");

  const indices = new Uint32Array(n);
  const distribution = resample(settings, (rng) => {
    fillUniformInts(rng, n, indices);
    return transform(sumAt(num, indices) / sumAt(den, indices));
  });

  let jackknife: Float64Array | undefined;
  if (settings.method === "bca" && n > 1) {
    jackknife = new Float64Array(n);
    for (let i = 0; i < n; i++) jackknife[i] = transform((numTotal - num[i]) / (denTotal - den[i]));
  }
  return summarize(estimate, distribution, jackknife, settings, n);
}

/**
 * Bootstrap CI of any statistic of a weighted sample: statistic(weights) where weights[i] = how many times example i was drawn (all ones = original sample). BCa jackknife sets one weight to 0 at a time: O(n) statistic calls.
 *
 * The same `weights` array is reused for every call (no allocation per resample), so the
 * statistic must read it and not keep or modify it. With the same seed, the resamples are the
 * ones bootstrapMean and bootstrapRatio draw.
 *
 * @example
 * // weighted mean: the same interval as bootstrapMean(x)
 * bootstrapStatistic(x.length, (w) => { let s = 0, c = 0; for (let i = 0; i < w.length; i++) { s += w[i] * x[i]; c += w[i]; } return s / c; });
 */
export function bootstrapStatistic(
  n: number,
  statistic: (weights: Float64Array) => number,
  opts?: BootstrapOptions,
): BootstrapResult {
  const settings = readOptions(opts);
  if (!(Number.isInteger(n) && n >= 1 && n <= 0xffffffff)) {
    throw new Error(`bootstrapStatistic: n must be a positive integer (the number of examples), got ${n}`);
  }
  if (typeof statistic !== "function") {
    throw new Error("bootstrapStatistic: statistic must be a function of the weights");
  }
  const weights = new Float64Array(n).fill(1);
  const estimate = checkedValue(statistic(weights), "bootstrapStatistic: the statistic on the original sample");

  const indices = new Uint32Array(n);
  const distribution = resample(settings, (rng) => {
    fillUniformInts(rng, n, indices);
    countDraws(indices, weights);
    return statistic(weights);
  });

  let jackknife: Float64Array | undefined;
  if (settings.method === "bca" && n > 1) {
    jackknife = new Float64Array(n);
    weights.fill(1);
    for (let i = 0; i < n; i++) {
      weights[i] = 0;
      jackknife[i] = statistic(weights);
      weights[i] = 1;
    }
  }
  return summarize(estimate, distribution, jackknife, settings, n);
}

/**
 * The interval step alone, exactly as scipy.stats.bootstrap computes it from a bootstrap
 * distribution (and, for BCa, the jackknife values θ_(i)), two-sided with α = (1 - level)/2:
 *
 * - percentile: [q(α), q(1-α)], q = the 'linear' sample quantile (Hyndman & Fan type 7)
 * - basic:      [2θ - q(1-α), 2θ - q(α)]
 * - bca:        [q(α1), q(α2)], α1,2 = Φ(z0 + (z0 + z)/(1 - a(z0 + z))) for z = Φ⁻¹(α), Φ⁻¹(1-α),
 *               z0 = Φ⁻¹((#{θ* < θ} + #{θ* <= θ}) / 2B),
 *               a = Σ U³ / (6 (Σ U²)^(3/2)), U_i = mean(θ_(·)) - θ_(i)   (Efron & Tibshirani eq. 14.15)
 *
 * A constant distribution gives low = high = estimate for BCa (scipy: NaN). If BCa is otherwise
 * undefined (the estimate lies outside the distribution, or the jackknife values are all
 * equal) this throws an InputError instead of returning NaN.
 *
 * @example
 * intervalFromDistribution({ estimate: 0.5, distribution: [0.3, 0.4, 0.5, 0.6, 0.7], method: "percentile", level: 0.5 })
 * // { low: 0.4, high: 0.6 }
 */
export function intervalFromDistribution(args: {
  estimate: number;
  distribution: ArrayLike<number>;
  method: BootstrapMethod;
  level: number;
  jackknife?: ArrayLike<number>;
}): { low: number; high: number } {
  const { estimate, method, level } = args;
  checkLevel(level);
  checkMethod(method);
  checkedValue(estimate, "intervalFromDistribution: estimate");
  const sorted = finiteCopy(args.distribution, "intervalFromDistribution: distribution").sort();
  const alpha = (1 - level) / 2;

  if (method === "percentile") {
    return { low: linearQuantile(sorted, alpha), high: linearQuantile(sorted, 1 - alpha) };
  }
  if (method === "basic") {
    // The "basic" (reverse percentile) interval: the percentile one reflected about the
    // estimate (Davison & Hinkley 1997, §5.2).
    return { low: 2 * estimate - linearQuantile(sorted, 1 - alpha), high: 2 * estimate - linearQuantile(sorted, alpha) };
  }

  if (sorted[0] === sorted[sorted.length - 1]) return { low: estimate, high: estimate };
  if (args.jackknife === undefined) {
    throw new Error("intervalFromDistribution: method 'bca' needs the jackknife values (θ with each example left out)");
  }
  const jackknife = finiteCopy(args.jackknife, "intervalFromDistribution: jackknife");

  // Bias correction z0: Φ⁻¹ of the share of resamples below the estimate, ties counted half.
  let below = 0;
  let belowOrEqual = 0;
  for (let b = 0; b < sorted.length; b++) {
    if (sorted[b] < estimate) below++;
    if (sorted[b] <= estimate) belowOrEqual++;
  }
  const z0 = normalPpf((below + belowOrEqual) / (2 * sorted.length));

  // Acceleration from the jackknife skewness.
  const jackknifeMean = mean(jackknife);
  let sumSquares = 0;
  let sumCubes = 0;
  for (let i = 0; i < jackknife.length; i++) {
    const u = jackknifeMean - jackknife[i];
    sumSquares += u * u;
    sumCubes += u * u * u;
  }
  const acceleration = sumCubes / (6 * Math.pow(sumSquares, 1.5));

  if (!Number.isFinite(z0) || !Number.isFinite(acceleration)) {
    throw new InputError(
      `BCa interval is undefined here (bias correction z0 = ${z0}, acceleration = ${acceleration})`,
      "the estimate lies outside the bootstrap distribution or the jackknife values are all equal; use method 'percentile'",
    );
  }
  // Adjusted quantile levels α1, α2 (Efron & Tibshirani eq. 14.10).
  const zAlpha = normalPpf(alpha);
  const lowerShift = z0 + zAlpha;
  const upperShift = z0 - zAlpha;
  const alpha1 = normalCdf(z0 + lowerShift / (1 - acceleration * lowerShift));
  const alpha2 = normalCdf(z0 + upperShift / (1 - acceleration * upperShift));
  return { low: linearQuantile(sorted, alpha1), high: linearQuantile(sorted, alpha2) };
}

// ---------------------------------------------------------------------------------------------

interface Settings {
  nResamples: number;
  level: number;
  method: BootstrapMethod;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

function readOptions(opts: BootstrapOptions | undefined): Settings {
  const nResamples = opts?.nResamples ?? 9999;
  const level = opts?.level ?? 0.95;
  const method = opts?.method ?? "bca";
  const seed = opts?.seed ?? 0;
  const onProgress = opts?.onProgress;
  if (!(Number.isInteger(nResamples) && nResamples >= 1)) {
    throw new InputError(`nResamples must be a positive integer, got ${nResamples}`, "9999 is scipy's default");
  }
  checkLevel(level);
  checkMethod(method);
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new InputError(`seed must be a finite number, got ${String(seed)}`);
  }
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new Error("onProgress must be a function (done, total) => void");
  }
  return { nResamples, level, method, seed, onProgress };
}

function checkMethod(method: string): void {
  if (!METHODS.includes(method as BootstrapMethod)) {
    throw new InputError(`method must be one of ${METHODS.join(", ")}, got ${String(method)}`);
  }
}

/** A Float64Array copy of `x`, rejecting an empty sample and non-finite values. */
function finiteCopy(x: ArrayLike<number>, name: string): Float64Array {
  if (x == null || typeof x.length !== "number") {
    throw new Error(`${name} must be an array of numbers, got ${String(x)}`);
  }
  if (x.length === 0) throw new InputError(`${name} is empty`, "pass at least one value");
  const copy = Float64Array.from(x);
  for (let i = 0; i < copy.length; i++) {
    if (!Number.isFinite(copy[i])) {
      throw new InputError(`${name}[${i}] is ${String(x[i])}, not a finite number`, "drop or fix missing values first");
    }
  }
  return copy;
}

function checkedValue(value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new InputError(`${what} is ${value}, not a finite number`, "check for zero denominators or empty groups");
  }
  return value;
}

// The resampling inner loops live in plain functions of their arguments: inside the closures
// above, V8 re-reads captured arrays on every iteration once a second closure exists (2x slower).

/** Σ values[indices[i]]: the sum over one resample. */
function sumAt(values: Float64Array, indices: Uint32Array): number {
  let sum = 0;
  for (let i = 0; i < indices.length; i++) sum += values[indices[i]];
  return sum;
}

/** weights[k] = how many times example k was drawn. */
function countDraws(indices: Uint32Array, weights: Float64Array): void {
  weights.fill(0);
  for (let i = 0; i < indices.length; i++) weights[indices[i]] += 1;
}

/** Runs `statistic` once per resample with one generator, reporting progress; checks each value. */
function resample(settings: Settings, statistic: (rng: Rng) => number): Float64Array {
  const rng = createRng(settings.seed);
  const total = settings.nResamples;
  const distribution = new Float64Array(total);
  for (let b = 0; b < total; b++) {
    const value = statistic(rng);
    if (!Number.isFinite(value)) checkedValue(value, `the statistic on bootstrap resample ${b}`);
    distribution[b] = value;
    if (settings.onProgress !== undefined && ((b + 1) % PROGRESS_EVERY === 0 || b + 1 === total)) {
      settings.onProgress(b + 1, total);
    }
  }
  return distribution;
}

function summarize(
  estimate: number,
  distribution: Float64Array,
  jackknife: Float64Array | undefined,
  settings: Settings,
  n: number,
): BootstrapResult {
  if (jackknife !== undefined) {
    for (let i = 0; i < jackknife.length; i++) checkedValue(jackknife[i], `the statistic with example ${i} left out`);
  }
  const { low, high } = intervalFromDistribution({
    estimate,
    distribution,
    method: settings.method,
    level: settings.level,
    jackknife,
  });
  return {
    estimate,
    low,
    high,
    level: settings.level,
    method: settings.method,
    standardError: std(distribution, 1),
    nResamples: settings.nResamples,
    n,
  };
}

/**
 * Sample quantile of sorted data by the 'linear' rule (Hyndman & Fan 1996 type 7, numpy's
 * default), written with scipy.stats.quantile's arithmetic so results match it bit for bit:
 * jg = p·n + (1 - p), j = floor(jg) - 1, g = jg - floor(jg), q = (1-g)·y[j] + g·y[j+1].
 */
export function linearQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const jg = p * n + (1 - p);
  const jPlus1 = Math.floor(jg);
  let g = jg - jPlus1;
  const j = jPlus1 - 1;
  if (j < 0) g = 0;
  const lower = sorted[Math.min(Math.max(j, 0), n - 1)];
  const upper = sorted[Math.min(Math.max(jPlus1, 0), n - 1)];
  return (1 - g) * lower + g * upper;
}
