/** How reports write numbers, the same in the terminal and in the web app: decimals by magnitude, intervals, p-values. */

/**
 * Fixed decimals by magnitude (1 from 1000, 2 from 10, else 4), non-finite as "n/a".
 * One formatter for numbers that are read together (a value and its interval), with
 * the decimals of the largest of them, so that "[0.00, 66.67]" does not print as "[0.0000, 66.67]".
 */
export function formatterFor(...values: number[]): (x: number) => string {
  const largest = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  const decimals = largest >= 1000 ? 1 : largest >= 10 ? 2 : 4;
  return (x) => (Number.isFinite(x) ? x.toFixed(decimals) : "n/a");
}

/** "[low, high]" for a confidence interval. */
export function formatInterval(low: number, high: number, format: (x: number) => string): string {
  return `[${format(low)}, ${format(high)}]`;
}

/** A p-value: "<0.0001" below that, otherwise 4 decimals. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "n/a";
  return p < 1e-4 ? "<0.0001" : p.toFixed(4);
}
