/**
 * Temperature mixture sampling across domains, as in multilingual pretraining
 * (XLM, Conneau & Lample 2019, section 3.1, with α = 1/T; mT5, Xue et al. 2021):
 *
 *   p_i = n_i^(1/T) / Σ_j n_j^(1/T)     (n_i = size of domain i in tokens or characters)
 *
 * T = 1 samples in proportion to size; T > 1 flattens towards uniform (T = ∞ is uniform
 * over the non-empty domains), which up-samples small domains; T < 1 sharpens towards
 * the largest domain.
 */
import { InputError, describeValue } from "../errors.js";
import type { Rng } from "../stats/prng.js";

/**
 * The mixture probabilities p_i ∝ n_i^(1/T). Empty domains (n_i = 0) get p_i = 0.
 *
 * @example
 * mixtureProbabilities([900, 100], 1); // ≈ [0.9, 0.1]
 * mixtureProbabilities([900, 100], 2); // ≈ [0.75, 0.25]  (30 : 10)
 */
export function mixtureProbabilities(sizes: readonly number[], temperature: number): number[] {
  if (sizes.length === 0) throw new InputError("sizes is empty", "pass one size per domain");
  for (const [i, size] of sizes.entries()) {
    if (!(Number.isFinite(size) && size >= 0)) {
      throw new InputError(`sizes[${i}] must be a finite number >= 0, got ${describeValue(size)}`);
    }
  }
  if (sizes.every((size) => size === 0)) throw new InputError("sizes are all 0", "at least one domain needs data");
  if (!(temperature > 0)) {
    throw new InputError(
      `temperature must be > 0 (Infinity allowed), got ${describeValue(temperature)}`,
      "1 samples by size, larger values flatten towards uniform",
    );
  }
  // In log space, log p_i = log(n_i)/T - logsumexp_j(log(n_j)/T), so n^(1/T) cannot
  // overflow for small T. Subtracting the max then exponentiating gives the same ratios.
  const logits = sizes.map((size) => (size === 0 ? -Infinity : Math.log(size) / temperature));
  const maxLogit = Math.max(...logits);
  const weights = logits.map((logit) => Math.exp(logit - maxLogit));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => weight / total);
}

/**
 * A sampler that draws a domain index with the given probabilities (inverse CDF on one
 * uniform draw per call). It draws from `rng`, so saving `rng.state()` and resuming with
 * `rngFromState` continues the exact same sequence.
 *
 * @example
 * const nextDomain = createMixtureSampler(mixtureProbabilities(sizes, 2), createRng(0));
 * nextDomain(); // 0, 1, ... deterministic for seed 0
 */
export function createMixtureSampler(probabilities: readonly number[], rng: Rng): () => number {
  if (probabilities.length === 0) throw new InputError("probabilities is empty", "pass one probability per domain");
  for (const [i, p] of probabilities.entries()) {
    if (!(Number.isFinite(p) && p >= 0)) {
      throw new InputError(`probabilities[${i}] must be a finite number >= 0, got ${describeValue(p)}`);
    }
  }
  const total = probabilities.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > 1e-9) {
    throw new InputError(`probabilities must sum to 1, got ${total}`, "use mixtureProbabilities to make them");
  }
  const cumulative: number[] = [];
  let running = 0;
  for (const p of probabilities) {
    running += p;
    cumulative.push(running);
  }
  // If rounding leaves the running sum just below u, fall back to the last domain that can be drawn.
  const lastPossible = probabilities.findLastIndex((p) => p > 0);
  return () => {
    const u = rng.nextFloat() * running;
    for (let i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i] && probabilities[i] > 0) return i;
    }
    return lastPossible;
  };
}

/**
 * Total characters per domain, in the order of `domains` (the n_i of mixtureProbabilities).
 *
 * @example
 * domainSizes(corpus.documents, DOMAINS); // e.g. [250113, 249870, 250302, 250021]
 */
export function domainSizes<D extends string>(
  documents: readonly { domain: D; text: string }[],
  domains: readonly D[],
): number[] {
  const sizes = domains.map(() => 0);
  for (const document of documents) {
    const index = domains.indexOf(document.domain);
    if (index < 0) {
      throw new InputError(`document domain ${describeValue(document.domain)} is not in domains`, `domains are ${domains.join(", ")}`);
    }
    sizes[index] += document.text.length;
  }
  return sizes;
}
