/** Plain-text and Markdown tables and number formatting shared by the CLI commands. */

/** A number for a table: fixed decimals chosen by magnitude; non-finite values as "n/a". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const abs = Math.abs(x);
  if (abs >= 1000) return x.toFixed(1);
  if (abs >= 10) return x.toFixed(2);
  return x.toFixed(4);
}

/** A signed number ("+1.23", "-0.5000"), for deltas. */
export function formatSigned(x: number): string {
  const text = formatNumber(x);
  return Number.isFinite(x) && x >= 0 ? `+${text}` : text;
}

/** "[low, high]" for a confidence interval. */
export function formatInterval(low: number, high: number, format = formatNumber): string {
  return `[${format(low)}, ${format(high)}]`;
}

/** A p-value: "<0.0001" below that, otherwise 4 decimals. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "n/a";
  return p < 1e-4 ? "<0.0001" : p.toFixed(4);
}

/** Columns padded to their widest cell; numeric-looking cells right-aligned. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => /^[-+<]?[\d.]+%?$|^n\/a$/.test(r[c])));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

/** The same table as GitHub-flavoured Markdown. */
export function renderMarkdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n") + "\n";
}

/** JSON with NaN and infinities as null (JSON has no such numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
