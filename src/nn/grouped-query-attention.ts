/**
 * Grouped-query attention (GQA; Ainslie et al. 2023, "GQA: Training Generalized Multi-Query
 * Transformer Models from Multi-Head Checkpoints"): H query heads share H_kv key/value heads,
 * H divisible by H_kv, in consecutive groups of G = H / H_kv:
 *   query head h reads kv head ⌊h / G⌋
 * H_kv = H is multi-head attention, H_kv = 1 multi-query attention (Shazeer 2019). The KV
 * cache shrinks by G; the attention itself is causalAttention after repeating each kv head
 * G times, as Llama's repeat_kv (torch.repeat_interleave over the head axis) does.
 */
import { causalAttention } from "../tensor/attention.js";
import { gradOf, needsGrad, opOutput, record, type Tensor } from "../tensor/tensor.js";

/**
 * x [B, H_kv, T, D] → [B, H_kv·groups, T, D] with output head h = input head ⌊h / groups⌋.
 * Backward: each input head receives the sum of the gradients of its `groups` copies.
 *
 * @example repeatKvHeads(k, 4) // k [1, 2, T, D] → [1, 8, T, D]: heads 0..3 read k head 0
 */
export function repeatKvHeads(x: Tensor, groups: number): Tensor {
  if (x.shape.length !== 4 || !(Number.isInteger(groups) && groups >= 1)) {
    throw new Error(`repeatKvHeads expects x [B, H_kv, T, D] and whole groups >= 1, got [${x.shape.join(", ")}] and ${groups}`);
  }
  const [batch, kvHeads, steps, dim] = x.shape;
  const slice = steps * dim; // one head: [T, D]
  const out = opOutput([batch, kvHeads * groups, steps, dim]);
  // Input head j of batch b (flat index b·H_kv + j) fills output heads (b·H_kv + j)·G .. +G−1.
  for (let head = 0; head < batch * kvHeads; head++) {
    const source = x.data.subarray(head * slice, (head + 1) * slice);
    for (let g = 0; g < groups; g++) out.data.set(source, (head * groups + g) * slice);
  }
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let head = 0; head < batch * kvHeads; head++) {
        for (let g = 0; g < groups; g++) {
          const from = (head * groups + g) * slice;
          for (let i = 0; i < slice; i++) dx[head * slice + i] += dOut[from + i];
        }
      }
    });
  }
  return out;
}

/**
 * Causal grouped-query attention: q [B, H, T, D], k and v [B, H_kv, T, D] → [B, H, T, D],
 *   o[h, t] = Σ_{u ≤ t} softmax_u(q[h, t]·k[g(h), u] / √D)·v[g(h), u],   g(h) = ⌊h / (H / H_kv)⌋
 *
 * @example groupedQueryAttention(q, k, v) // q [1, 8, T, 64], k, v [1, 2, T, 64]: 4 query heads per kv head
 */
export function groupedQueryAttention(q: Tensor, k: Tensor, v: Tensor): Tensor {
  const [batch, heads, steps, dim] = q.shape;
  const kvHeads = k.shape[1];
  const kvShapeOk = (t: Tensor) => t.shape.length === 4 && t.shape[0] === batch && t.shape[1] === kvHeads && t.shape[2] === steps && t.shape[3] === dim;
  if (q.shape.length !== 4 || !kvShapeOk(k) || !kvShapeOk(v) || kvHeads < 1 || heads % kvHeads !== 0) {
    throw new Error(
      `groupedQueryAttention expects q [B, H, T, D] and k, v [B, H_kv, T, D] with H divisible by H_kv, got [${q.shape.join(", ")}], [${k.shape.join(", ")}], [${v.shape.join(", ")}]`,
    );
  }
  const groups = heads / kvHeads;
  return causalAttention(q, repeatKvHeads(k, groups), repeatKvHeads(v, groups));
}
