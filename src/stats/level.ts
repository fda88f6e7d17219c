import { InputError } from "../errors.js";

/**
 * A confidence level as a percentage label for reports.
 *
 * @example levelLabel(0.95) === "95%"
 * @example levelLabel(0.975) === "97.5%"
 */
export function levelLabel(level: number): string {
  return `${+(level * 100).toFixed(2)}%`;
}

/** Throws an InputError unless `level` is a confidence level strictly between 0 and 1. */
export function checkLevel(level: number): void {
  if (!(typeof level === "number" && level > 0 && level < 1)) {
    throw new InputError(`level must be a confidence level in (0, 1), got ${level}`, "e.g. 0.95 for a 95% interval");
  }
}
