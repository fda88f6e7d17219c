/**
 * Embedding lookup (gather) with its scatter-add backward.
 */
import { gradOf, needsGrad, opOutput, record, type Tensor } from "./tensor.js";

/**
 * Rows of `weight` [V, C] picked by integer ids: out[..., :] = weight[ids[...], :], with
 * out shape [...idsShape, C]. Backward scatter-adds: dW[ids[i], :] += dout[i, :] (a row
 * picked twice gets both gradients).
 *
 * @example embedding(wte, tokens, [B, T]) // → [B, T, C]
 */
export function embedding(weight: Tensor, ids: ArrayLike<number>, idsShape: readonly number[] = [ids.length]): Tensor {
  if (weight.shape.length !== 2) throw new Error(`embedding weight must be [V, C], got [${weight.shape.join(", ")}]`);
  const [vocab, width] = weight.shape;
  const count = idsShape.reduce((a, b) => a * b, 1);
  if (count !== ids.length) throw new Error(`embedding: ${ids.length} ids do not fill shape [${idsShape.join(", ")}]`);
  const rows = Int32Array.from(ids); // a copy: the caller may refill its buffer before backward
  // Ids reach the engine from a tokenizer, which rejects what is not in its vocabulary: one out of range is a bug.
  for (let i = 0; i < rows.length; i++) {
    if (!(ids[i] >= 0 && ids[i] < vocab && Number.isInteger(ids[i]))) {
      throw new Error(`embedding: id ${ids[i]} at position ${i} is outside [0, ${vocab})`);
    }
  }
  const out = opOutput([...idsShape, width]);
  for (let i = 0; i < rows.length; i++) out.data.set(weight.data.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  if (needsGrad(weight)) {
    record(out, (dOut) => {
      const dW = gradOf(weight);
      for (let i = 0; i < rows.length; i++) {
        const src = i * width;
        const dst = rows[i] * width;
        for (let c = 0; c < width; c++) dW[dst + c] += dOut[src + c];
      }
    });
  }
  return out;
}
