/**
 * softmax and log-softmax over the last axis, and the fused softmax-cross-entropy loss.
 * All subtract the row maximum first so exp never overflows.
 */
import { InputError } from "../errors.js";
import { allocate } from "./arena.js";
import { kernels } from "./kernels.js";
import { logSumExp } from "./softmax-kernel.js";
import { gradOf, needsGrad, numel, opOutput, record, type Tensor } from "./tensor.js";

function rows(x: Tensor, what: string): { count: number; width: number } {
  if (x.shape.length < 1) throw new Error(`${what} needs at least one axis, got a scalar`);
  const width = x.shape[x.shape.length - 1];
  return { count: width === 0 ? 0 : x.data.length / width, width };
}

/**
 * y = exp(x − logsumexp(x)) over the last axis.
 * Backward: dx = y ⊙ (dy − Σ_j dy_j·y_j)  (per row).
 */
export function softmax(x: Tensor): Tensor {
  const { count, width } = rows(x, "softmax");
  const out = opOutput(x.shape);
  if (count > 0) kernels().softmaxForward(out.data, x.data, width);
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      if (count > 0) kernels().softmaxBackward(dx, out.data, dOut, width);
    });
  }
  return out;
}

/**
 * y = x − logsumexp(x) over the last axis.
 * Backward: dx = dy − softmax(x)·Σ_j dy_j  (per row).
 */
export function logSoftmax(x: Tensor): Tensor {
  const { count, width } = rows(x, "logSoftmax");
  const out = opOutput(x.shape);
  for (let r = 0; r < count; r++) {
    const start = r * width;
    const lse = logSumExp(x.data, start, width);
    for (let j = 0; j < width; j++) out.data[start + j] = x.data[start + j] - lse;
  }
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let r = 0; r < count; r++) {
        const start = r * width;
        let total = 0;
        for (let j = 0; j < width; j++) total += dOut[start + j];
        for (let j = 0; j < width; j++) dx[start + j] += dOut[start + j] - Math.exp(out.data[start + j]) * total;
      }
    });
  }
  return out;
}

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions {
  /** Targets equal to this are skipped (no loss, no gradient), as PyTorch's ignore_index; default -100. */
  ignoreIndex?: number;
}

/**
 * Mean softmax cross-entropy over the rows whose target is not `ignoreIndex`, fused
 * (PyTorch's F.cross_entropy with reduction="mean", as nanoGPT and llm.c use it):
 *   loss = (1/n) Σ_{rows r with t_r ≠ ignore} (logsumexp(z_r) − z_r[t_r])
 *   dz_r = (softmax(z_r) − onehot(t_r)) · dloss / n   (0 for ignored rows)
 * logits [..., V], targets one integer per row (length = product of the leading axes).
 * If every row is ignored the loss is 0 with zero gradient (PyTorch returns NaN here).
 *
 * @example crossEntropy(logits, targets) // logits [B·T, V], targets Int32Array(B·T)
 */
export function crossEntropy(logits: Tensor, targetIds: ArrayLike<number>, options: CrossEntropyOptions = {}): Tensor {
  const ignoreIndex = options.ignoreIndex ?? -100;
  const { count, width } = rows(logits, "crossEntropy");
  if (targetIds.length !== count) {
    throw new Error(`crossEntropy: ${targetIds.length} targets for ${count} rows of logits [${logits.shape.join(", ")}]`);
  }
  if (!Number.isInteger(ignoreIndex) || ignoreIndex !== (ignoreIndex | 0)) {
    throw new InputError(`crossEntropy: ignoreIndex must be a 32-bit integer, got ${ignoreIndex}`, "use a class id that no target takes, such as -100 (PyTorch's default) or -1");
  }
  let used = 0;
  for (let r = 0; r < count; r++) {
    const t = targetIds[r];
    if (t === ignoreIndex) continue;
    // Targets are token ids from a tokenizer (or the ignore index): one out of range is a bug.
    if (!Number.isInteger(t) || t < 0 || t >= width) {
      throw new Error(`crossEntropy: target ${t} at row ${r} is outside [0, ${width}) and is not the ignore index ${ignoreIndex}`);
    }
    used++;
  }
  const targets = Int32Array.from(targetIds); // checked above; a copy: the caller may refill its buffer before backward
  const probs = allocate(numel(logits.shape)); // softmax rows, kept for backward
  const total = used === 0 ? 0 : kernels().crossEntropyForward(probs, logits.data, targets, ignoreIndex, width);
  const out = opOutput([]);
  out.data[0] = used === 0 ? 0 : total / used;
  if (needsGrad(logits)) {
    record(out, (dOut) => {
      const dz = gradOf(logits);
      if (used > 0) kernels().crossEntropyBackward(dz, probs, targets, ignoreIndex, width, dOut[0] / used);
    });
  }
  return out;
}
