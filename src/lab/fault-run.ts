/**
 * The failure lab's standard run: the tiny preset over 300 steps with a fault injected at step
 * 100, evaluated every 50 steps. The runbook's claims (which detector fires, within how many
 * steps) are measured on it, `dojo lab break` starts from it, and the tests run it.
 */
import { resolveConfig, type ConfigOverrides, type PresetName, type TrainConfig } from "../train/config.js";
import { withFault } from "./faults.js";
import type { AlertEvent } from "../train/events.js";

export const FAULT_LAB = { preset: "tiny" as PresetName, steps: 300, at: 100 } as const;

/**
 * The standard run's changes to the preset: its length, an evaluation every 50 steps (the
 * train/validation gap detector's cadence), no arithmetic or samples (they cost time and
 * detect nothing), and a checkpoint every 50 steps kept, to recover from by hand.
 */
export const FAULT_LAB_OVERRIDES: ConfigOverrides = {
  steps: FAULT_LAB.steps,
  eval: { every: 50, arithmeticPrompts: 0, samples: 0 },
  checkpoint: { every: 50, keepLast: 40 },
};

/** The default injection step of a run of `steps` steps: a third of the way, step 100 of the standard 300. */
export function defaultFaultStep(steps: number): number {
  return Math.round(steps / 3);
}

/**
 * The standard run's config for `seed`, with `fault` injected at `at` (healthy when fault is null).
 * `overrides` come before the fault, as a user's flags do.
 *
 * @example faultLabConfig({ seed: 1, fault: "lr-x10" }).fault // { name: "lr-x10", at: 100, window: 50 }
 */
export function faultLabConfig(options: { seed: number; fault: string | null; at?: number; overrides?: ConfigOverrides }): TrainConfig {
  const healthy = resolveConfig(FAULT_LAB.preset, [
    { source: "the failure lab", overrides: { ...FAULT_LAB_OVERRIDES, seed: options.seed } },
    { source: "overrides", overrides: options.overrides ?? {} },
  ]);
  return options.fault === null ? healthy : withFault(healthy, options.fault, options.at ?? FAULT_LAB.at);
}

/**
 * The first alert of each detector after the injection at step `at`, in firing order.
 *
 * @example firstAlertsAfter(alerts, 100).map((a) => `${a.alert}@${a.step}`) // ["update-ratio@101", "attention-logit-growth@110"]
 */
export function firstAlertsAfter(alerts: readonly AlertEvent[], at: number): AlertEvent[] {
  const first = new Map<string, AlertEvent>();
  for (const alert of alerts) if (alert.step > at && !first.has(alert.alert)) first.set(alert.alert, alert);
  return [...first.values()];
}
