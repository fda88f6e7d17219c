// Byte units. The systems calculators take and return plain bytes; this file is the only place a
// size turns into text, and the unit is always named. Two families, never mixed in one report:
//   SI      B, KB = 10³, MB = 10⁶, GB = 10⁹, TB = 10¹², PB = 10¹⁵ bytes   (papers' "GB" in ZeRO
//           Table 1, NVIDIA bandwidth "GB/s")
//   binary  B, KiB = 2¹⁰, MiB = 2²⁰, GiB = 2³⁰, TiB = 2⁴⁰, PiB = 2⁵⁰ bytes (what nvidia-smi and
//           PyTorch memory reports use, and what DeepSpeed's estimators print as "GB")
// 1 GiB = 1.073741824 GB, so mixing them silently is a 7.4% error.
//
// Scaling rule: a size is shown in the largest unit of its family in which it is at least 1, so
// 524,288 bytes is "524.29 KB" or "512.00 KiB" and 10⁹ bytes is "1.00 GB", never "1000.00 MB";
// one unit up when rounding to the digits shown would reach the next unit (999,999 B is "1.00 MB").
// Below 1 KB (KiB) it is bytes; PB (PiB) is the largest unit.

import { describeValue, InputError } from "../errors.js";

/** One gigabyte, SI: 10⁹ bytes. */
export const GB = 1e9;

/** One gibibyte, binary: 2³⁰ = 1,073,741,824 bytes. */
export const GIB = 2 ** 30;

/** A unit family, named by its gigabyte: "GB" is SI (powers of 1000), "GiB" binary (powers of 1024). */
export type ByteUnit = "GB" | "GiB";

/** The units of each family from bytes up, each `base` times the one before. */
const FAMILIES: Record<ByteUnit, { base: number; units: readonly string[]; meaning: string }> = {
  GB: { base: 1000, units: ["B", "KB", "MB", "GB", "TB", "PB"], meaning: "SI units: KB = 10³, MB = 10⁶, GB = 10⁹, TB = 10¹², PB = 10¹⁵ bytes" },
  GiB: { base: 1024, units: ["B", "KiB", "MiB", "GiB", "TiB", "PiB"], meaning: "binary units: KiB = 2¹⁰, MiB = 2²⁰, GiB = 2³⁰, TiB = 2⁴⁰, PiB = 2⁵⁰ bytes" },
};

/** A byte count in the unit the scaling rule picked. */
export interface ScaledBytes {
  value: number;
  unit: string;
}

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
 * A byte count as text that always names its unit, e.g. "14.9 GiB" or "16.0 GB", in the family's
 * gigabyte whatever the size.
 *
 * @example formatBytes(2 ** 31, "GiB") // "2.0 GiB"
 * @example formatBytes(120e9, "GB", 0) // "120 GB"
 */
export function formatBytes(bytes: number, unit: ByteUnit, digits = 1): string {
  checkDigits(digits);
  return `${bytesIn(bytes, unit).toFixed(digits)} ${unit}`;
}

/**
 * A byte count in the largest unit of `family` in which it is at least 1, or the next one up when
 * `digits` decimals would round it to a whole next unit (see the file comment).
 *
 * @example scaleBytes(524_288, "GiB") // { value: 512, unit: "KiB" }
 * @example scaleBytes(3.4e12, "GB") // { value: 3.4, unit: "TB" }
 */
export function scaleBytes(bytes: number, family: ByteUnit, digits = 2): ScaledBytes {
  checkBytes(bytes);
  checkDigits(digits);
  const { base, units } = familyOf(family);
  let power = 0;
  while (power < units.length - 1 && bytes >= base ** (power + 1)) power++;
  // One more step when rounding would show a whole next unit: 999,999 B is "1.00 MB", not "1000.00 KB".
  if (power < units.length - 1 && Number((bytes / base ** power).toFixed(digits)) >= base) power++;
  return { value: bytes / base ** power, unit: units[power] };
}

/**
 * A byte count as text in the unit the scaling rule picks: `digits` decimals, or none for a whole
 * number of bytes.
 *
 * @example formatScaledBytes(1.2e6, "GB") // "1.20 MB"
 * @example formatScaledBytes(2 ** 31, "GiB") // "2.00 GiB"
 * @example formatScaledBytes(512, "GB") // "512 B"
 */
export function formatScaledBytes(bytes: number, family: ByteUnit, digits = 2): string {
  const { value, unit } = scaleBytes(bytes, family, digits);
  return `${unit === "B" && Number.isInteger(value) ? value : value.toFixed(digits)} ${unit}`;
}

/** What a unit family means, in one line, for a report's conventions. */
export function describeUnitFamily(family: ByteUnit): string {
  return `sizes in ${familyOf(family).meaning}, each in the largest unit that keeps it at least 1`;
}

function familyOf(family: ByteUnit) {
  if (family !== "GB" && family !== "GiB") {
    throw new Error(`unit must be "GB" or "GiB", got ${describeValue(family)}`);
  }
  return FAMILIES[family];
}

function unitSize(unit: ByteUnit): number {
  return familyOf(unit).base ** 3;
}

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new Error(`digits must be an integer from 0 to 20, got ${describeValue(digits)}`);
  }
}

function checkBytes(bytes: number): void {
  if (typeof bytes !== "number" || !Number.isFinite(bytes) || bytes < 0) {
    throw new InputError(`bytes must be a finite number >= 0, got ${describeValue(bytes)}`, "pass a size in bytes");
  }
}
