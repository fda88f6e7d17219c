/**
 * reshape and transpose. Tensors are always contiguous, so reshape shares the data buffer
 * (no copy) and transpose copies into the new order.
 */
import { describeValue } from "../errors.js";
import { normalizeAxis } from "./reduce.js";
import { kernels } from "./kernels.js";
import type { SwapDims } from "./layout-kernel.js";
import { gradOf, needsGrad, numel, opOutput, record, type Tensor } from "./tensor.js";

/**
 * The same values under a new shape; one size may be -1 (inferred). Shares `data` with the
 * input (ops never write into their inputs, so this is safe).
 *
 * @example reshape(qkv, [B, T, 3, H, D])
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const inferred = shape.filter((s) => s === -1).length;
  const known = numel(shape.filter((s) => s !== -1));
  if (inferred > 1 || !shape.every((s) => s === -1 || (Number.isInteger(s) && s >= 0))) {
    throw new Error(`reshape: invalid shape ${describeValue(shape)}: use non-negative sizes and at most one -1`);
  }
  const resolved = shape.map((s) => (s === -1 ? (known === 0 ? 0 : x.data.length / known) : s));
  if (numel(resolved) !== x.data.length || !resolved.every(Number.isInteger)) {
    throw new Error(`reshape: cannot view [${x.shape.join(", ")}] (${x.data.length} values) as ${describeValue(shape)}`);
  }
  const out: Tensor = { data: x.data, shape: resolved, grad: null, requiresGrad: false };
  if (needsGrad(x)) {
    record(out, (dOut) => kernels().accumulate(gradOf(x), dOut));
  }
  return out;
}

/**
 * Swaps two axes (copying), e.g. [B, T, H, D] → [B, H, T, D] with transpose(x, 1, 2).
 * The backward is the same transpose applied to the gradient.
 *
 * The tensor is viewed as [outer, P, mid, Q, inner] with P and Q the swapped axes, and
 * copied to [outer, Q, mid, P, inner] in runs of `inner` contiguous elements (a whole
 * head vector for attention's [B, T, H, D] → [B, H, T, D]).
 */
export function transpose(x: Tensor, axis0: number, axis1: number): Tensor {
  const rank = x.shape.length;
  const a0 = normalizeAxis(axis0, rank);
  const a1 = normalizeAxis(axis1, rank);
  const outShape = x.shape.slice();
  outShape[a0] = x.shape[a1];
  outShape[a1] = x.shape[a0];
  const [lo, hi] = a0 < a1 ? [a0, a1] : [a1, a0];
  const product = (from: number, to: number) => x.shape.slice(from, to).reduce((p, d) => p * d, 1);
  const dims: SwapDims = { outer: product(0, lo), p: x.shape[lo], mid: product(lo + 1, hi), q: x.shape[hi], inner: product(hi + 1, rank) };
  const out = opOutput(outShape);
  kernels().swapAxes(out.data, x.data, dims, false);
  // Backward: the gradient goes back through the reverse swap (p and q exchanged), added.
  if (needsGrad(x)) record(out, (dOut) => kernels().swapAxes(gradOf(x), dOut, { ...dims, p: dims.q, q: dims.p }, true));
  return out;
}

/**
 * Splits `x` along `axis` into consecutive pieces of the given sizes (which must add up to
 * the axis length), as torch.split with a list: e.g. nanoGPT's
 * `q, k, v = c_attn(x).split(n_embd, dim=2)` is split(qkv, [C, C, C], -1).
 * Each piece's backward adds its gradient into its slice of dx.
 */
export function split(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  const a = normalizeAxis(axis, x.shape.length);
  const length = x.shape[a];
  if (!sizes.every((s) => Number.isInteger(s) && s >= 0) || sizes.reduce((t, s) => t + s, 0) !== length) {
    throw new Error(`split: sizes ${describeValue(sizes)} do not add up to axis ${axis}'s length ${length}`);
  }
  // View x as [outer, length, inner]; piece i is x[:, offset_i : offset_i + size_i, :].
  const outer = numel(x.shape.slice(0, a));
  const inner = numel(x.shape.slice(a + 1));
  const pieces: Tensor[] = [];
  let offset = 0;
  for (const size of sizes) {
    const shape = x.shape.slice();
    shape[a] = size;
    const piece = opOutput(shape);
    const start = offset;
    const chunk = size * inner; // contiguous values per outer index
    for (let o = 0; o < outer; o++) {
      const from = (o * length + start) * inner;
      piece.data.set(x.data.subarray(from, from + chunk), o * chunk);
    }
    if (needsGrad(x)) {
      record(piece, (dPiece) => {
        const dx = gradOf(x);
        for (let o = 0; o < outer; o++) {
          const to = (o * length + start) * inner;
          kernels().accumulate(dx.subarray(to, to + chunk), dPiece.subarray(o * chunk, (o + 1) * chunk));
        }
      });
    }
    pieces.push(piece);
    offset += size;
  }
  return pieces;
}
