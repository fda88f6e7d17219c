/**
 * reshape and transpose. Tensors are always contiguous, so reshape shares the data buffer
 * (no copy) and transpose copies into the new order.
 */
import { InputError, describeValue } from "../errors.js";
import { normalizeAxis } from "./reduce.js";
import { gradOf, needsGrad, numel, opOutput, record, stridedIndexMap, type Tensor } from "./tensor.js";

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
    throw new InputError(`reshape: invalid shape ${describeValue(shape)}`, "use non-negative sizes and at most one -1");
  }
  const resolved = shape.map((s) => (s === -1 ? (known === 0 ? 0 : x.data.length / known) : s));
  if (numel(resolved) !== x.data.length || !resolved.every(Number.isInteger)) {
    throw new InputError(`reshape: cannot view [${x.shape.join(", ")}] (${x.data.length} values) as ${describeValue(shape)}`);
  }
  const out: Tensor = { data: x.data, shape: resolved, grad: null, requiresGrad: false };
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let i = 0; i < dx.length; i++) dx[i] += dOut[i];
    });
  }
  return out;
}

/**
 * Swaps two axes (copying), e.g. [B, T, H, D] → [B, H, T, D] with transpose(x, 1, 2).
 * The backward is the same transpose applied to the gradient.
 */
export function transpose(x: Tensor, axis0: number, axis1: number): Tensor {
  const rank = x.shape.length;
  const a0 = normalizeAxis(axis0, rank);
  const a1 = normalizeAxis(axis1, rank);
  const outShape = x.shape.slice();
  outShape[a0] = x.shape[a1];
  outShape[a1] = x.shape[a0];
  // sourceIndex[o]: flat input index of output element o (input strides permuted to output order).
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= x.shape[i];
  }
  const strides = inStrides.slice();
  strides[a0] = inStrides[a1];
  strides[a1] = inStrides[a0];
  const out = opOutput(outShape);
  const sourceIndex = stridedIndexMap(outShape, strides);
  for (let o = 0; o < out.data.length; o++) out.data[o] = x.data[sourceIndex[o]];
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let o = 0; o < dOut.length; o++) dx[sourceIndex[o]] += dOut[o];
    });
  }
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
    throw new InputError(`split: sizes ${describeValue(sizes)} do not add up to axis ${axis}'s length ${length}`);
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
          for (let i = 0; i < chunk; i++) dx[to + i] += dPiece[o * chunk + i];
        }
      });
    }
    pieces.push(piece);
    offset += size;
  }
  return pieces;
}
