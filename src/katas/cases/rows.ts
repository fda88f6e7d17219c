/** Row-wise float64 arithmetic for the known mistakes of row-wise katas (norms, activations). */
import { nd, type NDArray } from "../values.js";

/** f applied to each row (the last axis) of x, with the row's index; the result has x's shape. */
export function rowwise(x: NDArray, f: (row: number[], r: number) => number[]): NDArray {
  const width = x.shape[x.shape.length - 1];
  const out: number[] = [];
  for (let start = 0, r = 0; start < x.data.length; start += width, r++) out.push(...f(Array.from(x.data.subarray(start, start + width)), r));
  return nd(x.shape, out);
}

export const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
