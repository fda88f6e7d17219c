/**
 * What every `dojo calc` subcommand prints: a title, one or more tables whose rows carry the
 * formula behind each number, a verdict, and the conventions used; or, with --json, only the
 * inputs and the results as plain JSON. Byte figures always name their unit, scaled to the value
 * within one family (SI KB…PB or binary KiB…PiB, never mixed in one report; src/systems/units.ts).
 * Warnings (e.g. a sequence longer than the model's context) go to stderr, and into the JSON.
 */
import { describeUnitFamily, formatScaledBytes, type ByteUnit } from "../systems/index.js";
import { renderTable } from "../report/table.js";
import { toJson } from "./format.js";

/** One table of a report; `rightAligned` lists the columns of numbers. */
export interface CalcTable {
  header: string[];
  rows: string[][];
  rightAligned: number[];
}

/** A computed answer, ready to print as text or as JSON. */
export interface CalcReport {
  /** The subcommand, e.g. "memory". */
  command: string;
  /** One line saying what was computed for what. */
  title: string;
  /** The resolved inputs (preset shapes filled in), for --json. */
  inputs: Record<string, unknown>;
  /** The results as src/systems returned them, for --json. */
  results: Record<string, unknown>;
  tables: CalcTable[];
  /** Sentences that answer the question (e.g. "fits with 12.3 GB free"). */
  verdict: string[];
  /** Where each convention comes from; printed under the tables. */
  conventions: string[];
  /** What the user should know before trusting the figures; printed on stderr. */
  warnings?: string[];
}

/** The report as text: title, tables, verdict, conventions. */
export function formatCalcReport(report: CalcReport): string {
  const parts = [`${report.title}\n`];
  for (const table of report.tables) parts.push(renderTable(table.header, table.rows, table.rightAligned));
  if (report.verdict.length > 0) parts.push(report.verdict.join("\n") + "\n");
  if (report.conventions.length > 0) parts.push(`Conventions:\n${report.conventions.map((c) => `  - ${c}`).join("\n")}\n`);
  return parts.join("\n");
}

/** Prints the report as a table, or `{command, inputs, results, warnings}` as JSON; warnings also on stderr. */
export function printCalcReport(report: CalcReport, json: boolean | undefined): void {
  const { command, inputs, results } = report;
  const warnings = report.warnings ?? [];
  for (const warning of warnings) process.stderr.write(`dojo: warning: ${warning}\n`);
  process.stdout.write(json ? toJson({ command, inputs, results, warnings }) : formatCalcReport(report));
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
