/**
 * The readable reference of the elementwise and layout kernels (the WebAssembly backend
 * runs assembly/layout.ts and assembly/rows.ts instead): sums of arrays, the bias of a
 * linear layer, and the axis swap of transpose.
 */

/** out = a + b, elementwise. */
export function add(out: Float32Array, a: Float32Array, b: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
}

/** into += from, elementwise. */
export function accumulate(into: Float32Array, from: Float32Array): void {
  for (let i = 0; i < into.length; i++) into[i] += from[i];
}

/** A tensor viewed as [outer, p, mid, q, inner], the two axes a transpose swaps being p and q. */
export interface SwapDims {
  outer: number;
  p: number;
  mid: number;
  q: number;
  inner: number;
}

/**
 * The copy of transpose: to [outer, q, mid, p, inner] gets from [outer, p, mid, q, inner],
 * moved in contiguous runs of `inner` values (a whole head vector for attention's
 * [B, T, H, D] → [B, H, T, D]); with `accumulate`, added instead (a gradient).
 */
export function swapAxes(to: Float32Array, from: Float32Array, { outer, p, mid, q, inner }: SwapDims, accumulate: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < q; j++) {
      for (let m = 0; m < mid; m++) {
        for (let i = 0; i < p; i++) {
          const source = (((o * p + i) * mid + m) * q + j) * inner;
          const target = (((o * q + j) * mid + m) * p + i) * inner;
          if (accumulate) for (let e = 0; e < inner; e++) to[target + e] += from[source + e];
          else for (let e = 0; e < inner; e++) to[target + e] = from[source + e];
        }
      }
    }
  }
}

/** Adds bias [n] to every row of out [rows, n]: y = x·Wᵀ + b after the matmul. */
export function addBias(out: Float32Array, bias: Float32Array): void {
  const n = bias.length;
  for (let row = 0; row < out.length; row += n) for (let j = 0; j < n; j++) out[row + j] += bias[j];
}

/** dBias [n] += the sum of the rows of dOut [rows, n]: the bias gradient of a linear layer. */
export function sumRows(dBias: Float32Array, dOut: Float32Array): void {
  const n = dBias.length;
  for (let row = 0; row < dOut.length; row += n) for (let j = 0; j < n; j++) dBias[j] += dOut[row + j];
}
