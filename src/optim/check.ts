// Argument checks shared by the optimizers and schedules: each throws InputError naming
// the argument and its value, so no NaN ever reaches the parameters silently.

import { describeValue, InputError } from "../errors.js";

/** Throws unless `value` is a finite number >= min (and < below, when given). */
export function checkNumber(name: string, value: unknown, min: number, below = Infinity, hint?: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value >= below) {
    const range = below === Infinity ? `>= ${min}` : `in [${min}, ${below})`;
    throw new InputError(`${name} must be a finite number ${range}, got ${describeValue(value)}`, hint);
  }
  return value;
}

/** Throws unless `value` is an integer >= min. */
export function checkInteger(name: string, value: unknown, min: number, hint?: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new InputError(`${name} must be an integer >= ${min}, got ${describeValue(value)}`, hint);
  }
  return value;
}
