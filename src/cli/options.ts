import { InputError } from "../errors.js";
import type { BootstrapMethod } from "../stats/bootstrap.js";
import type { IntervalSettings } from "../evaluate/columns.js";

/** Parsers for command-line flag values; each throws one clear InputError naming the flag. */

/**
 * The whole number `text` names, or null: digits, optionally in scientific notation when the
 * value is whole ("1e4", "3.2e4" and "10000" all name 10000; "1.5", "1e-3" and "-2" name none).
 */
function wholeNumber(text: string): number | null {
  const value = Number(text);
  return /^\d+(\.\d+)?(e\+?\d+)?$/i.test(text.trim()) && Number.isSafeInteger(value) ? value : null;
}

/** A whole number of at least 1 (a cutoff k, a step count "--steps 1e4", a layer count), with a hint saying what it counts. */
export function parsePositiveInt(flag: string, text: string, hint?: string): number {
  const value = wholeNumber(text);
  if (value === null || value < 1) {
    const tooLarge = Number(text) > Number.MAX_SAFE_INTEGER ? " and at most 2^53 − 1" : "";
    throw new InputError(`${flag}: expected a whole number of at least 1${tooLarge}, got "${text}"`, hint);
  }
  return value;
}

/** Resamples for a bootstrap or randomization test: enough for a stable interval, few enough to fit in memory. */
export const RESAMPLES = { min: 100, max: 10_000_000 } as const;

export function parseResamples(text: string): number {
  const value = parsePositiveInt("--resamples", text);
  if (value < RESAMPLES.min || value > RESAMPLES.max) {
    throw new InputError(`--resamples: ${value} is outside ${RESAMPLES.min}..${RESAMPLES.max}`, "10000 gives intervals stable to about 0.02 standard errors");
  }
  return value;
}

/** A whole number of 0 or more (e.g. how many new cards). */
export function parseCount(flag: string, text: string): number {
  const value = wholeNumber(text);
  if (value === null) throw new InputError(`${flag}: expected a whole number of 0 or more, got "${text}"`);
  return value;
}

/** A seed: a whole number of 0 or more. */
export function parseSeed(text: string, flag = "--seed"): number {
  return parseCount(flag, text);
}

/** Any whole number, negative ones too (e.g. a seed: "--seed 1e3"). */
export function parseInteger(flag: string, text: string): number {
  const trimmed = text.trim();
  const magnitude = wholeNumber(trimmed.startsWith("-") ? trimmed.slice(1) : trimmed);
  if (magnitude === null) throw new InputError(`${flag}: expected a whole number, got "${text}"`);
  return trimmed.startsWith("-") ? -magnitude : magnitude;
}

/** Any finite number. */
export function parseNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new InputError(`${flag}: expected a number, got "${text}"`);
  return value;
}

/** "1,10,100" → [1, 10, 100]. */
export function parseIntList(flag: string, text: string): number[] {
  return text.split(",").map((part) => parsePositiveInt(flag, part.trim()));
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new InputError(`${flag}: expected one of ${choices.join(", ")}, got "${text}"`);
  }
  return text as T;
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

/** A finite number above 0, scientific notation welcome (7.5e9 parameters, 1e23 FLOPs). */
export function parsePositiveNumber(flag: string, text: string, hint?: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) {
    throw new InputError(`${flag}: expected a number above 0, got "${text}"`, hint);
  }
  return value;
}
