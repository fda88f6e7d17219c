/**
 * How `dojo calc` prints a calculator's report (src/calc): the title, the tables, the verdict
 * and the conventions as text; or, with --json, only the inputs, results and warnings.
 * Warnings go to stderr either way.
 */
import type { CalcReport } from "../calc/report.js";
import { renderTable } from "../report/table.js";
import { toJson } from "./format.js";

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
