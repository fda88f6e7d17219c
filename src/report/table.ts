/** Tables as text: aligned plain-text columns for a terminal, and GitHub-flavoured Markdown. */

/**
 * Columns padded to their widest cell. Numeric-looking columns are right-aligned, or
 * exactly the columns in `rightAligned` when given.
 *
 * @example renderTable(["metric", "value"], [["f1", "0.81"]]) // "metric  value\n------  -----\nf1       0.81\n"
 */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, rightAligned?: readonly number[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = header.map((_, c) => (rightAligned ? rightAligned.includes(c) : rows.length > 0 && rows.every((r) => /^[-+<]?[\d.]+%?$|^n\/a$/.test(r[c]))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

/** The same table as GitHub-flavoured Markdown; pipes and line breaks in cells are escaped. */
export function renderMarkdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n") + "\n";
}
