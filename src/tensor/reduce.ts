/**
 * sum, mean and max over one axis (or over all elements), with PyTorch's `keepdim`.
 *
 * Each reduction views the input as [outer, size, inner] around the reduced axis, so
 * x[o, r, i] = data[(o·size + r)·inner + i] and the output is [outer, inner].
 */
import { describeValue } from "../errors.js";
import { gradOf, needsGrad, numel, opOutput, record, type Tensor } from "./tensor.js";

/** Which axis to reduce and whether to keep it as size 1. */
export interface ReduceOptions {
  /** Axis to reduce (negative counts from the end); omitted = all elements, giving a scalar. */
  axis?: number;
  /** Keep the reduced axis with size 1 (default false). */
  keepdim?: boolean;
}

/** A negative axis counted from the end, checked against the rank. */
export function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new Error(`axis ${describeValue(axis)} is out of range for a tensor of rank ${rank}`);
  }
  return a;
}

interface Layout {
  outer: number;
  size: number;
  inner: number;
  outShape: number[];
}

function layout(x: Tensor, options: ReduceOptions): Layout {
  if (options.axis === undefined) {
    return { outer: 1, size: x.data.length, inner: 1, outShape: options.keepdim ? x.shape.map(() => 1) : [] };
  }
  const axis = normalizeAxis(options.axis, x.shape.length);
  const outShape = x.shape.slice();
  if (options.keepdim) outShape[axis] = 1;
  else outShape.splice(axis, 1);
  return { outer: numel(x.shape.slice(0, axis)), size: x.shape[axis], inner: numel(x.shape.slice(axis + 1)), outShape };
}

function sumWithScale(x: Tensor, options: ReduceOptions, factor: (size: number) => number): Tensor {
  const { outer, size, inner, outShape } = layout(x, options);
  const c = factor(size);
  const out = opOutput(outShape);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let total = 0; // float64 accumulator
      for (let r = 0; r < size; r++) total += x.data[(o * size + r) * inner + i];
      out.data[o * inner + i] = total * c;
    }
  }
  if (needsGrad(x)) {
    record(out, (dOut) => {
      // y[o, i] = c·Σ_r x[o, r, i]  ⇒  dx[o, r, i] += c·dy[o, i]
      const dx = gradOf(x);
      for (let o = 0; o < outer; o++) {
        for (let r = 0; r < size; r++) {
          for (let i = 0; i < inner; i++) dx[(o * size + r) * inner + i] += c * dOut[o * inner + i];
        }
      }
    });
  }
  return out;
}

/** Sum over an axis (or all elements). @example sum(x, { axis: -1, keepdim: true }) */
export function sum(x: Tensor, options: ReduceOptions = {}): Tensor {
  return sumWithScale(x, options, () => 1);
}

/** Mean over an axis (or all elements); an empty axis is an error (the mean is undefined). */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  return sumWithScale(x, options, (size) => {
    if (size === 0) throw new Error("mean over an empty axis is undefined: reduce over a non-empty axis");
    return 1 / size;
  });
}

/**
 * Maximum over an axis (or all elements). The gradient goes to the first maximal element
 * only (as torch.max(dim) returns one index), so ties do not split it.
 */
export function max(x: Tensor, options: ReduceOptions = {}): Tensor {
  const { outer, size, inner, outShape } = layout(x, options);
  if (size === 0) throw new Error("max over an empty axis is undefined: reduce over a non-empty axis");
  const out = opOutput(outShape);
  const argmax = new Int32Array(outer * inner); // flat input index of each maximum
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = (o * size) * inner + i;
      for (let r = 1; r < size; r++) {
        const at = (o * size + r) * inner + i;
        if (x.data[at] > x.data[best] || Number.isNaN(x.data[at])) best = at; // NaN propagates, as in PyTorch
        if (Number.isNaN(x.data[best])) break;
      }
      argmax[o * inner + i] = best;
      out.data[o * inner + i] = x.data[best];
    }
  }
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let j = 0; j < argmax.length; j++) dx[argmax[j]] += dOut[j];
    });
  }
  return out;
}
