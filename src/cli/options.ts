import { InputError } from "../errors.js";
import { parseChoice, parseCount, parseInteger, parseNumber, parsePositiveInt } from "../flag-values.js";
import type { BootstrapMethod } from "../stats/bootstrap.js";
import type { IntervalSettings } from "../evaluate/columns.js";

/** Parsers for command-line flag values; each throws one clear InputError naming the flag. */

export { parseChoice, parseCount, parseInteger, parseNumber, parsePositiveInt, parsePositiveNumber } from "../flag-values.js";

/** Resamples for a bootstrap or randomization test: enough for a stable interval, few enough to fit in memory. */
export const RESAMPLES = { min: 100, max: 10_000_000 } as const;

export function parseResamples(text: string): number {
  const value = parsePositiveInt("--resamples", text);
  if (value < RESAMPLES.min || value > RESAMPLES.max) {
    throw new InputError(`--resamples: ${value} is outside ${RESAMPLES.min}..${RESAMPLES.max}`, "10000 gives intervals stable to about 0.02 standard errors");
  }
  return value;
}

/** A seed: a whole number of 0 or more. */
export function parseSeed(text: string, flag = "--seed"): number {
  return parseCount(flag, text);
}

/** "1,10,100" → [1, 10, 100]. */
export function parseIntList(flag: string, text: string): number[] {
  return text.split(",").map((part) => parsePositiveInt(flag, part.trim()));
}

/** The bootstrap flags every statistical command shares. */
export interface IntervalFlags {
  level: string;
  ci: string;
  resamples: string;
  seed: string;
}

/** Defaults of the bootstrap flags: scipy's BCa at 95%, 10,000 resamples, seed 0. */
export const INTERVAL_DEFAULTS: IntervalFlags = { level: "0.95", ci: "bca", resamples: "10000", seed: "0" };

/** A confidence level strictly between 0 and 1. */
export function parseLevel(text: string): number {
  const level = parseNumber("--level", text);
  if (!(level > 0 && level < 1)) throw new InputError(`--level: expected a number between 0 and 1, got "${text}"`);
  return level;
}

/** The bootstrap flags as settings, each checked. */
export function parseIntervalFlags(flags: IntervalFlags): IntervalSettings {
  return {
    level: parseLevel(flags.level),
    method: parseChoice<BootstrapMethod>("--ci", flags.ci, ["bca", "percentile", "basic"]),
    nResamples: parseResamples(flags.resamples),
    seed: parseInteger("--seed", flags.seed),
  };
}
