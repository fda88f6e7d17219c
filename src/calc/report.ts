/**
 * What every calculator answers: a title, one or more tables whose rows carry the formula
 * behind each number, a verdict, the conventions used and where they come from, and warnings;
 * with the inputs and results as plain data beside them. Byte figures always name their unit,
 * scaled to the value within one family (SI KB…PB or binary KiB…PiB, never mixed in one report;
 * src/systems/units.ts). The CLI prints it as text or JSON; the web app shows it as tables.
 */
import { describeUnitFamily, formatScaledBytes, type ByteUnit } from "../systems/index.js";

/** One table of a report; `rightAligned` lists the columns of numbers. */
export interface CalcTable {
  header: string[];
  rows: string[][];
  rightAligned: number[];
}

/** A computed answer, ready to print as text or as JSON. */
export interface CalcReport {
  /** The calculator, e.g. "memory". */
  command: string;
  /** One line saying what was computed for what. */
  title: string;
  /** The resolved inputs (preset shapes filled in). */
  inputs: Record<string, unknown>;
  /** The results as src/systems returned them. */
  results: Record<string, unknown>;
  tables: CalcTable[];
  /** Sentences that answer the question (e.g. "fits with 12.3 GB free"). */
  verdict: string[];
  /** Where each convention comes from; shown under the tables. */
  conventions: string[];
  /** What the user should know before trusting the figures (the CLI prints them on stderr). */
  warnings?: string[];
}

/** The verdict line of a memory budget: how much is free, or how much over, on the device. */
export function fitsVerdict(free: number, device: { memoryBytes: number; name: string }, unit: ByteUnit): string {
  return free >= 0
    ? `Fits with ${formatScaledBytes(free, unit)} free of ${formatScaledBytes(device.memoryBytes, unit)} on ${device.name}.`
    : `Does not fit: ${formatScaledBytes(-free, unit)} over the ${formatScaledBytes(device.memoryBytes, unit)} of ${device.name}.`;
}

/** What the unit family means, for the conventions list. */
export function unitConvention(unit: ByteUnit): string {
  return `${describeUnitFamily(unit)} (--unit ${unit === "GB" ? "GiB" : "GB"} for ${unit === "GB" ? "binary" : "SI"} units)`;
}

/** A count with thousands separators, e.g. 6,738,415,616; non-integers keep 3 significant digits. */
export function formatCount(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toLocaleString("en-US");
  return value.toPrecision(4);
}

/** A count in short form, e.g. "6.74B", "124M", "1.40T". */
export function formatShort(value: number): string {
  const scales: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [scale, suffix] of scales) if (Math.abs(value) >= scale) return `${(value / scale).toPrecision(3)}${suffix}`;
  return value.toPrecision(3);
}

/** FLOPs (or FLOP/s) in scientific notation, e.g. "3.142e+23". */
export function formatFlops(value: number): string {
  return value.toExponential(3);
}

/** A duration in the unit that reads best: ms below a second, days above two days. */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${(seconds * 1000).toFixed(2)} ms`;
  if (seconds < 2 * 86_400) return `${seconds.toFixed(1)} s (${(seconds / 3600).toFixed(2)} h)`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** A fraction as a percentage with one decimal, e.g. 0.4617 → "46.2%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
