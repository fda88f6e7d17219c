/**
 * add, sub, mul, div with NumPy broadcasting, and scaling by a constant.
 *
 * Broadcasting (NumPy's rules): shapes are aligned at the right; each axis pair must be
 * equal or contain a 1, and the output takes the larger size. An input read at the same
 * element for many outputs receives the sum of their gradients, so the backward simply
 * accumulates (+=) through the same index map the forward used: that is the reduction
 * over broadcast axes.
 */
import { kernels } from "./kernels.js";
import { gradOf, needsGrad, opOutput, record, stridedIndexMap, type Tensor } from "./tensor.js";

/** The broadcast shape of two shapes; shapes that do not broadcast are a bug in the caller (an Error naming both). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const sa = a[a.length - rank + i] ?? 1;
    const sb = b[b.length - rank + i] ?? 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new Error(`shapes [${a.join(", ")}] and [${b.join(", ")}] cannot be broadcast together (axis ${i}: ${sa} vs ${sb})`);
    }
    out.push(sa === 1 ? sb : sa);
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * For each flat output index, the flat index of the input element it reads, when an input
 * of `shape` is broadcast to `outShape`. Null when no broadcasting is needed (same shape).
 */
function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array | null {
  if (sameShape(shape, outShape)) return null;
  const rank = outShape.length;
  // Input strides aligned to the output axes; 0 on axes the input broadcasts along.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = rank - shape.length + i;
    strides[axis] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i];
  }
  return stridedIndexMap(outShape, strides);
}

type Binary = "add" | "sub" | "mul" | "div";

function binary(op: Binary, a: Tensor, b: Tensor): Tensor {
  if (op === "add" && sameShape(a.shape, b.shape)) return sameShapeAdd(a, b);
  const outShape = broadcastShape(a.shape, b.shape);
  const ia = broadcastIndex(a.shape, outShape);
  const ib = broadcastIndex(b.shape, outShape);
  const out = opOutput(outShape);
  const x = a.data;
  const y = b.data;
  const z = out.data;
  for (let o = 0; o < z.length; o++) {
    const xv = x[ia === null ? o : ia[o]];
    const yv = y[ib === null ? o : ib[o]];
    z[o] = op === "add" ? xv + yv : op === "sub" ? xv - yv : op === "mul" ? xv * yv : xv / yv;
  }
  if (needsGrad(a, b)) {
    record(out, (dz) => {
      // z = x + y: dx += dz, dy += dz      z = x - y: dx += dz, dy -= dz
      // z = x · y: dx += dz·y, dy += dz·x  z = x / y: dx += dz/y, dy -= dz·x/y²
      const dx = a.requiresGrad ? gradOf(a) : null;
      const dy = b.requiresGrad ? gradOf(b) : null;
      for (let o = 0; o < z.length; o++) {
        const i = ia === null ? o : ia[o];
        const j = ib === null ? o : ib[o];
        const g = dz[o];
        if (op === "add") {
          if (dx) dx[i] += g;
          if (dy) dy[j] += g;
        } else if (op === "sub") {
          if (dx) dx[i] += g;
          if (dy) dy[j] -= g;
        } else if (op === "mul") {
          if (dx) dx[i] += g * y[j];
          if (dy) dy[j] += g * x[i];
        } else {
          if (dx) dx[i] += g / y[j];
          if (dy) dy[j] -= (g * x[i]) / (y[j] * y[j]);
        }
      }
    });
  }
  return out;
}

/** a + b for one shape (the residual stream), on the kernel interface: z = x + y, dx += dz, dy += dz. */
function sameShapeAdd(a: Tensor, b: Tensor): Tensor {
  const out = opOutput(a.shape);
  kernels().add(out.data, a.data, b.data);
  if (needsGrad(a, b)) {
    record(out, (dz) => {
      if (a.requiresGrad) kernels().accumulate(gradOf(a), dz);
      if (b.requiresGrad) kernels().accumulate(gradOf(b), dz);
    });
  }
  return out;
}

/** a + b with broadcasting. @example add(x, bias) // [B, T, C] + [C] */
export function add(a: Tensor, b: Tensor): Tensor {
  return binary("add", a, b);
}

/** a − b with broadcasting. */
export function sub(a: Tensor, b: Tensor): Tensor {
  return binary("sub", a, b);
}

/** a · b (elementwise) with broadcasting. */
export function mul(a: Tensor, b: Tensor): Tensor {
  return binary("mul", a, b);
}

/** a / b (elementwise) with broadcasting. */
export function div(a: Tensor, b: Tensor): Tensor {
  return binary("div", a, b);
}

/** a · c for a constant c (e.g. the 1/√(2·n_layer) scaling or a loss coefficient). */
export function scale(a: Tensor, c: number): Tensor {
  if (!Number.isFinite(c)) throw new Error(`scale factor must be finite, got ${c}`);
  const out = opOutput(a.shape);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] * c;
  if (needsGrad(a)) {
    record(out, (dOut) => {
      const da = gradOf(a);
      for (let i = 0; i < da.length; i++) da[i] += dOut[i] * c;
    });
  }
  return out;
}
