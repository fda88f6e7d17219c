/**
 * Learning-rate sensitivity, the summary statistic of a learning-rate-vs-loss curve that
 * Wortsman et al. 2023 ("Small-scale proxies for large-scale Transformer training
 * instabilities", §2.2) introduce: the expected deviation from the best final loss when the
 * learning rate varies over orders of magnitude,
 *
 *   S = E_η [ min(ℓ(η), ℓ0) − ℓ* ],   ℓ* = min_η ℓ(η)
 *
 * where ℓ(η) is the final loss of a run with peak learning rate η, ℓ0 the loss at
 * initialization, and η ranges over a sweep. The cap at ℓ0 makes a run that diverged count as
 * "learned nothing" instead of as infinity (one blown-up run would otherwise decide S). The
 * paper sweeps a log-spaced grid, so E is the plain mean over the grid's learning rates.
 * Lower is better: 0 means every learning rate reached the best loss.
 */

/**
 * S for one curve: `finalLosses[i]` is the final loss at the i-th swept learning rate, a
 * non-finite value (a run that diverged) counts as `initialLoss`. ℓ* is the smallest capped
 * loss, equal to the paper's min ℓ(η) whenever some run ended below ℓ0 (when none did, every
 * term is ℓ0 − ℓ0 and S is 0, where the uncapped minimum would make it negative).
 *
 * @example lrSensitivity([3.0, 2.0, 2.5, NaN, 5.0], 4.0) // mean(1, 0, 0.5, 2, 2) = 1.1
 */
export function lrSensitivity(finalLosses: readonly number[], initialLoss: number): number {
  if (finalLosses.length === 0) throw new Error("lrSensitivity: needs the final loss of at least one learning rate");
  if (!Number.isFinite(initialLoss)) throw new Error(`lrSensitivity: the initial loss must be finite, got ${initialLoss}`);
  const capped = finalLosses.map((loss) => cappedLoss(loss, initialLoss));
  const best = Math.min(...capped);
  return capped.reduce((sum, loss) => sum + (loss - best), 0) / capped.length;
}

/**
 * A run's final loss as the sensitivity counts it: min(ℓ, ℓ0), and ℓ0 for a run that diverged.
 *
 * @example cappedLoss(NaN, 4.1) // 4.1
 * @example cappedLoss(4.3, 4.1) // 4.1
 */
export function cappedLoss(finalLoss: number, initialLoss: number): number {
  return Number.isFinite(finalLoss) ? Math.min(finalLoss, initialLoss) : initialLoss;
}
