/**
 * The log-probability of each row's target token, the building block of every sequence-level
 * objective (DPO, policy gradients, KL to a reference): a sequence's log-likelihood is the sum
 * of its tokens' entries.
 *
 *   out_r = z_r[t_r] − logsumexp(z_r)     (0 for rows whose target is the ignore index)
 *   dz_r  = g_r · (onehot(t_r) − softmax(z_r))
 *
 * Unlike crossEntropy, which reduces to one mean, the output keeps one value per row, so a
 * caller can weight each token by a coefficient computed outside the graph and pass it as the
 * seed of `backward` (the gradient of a loss with respect to the log-probs).
 */
import { logSumExp } from "./softmax-kernel.js";
import { gradOf, needsGrad, opOutput, record, type Tensor } from "./tensor.js";

/**
 * log p(t_r) for logits [..., V] and one target per row: returns [rows].
 *
 * @example tokenLogProbs(logits, targets, -1) // logits [B·T, V], targets [B·T] with −1 on prompt positions
 */
export function tokenLogProbs(logits: Tensor, targets: ArrayLike<number>, ignoreIndex: number): Tensor {
  const width = logits.shape[logits.shape.length - 1];
  const count = logits.data.length / width;
  if (targets.length !== count) throw new Error(`tokenLogProbs: ${targets.length} targets for ${count} rows of logits [${logits.shape.join(", ")}]`);
  const picked = Int32Array.from(targets); // a copy: the caller may refill its buffer before backward
  const lse = new Float64Array(count);
  const out = opOutput([count]);
  for (let r = 0; r < count; r++) {
    const t = picked[r];
    if (t === ignoreIndex) continue;
    if (!(Number.isInteger(t) && t >= 0 && t < width)) throw new Error(`tokenLogProbs: target ${t} at row ${r} is outside [0, ${width}) and is not the ignore index ${ignoreIndex}`);
    lse[r] = logSumExp(logits.data, r * width, width);
    out.data[r] = logits.data[r * width + t] - lse[r];
  }
  if (needsGrad(logits)) {
    record(out, (dOut) => {
      const dz = gradOf(logits);
      for (let r = 0; r < count; r++) {
        const g = dOut[r];
        if (picked[r] === ignoreIndex || g === 0) continue;
        const start = r * width;
        for (let j = 0; j < width; j++) dz[start + j] -= g * Math.exp(logits.data[start + j] - lse[r]);
        dz[start + picked[r]] += g;
      }
    });
  }
  return out;
}
