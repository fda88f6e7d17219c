// Argument checks shared by the calculators: each throws one InputError naming the
// argument, its value and a hint, so no NaN or negative size reaches a formula.
import { describeValue, InputError } from "../errors.js";

/** `value` if it is an integer >= 1; otherwise throws InputError naming `name`. */
export function checkPositiveInteger(name: string, value: unknown, hint?: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InputError(`${name} must be a positive integer, got ${describeValue(value)}`, hint);
  }
  return value;
}

/** `value` if it is a finite number > 0; otherwise throws InputError naming `name`. */
export function checkPositiveNumber(name: string, value: unknown, hint?: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InputError(`${name} must be a finite number > 0, got ${describeValue(value)}`, hint);
  }
  return value;
}
