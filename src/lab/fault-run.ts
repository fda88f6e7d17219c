/**
 * The failure lab's standard run: the tiny preset over 300 steps with a fault injected at step
 * 100, evaluated every 50 steps. The runbook's claims (which detector fires, within how many
 * steps) are measured on it, `dojo lab break` starts from it, and the tests run it.
 */
import { resolveConfig, type ConfigOverrides, type PresetName, type TrainConfig } from "../train/config.js";
import { withFault } from "./faults.js";

export const FAULT_LAB = { preset: "tiny" as PresetName, steps: 300, at: 100 } as const;

/**
 * The standard run's config for `seed`, with `fault` injected at `at` (healthy when fault is null).
 * `overrides` come before the fault, as a user's flags do.
 *
 * @example faultLabConfig({ seed: 1, fault: "lr-x10" }).fault // { name: "lr-x10", at: 100, window: 50 }
 */
export function faultLabConfig(options: { seed: number; fault: string | null; at?: number; overrides?: ConfigOverrides }): TrainConfig {
  const healthy = resolveConfig(FAULT_LAB.preset, [
    { source: "the failure lab", overrides: { seed: options.seed, steps: FAULT_LAB.steps, eval: { every: 50, arithmeticPrompts: 0, samples: 0 } } },
    { source: "overrides", overrides: options.overrides ?? {} },
  ]);
  return options.fault === null ? healthy : withFault(healthy, options.fault, options.at ?? FAULT_LAB.at);
}
