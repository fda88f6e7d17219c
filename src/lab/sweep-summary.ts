/**
 * A sweep's numbers per variant and learning rate, from its runs' results: the final loss
 * (mean over seeds, each run capped at ℓ0 as LR sensitivity counts it), how many runs
 * diverged, the largest attention logit and the largest |log Z| of the output logits, and
 * each variant's LR sensitivity (lr-sensitivity.ts), from the seed-mean curve and per seed.
 *
 * ℓ0, the loss at initialization: each run's final loss is capped at its own initial loss;
 * a curve's ℓ0 is the mean initial loss of its runs (a variant's, or one seed's). Runs differ
 * in it only through their seed's data and weights, by a few thousandths of a nat. A sweep that was interrupted has cells without runs: their
 * numbers are null, and a variant missing a learning rate gets no sensitivity.
 */
import { mean } from "../stats/describe.js";
import { cappedLoss, lrSensitivity } from "./lr-sensitivity.js";
import type { SweepPlan, SweepVariant } from "./sweep-plan.js";
import type { SweepRunResult } from "./sweep-run.js";

export interface SweepCell {
  variant: SweepVariant;
  lr: number;
  /** Runs finished (one per seed when the sweep completed). */
  runs: number;
  diverged: number;
  /** Mean over seeds of runFinalLoss: min(final validation loss, ℓ0), ℓ0 for a diverged run; null without runs. */
  finalLoss: number | null;
  /** Mean over the seeds that did not diverge of the final training loss (fixed windows); null when all diverged. */
  finalTrainLoss: number | null;
  /** Mean over seeds of each run's largest max-attention-logit (over layers and logged steps). */
  maxAttentionLogit: number | null;
  /** Mean over seeds of each run's largest |mean log Z| of the output logits over logged steps. */
  maxAbsLogZ: number | null;
}

export interface VariantSensitivity {
  variant: SweepVariant;
  /** ℓ0: the mean initial loss of the variant's runs. */
  initialLoss: number;
  /** LR sensitivity of the seed-mean curve (the cells' finalLoss); null while a learning rate has no run. */
  value: number | null;
  /** LR sensitivity of each seed's own curve, for the seeds that ran every learning rate. */
  perSeed: { seed: number; value: number }[];
}

export interface SweepSummary {
  lrs: number[];
  variants: SweepVariant[];
  seeds: number[];
  cells: SweepCell[];
  sensitivity: VariantSensitivity[];
}

/**
 * Summarizes the results of a plan's runs (any subset: an interrupted sweep has fewer).
 *
 * @example summarizeSweep(plan, results).sensitivity.find((s) => s.variant === "qk-norm")?.value
 */
export function summarizeSweep(plan: Pick<SweepPlan, "lrs" | "variants" | "seeds">, results: readonly SweepRunResult[]): SweepSummary {
  const cells: SweepCell[] = [];
  const sensitivity: VariantSensitivity[] = [];
  for (const variant of plan.variants) {
    const runs = results.filter((r) => r.variant === variant);
    const initialLoss = initialLossOf(runs);
    for (const lr of plan.lrs) {
      const here = runs.filter((r) => r.lr === lr);
      const stable = here.filter((r) => !r.diverged);
      cells.push({
        variant,
        lr,
        runs: here.length,
        diverged: here.length - stable.length,
        finalLoss: here.length === 0 || initialLoss === null ? null : mean(here.map((r) => runFinalLoss(r, initialLoss))),
        finalTrainLoss: meanOrNull(stable.flatMap((r) => (r.finalTrainLoss === null ? [] : [r.finalTrainLoss]))),
        maxAttentionLogit: meanOrNull(here.flatMap((r) => largest(r.attention.map(([, v]) => v)))),
        maxAbsLogZ: meanOrNull(here.flatMap((r) => largest(r.logZ.map(([, v]) => Math.abs(v))))),
      });
    }
    if (initialLoss === null) continue;
    const curve = cells.filter((c) => c.variant === variant).map((c) => c.finalLoss);
    const perSeed = plan.seeds.flatMap((seed) => {
      const seedRuns = runs.filter((r) => r.seed === seed);
      const seedLoss = initialLossOf(seedRuns);
      const found = plan.lrs.map((lr) => seedRuns.find((r) => r.lr === lr));
      if (seedLoss === null || found.some((r) => r === undefined)) return [];
      return [{ seed, value: lrSensitivity(found.map((r) => runFinalLoss(r!, seedLoss)), seedLoss) }];
    });
    sensitivity.push({
      variant,
      initialLoss,
      value: curve.some((l) => l === null) ? null : lrSensitivity(curve as number[], initialLoss),
      perSeed,
    });
  }
  return { lrs: [...plan.lrs], variants: [...plan.variants], seeds: [...plan.seeds], cells, sensitivity };
}

/**
 * A run's final loss as the sweep counts it: min(final validation loss, ℓ0) with the run's own
 * initial loss as ℓ0, and ℓ0 for a run that diverged; `fallback` is ℓ0 for a run without one.
 *
 * @example runFinalLoss({ ...run, diverged: true, finalValLoss: null, initialLoss: 4.09 }, 4.1) // 4.09
 * @example runFinalLoss({ ...run, finalValLoss: 4.3, initialLoss: 4.09 }, 4.1) // 4.09 (ended above ℓ0)
 */
export function runFinalLoss(run: SweepRunResult, fallback: number): number {
  return cappedLoss(run.finalValLoss ?? Number.NaN, run.initialLoss ?? fallback);
}

/** The cell of `variant` at `lr`. */
export function cellOf(summary: SweepSummary, variant: SweepVariant, lr: number): SweepCell | undefined {
  return summary.cells.find((c) => c.variant === variant && c.lr === lr);
}

/** The mean finite initial loss of `runs`, or null when none has one. */
function initialLossOf(runs: readonly SweepRunResult[]): number | null {
  return meanOrNull(runs.flatMap((r) => (r.initialLoss !== null && Number.isFinite(r.initialLoss) ? [r.initialLoss] : [])));
}

function meanOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : mean(values);
}

/** [the largest value] of a non-empty list, [] of an empty one. */
function largest(values: readonly number[]): number[] {
  return values.length === 0 ? [] : [Math.max(...values)];
}
