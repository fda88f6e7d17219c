// Byte units. The systems calculators take and return plain bytes; these constants and
// formatBytes are the only place a size turns into "GB" or "GiB", and the unit is always named.
//   GB  = 10⁹ bytes  (SI; papers' "GB" in ZeRO Table 1, NVIDIA bandwidth "GB/s")
//   GiB = 2³⁰ bytes  (binary; what nvidia-smi and PyTorch memory reports use, as MiB/GiB)
// 1 GiB = 1.073741824 GB, so mixing them silently is a 7.4% error.

import { describeValue, InputError } from "../errors.js";

/** One gigabyte, SI: 10⁹ bytes. */
export const GB = 1e9;

/** One gibibyte, binary: 2³⁰ = 1,073,741,824 bytes. */
export const GIB = 2 ** 30;

/** A unit a byte count can be shown in. */
export type ByteUnit = "GB" | "GiB";

/**
 * A byte count expressed in `unit` (a plain number, no rounding).
 *
 * @example bytesIn(16e9, "GB") // 16
 * @example bytesIn(2 ** 31, "GiB") // 2
 */
export function bytesIn(bytes: number, unit: ByteUnit): number {
  checkBytes(bytes);
  return bytes / unitSize(unit);
}

/**
 * A byte count as text that always names its unit, e.g. "14.9 GiB" or "16.0 GB".
 *
 * @example formatBytes(2 ** 31, "GiB") // "2.0 GiB"
 * @example formatBytes(2 ** 31, "GB") // "2.1 GB"
 * @example formatBytes(120e9, "GB", 0) // "120 GB"
 */
export function formatBytes(bytes: number, unit: ByteUnit, digits = 1): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new InputError(`digits must be an integer from 0 to 20, got ${describeValue(digits)}`, "use e.g. 1 for one decimal");
  }
  return `${bytesIn(bytes, unit).toFixed(digits)} ${unit}`;
}

function unitSize(unit: ByteUnit): number {
  if (unit === "GB") return GB;
  if (unit === "GiB") return GIB;
  throw new InputError(`unit must be "GB" or "GiB", got ${describeValue(unit)}`, "GB = 10⁹ bytes, GiB = 2³⁰ bytes");
}

function checkBytes(bytes: number): void {
  if (typeof bytes !== "number" || !Number.isFinite(bytes) || bytes < 0) {
    throw new InputError(`bytes must be a finite number >= 0, got ${describeValue(bytes)}`, "pass a size in bytes");
  }
}
