/** A number, or nested arrays of numbers: one level per axis. */
export type Nested = number | Nested[];

/** Applies `f` to every innermost row (the last axis) of x. */
function mapRows(x: Nested[], f: (row: number[]) => number[]): Nested[] {
  return typeof x[0] === "number" ? f(x as number[]) : (x as Nested[][]).map((inner) => mapRows(inner, f));
}

/** Softmax over the last axis of x (shape [..., V]); rows sum to 1, stable for |x| up to 1e4. */
export function softmax(x: Nested[]): Nested[] {
  return mapRows(x, (row) => {
    // Subtracting the row max leaves softmax unchanged and makes the largest exponent exp(0) = 1.
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  });
}

/** Log-softmax over the last axis of x (shape [..., V]); finite wherever the true value is. */
export function logSoftmax(x: Nested[]): Nested[] {
  return mapRows(x, (row) => {
    // x - logsumexp(x), with logsumexp(x) = m + log(sum(exp(x - m))): never log(0).
    const max = Math.max(...row);
    const logSum = Math.log(row.reduce((sum, v) => sum + Math.exp(v - max), 0));
    return row.map((v) => v - max - logSum);
  });
}
