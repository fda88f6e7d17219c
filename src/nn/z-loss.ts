/**
 * z-loss (PaLM, Chowdhery et al. 2022, §5 "Training Setup": "z_loss = 10^-4 · log²Z"), the
 * auxiliary term that keeps the softmax normaliser log Z close to 0, forward and backward
 * side by side.
 *
 * Over the n rows r whose target is not ignored, with log Z_r = logsumexp(z_r):
 *   loss   = coefficient · (1/n) Σ_r (log Z_r)²
 *   dz_r,j = coefficient · (2/n) · log Z_r · softmax(z_r)_j      (∂ log Z/∂z_j = softmax_j)
 * If every row is ignored the loss is 0 with zero gradient, as crossEntropy does.
 */
import { InputError } from "../errors.js";
import { gradOf, needsGrad, opOutput, record, type Tensor } from "../tensor/tensor.js";

/**
 * coefficient × mean over scored rows of (log Z)², logits [..., V], one target per row
 * (only compared with `ignoreIndex` to pick the scored rows).
 *
 * @example add(crossEntropy(logits, targets, { ignoreIndex: -1 }), zLoss(logits, targets, 1e-4, -1))
 */
export function zLoss(logits: Tensor, targetIds: ArrayLike<number>, coefficient: number, ignoreIndex = -100): Tensor {
  if (!(coefficient >= 0 && Number.isFinite(coefficient))) throw new InputError(`zLoss coefficient must be a finite number >= 0, got ${coefficient}`, "PaLM uses 1e-4");
  const width = logits.shape[logits.shape.length - 1];
  if (logits.shape.length < 1 || !(width > 0)) throw new Error(`zLoss needs logits [..., V] with V >= 1, got [${logits.shape.join(", ")}]`);
  const count = logits.data.length / width;
  if (targetIds.length !== count) throw new Error(`zLoss: ${targetIds.length} targets for ${count} rows of logits [${logits.shape.join(", ")}]`);
  const scored = Array.from(targetIds, (t) => t !== ignoreIndex);
  const used = scored.filter(Boolean).length;
  const logZ = new Float64Array(count); // kept for backward
  let total = 0;
  for (let r = 0; r < count; r++) {
    if (!scored[r]) continue;
    const start = r * width;
    let maxValue = -Infinity;
    for (let j = 0; j < width; j++) maxValue = Math.max(maxValue, logits.data[start + j]);
    let sumExp = 0;
    for (let j = 0; j < width; j++) sumExp += Math.exp(logits.data[start + j] - maxValue);
    logZ[r] = maxValue + Math.log(sumExp);
    total += logZ[r] * logZ[r];
  }
  const out = opOutput([]);
  out.data[0] = used === 0 ? 0 : (coefficient * total) / used;
  if (needsGrad(logits)) {
    record(out, (dOut) => {
      const dz = gradOf(logits);
      if (used === 0) return;
      for (let r = 0; r < count; r++) {
        if (!scored[r]) continue;
        const start = r * width;
        const c = (dOut[0] * coefficient * 2 * logZ[r]) / used;
        for (let j = 0; j < width; j++) dz[start + j] += c * Math.exp(logits.data[start + j] - logZ[r]);
      }
    });
  }
  return out;
}
