/**
 * A sweep as a `dojo ablate` runs file (JSON Lines, src/ablation/schema.ts): one line per
 * variant and seed, the arm named after the variant, a config in which only `variant`
 * differs between arms (so `--factor variant` finds no confound), and per learning rate
 * the final loss as the sweep counts it (runFinalLoss: capped at ℓ0, ℓ0 for a diverged run):
 *
 *   {"arm":"qk-norm","config":{"variant":"qk-norm","preset":"tiny","steps":400,...},"seed":1,
 *    "metrics":{"final_loss@lr=0.001":1.93,...,"lr_sensitivity":0.21},"compute":{"trainTokens":204800}}
 *
 * `lr_sensitivity` is that seed's LR sensitivity (lower is better: the ablate command is told
 * so with --lower-is-better, as the name has no "loss" in it). A variant and seed that lack
 * a learning rate (an interrupted sweep) get no line: its metrics would not align.
 */
import type { SweepPlan } from "./sweep-plan.js";
import { sweepRunConfig } from "./sweep-plan.js";
import type { SweepRunResult } from "./sweep-run.js";
import { runFinalLoss, summarizeSweep } from "./sweep-summary.js";

/** The metric name of the final loss at learning rate `lr`. */
export function finalLossMetric(lr: number): string {
  return `final_loss@lr=${lr}`;
}

export const SENSITIVITY_METRIC = "lr_sensitivity";

/**
 * The runs file's records, one per variant and seed with every learning rate.
 *
 * @example sweepAblationRecords(plan, results)[0].arm // "baseline"
 */
export function sweepAblationRecords(plan: SweepPlan, results: readonly SweepRunResult[]): Record<string, unknown>[] {
  const summary = summarizeSweep(plan, results);
  const sample = sweepRunConfig(plan, { variant: plan.variants[0], lr: plan.lrs[0], seed: plan.seeds[0] });
  const trainTokens = plan.steps * sample.batchSize * sample.gradAccumulation * sample.model.blockSize;
  const shared = { preset: plan.preset, steps: plan.steps, ...plan.settings, backend: plan.backend };
  return plan.variants.flatMap((variant) => {
    const sensitivity = summary.sensitivity.find((s) => s.variant === variant);
    return plan.seeds.flatMap((seed) => {
      const runs = plan.lrs.map((lr) => results.find((r) => r.variant === variant && r.seed === seed && r.lr === lr));
      const perSeed = sensitivity?.perSeed.find((p) => p.seed === seed);
      if (runs.some((r) => r === undefined) || perSeed === undefined) return [];
      const metrics: Record<string, number> = {};
      runs.forEach((run, i) => (metrics[finalLossMetric(plan.lrs[i])] = runFinalLoss(run!, sensitivity!.initialLoss)));
      metrics[SENSITIVITY_METRIC] = perSeed.value;
      return [{ arm: variant, config: { variant, ...shared }, seed, metrics, compute: { trainTokens } }];
    });
  });
}

/** The runs file's text: one JSON object per line. */
export function sweepAblationJsonl(plan: SweepPlan, results: readonly SweepRunResult[]): string {
  return sweepAblationRecords(plan, results).map((record) => JSON.stringify(record) + "\n").join("");
}
