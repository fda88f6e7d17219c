/**
 * Matrix products with their backward passes, on the kernel interface.
 *
 * For Y = A·B (A [M, K], B [K, N], Y [M, N]) and upstream gradient dY:
 *   dA += dY · Bᵀ   [M, N]·[N, K]
 *   dB += Aᵀ · dY   [K, M]·[M, N]
 * The kernel's `accumulate` option adds straight into the gradient buffers.
 */
import { kernels } from "./kernels.js";
import { gradOf, needsGrad, numel, opOutput, record, type Tensor } from "./tensor.js";

function shapeText(t: Tensor): string {
  return `[${t.shape.join(", ")}]`;
}

/**
 * Matrix product for the three layouts a GPT needs:
 * - [M, K] · [K, N] → [M, N]
 * - batched [B, M, K] · [B, K, N] → [B, M, N]
 * - [..., K] · [K, N] → [..., N] (leading axes flattened into M)
 *
 * @example
 * matmul(x, w); // x [B, T, C], w [C, 4C] → [B, T, 4C]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length === 3 && b.shape.length === 3) return batchedMatmul(a, b);
  if (a.shape.length < 1 || b.shape.length !== 2) {
    throw new Error(`matmul expects [..., K]·[K, N] or [B, M, K]·[B, K, N], got ${shapeText(a)}·${shapeText(b)}`);
  }
  const [k, n] = b.shape;
  if (a.shape[a.shape.length - 1] !== k) {
    throw new Error(`matmul inner sizes differ: ${shapeText(a)}·${shapeText(b)}`);
  }
  const m = numel(a.shape) / k || 0;
  const out = opOutput([...a.shape.slice(0, -1), n]);
  kernels().matmul(out.data, a.data, b.data, m, k, n);
  if (needsGrad(a, b)) {
    record(out, (dOut) => {
      // dA [M, K] += dOut [M, N] · Bᵀ;  dB [K, N] += Aᵀ · dOut
      if (a.requiresGrad) kernels().matmul(gradOf(a), dOut, b.data, m, n, k, { transB: true, accumulate: true });
      if (b.requiresGrad) kernels().matmul(gradOf(b), a.data, dOut, k, m, n, { transA: true, accumulate: true });
    });
  }
  return out;
}

function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const [batch, m, k] = a.shape;
  const [batchB, kB, n] = b.shape;
  if (batch !== batchB || k !== kB) {
    throw new Error(`batched matmul shapes do not match: ${shapeText(a)}·${shapeText(b)}`);
  }
  const out = opOutput([batch, m, n]);
  const mat = (data: Float32Array, index: number, size: number) => data.subarray(index * size, (index + 1) * size);
  for (let i = 0; i < batch; i++) {
    kernels().matmul(mat(out.data, i, m * n), mat(a.data, i, m * k), mat(b.data, i, k * n), m, k, n);
  }
  if (needsGrad(a, b)) {
    record(out, (dOut) => {
      for (let i = 0; i < batch; i++) {
        const dY = mat(dOut, i, m * n);
        if (a.requiresGrad) kernels().matmul(mat(gradOf(a), i, m * k), dY, mat(b.data, i, k * n), m, n, k, { transB: true, accumulate: true });
        if (b.requiresGrad) kernels().matmul(mat(gradOf(b), i, k * n), mat(a.data, i, m * k), dY, k, m, n, { transA: true, accumulate: true });
      }
    });
  }
  return out;
}

/**
 * A linear layer as PyTorch's nn.Linear stores it: y = x·Wᵀ + b with W [out, in] (so a
 * nanoGPT state_dict loads as is), x [..., in] → y [..., out]; bias [out] or null.
 *
 * Backward: dx += dy·W, dW += dyᵀ·x, db += Σ over rows of dy.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.shape.length !== 2 || x.shape.length < 1 || x.shape[x.shape.length - 1] !== weight.shape[1]) {
    throw new Error(`linear expects x [..., in] and weight [out, in], got ${shapeText(x)} and ${shapeText(weight)}`);
  }
  const [n, k] = weight.shape;
  if (bias !== null && (bias.shape.length !== 1 || bias.shape[0] !== n)) {
    throw new Error(`linear bias must have shape [${n}], got ${shapeText(bias)}`);
  }
  const m = numel(x.shape) / k || 0;
  const out = opOutput([...x.shape.slice(0, -1), n]);
  kernels().matmul(out.data, x.data, weight.data, m, k, n, { transB: true }); // [M, K]·[N, K]ᵀ
  if (bias !== null) kernels().addBias(out.data, bias.data);
  if (needsGrad(x, weight, bias)) {
    record(out, (dOut) => {
      if (x.requiresGrad) kernels().matmul(gradOf(x), dOut, weight.data, m, n, k, { accumulate: true }); // [M, N]·[N, K]
      if (weight.requiresGrad) kernels().matmul(gradOf(weight), dOut, x.data, n, m, k, { transA: true, accumulate: true }); // [N, M]·[M, K]
      if (bias !== null && bias.requiresGrad) kernels().sumRows(gradOf(bias), dOut);
    });
  }
  return out;
}
