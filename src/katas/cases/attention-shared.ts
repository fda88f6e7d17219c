/**
 * What the attention katas share: lmdojo's causal attention on the judge's arrays (the
 * expected outputs), and a float64 attention with the choices a known mistake changes (the
 * scale, which keys a query sees, the softmax axis, the max subtraction) for the bugs.
 */
import { causalAttention } from "../../tensor/attention.js";
import { tensor } from "../../tensor/tensor.js";
import { nd, type NDArray } from "../values.js";

/** q, k, v [..., T, D] → causal attention [..., T, D] by the float32 engine, every leading index one head. */
export function engineCausalAttention(q: NDArray, k: NDArray, v: NDArray): NDArray {
  const [steps, dim] = q.shape.slice(-2);
  const heads = q.data.length / (steps * dim);
  const asHeads = (a: NDArray) => tensor(a.data, [1, heads, steps, dim]);
  return nd(q.shape, causalAttention(asHeads(q), asHeads(k), asHeads(v)).data);
}

export interface AttentionChoices {
  /** Multiplies q·k; 1/√D unless given. */
  scale?: number;
  /** Whether query t sees key u (the others get −inf); causal u ≤ t unless given. */
  visible?: (t: number, u: number) => boolean;
  /** The axis the softmax normalizes: over the keys (right) or over the queries. */
  over?: "keys" | "queries";
  /** Whether the softmax subtracts the max before exp (right) or exponentiates raw scores. */
  subtractMax?: boolean;
}

/**
 * softmax(q kᵀ·scale + mask) v in float64: q [..., Tq, D], k and v [..., Tk, D] → [..., Tq, D].
 * A softmax over nothing but −inf is NaN, as in NumPy (−inf − (−inf)).
 */
export function attention64(q: NDArray, k: NDArray, v: NDArray, choices: AttentionChoices = {}): NDArray {
  const [tq, dim] = q.shape.slice(-2);
  const tk = k.shape[k.shape.length - 2];
  const { scale = 1 / Math.sqrt(dim), visible = (t: number, u: number) => u <= t, over = "keys", subtractMax = true } = choices;
  const heads = tq === 0 ? 0 : q.data.length / (tq * dim);
  const out = new Float64Array(q.data.length);
  for (let h = 0; h < heads; h++) {
    // scores: [Tq, Tk]
    const scores = Array.from({ length: tq }, (_, t) =>
      Array.from({ length: tk }, (_, u) => {
        if (!visible(t, u)) return -Infinity;
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += q.data[(h * tq + t) * dim + d] * k.data[(h * tk + u) * dim + d];
        return dot * scale;
      }),
    );
    const weights = over === "keys" ? scores.map((row) => softmax(row, subtractMax)) : transpose(transpose(scores).map((column) => softmax(column, subtractMax)));
    for (let t = 0; t < tq; t++) {
      for (let u = 0; u < tk; u++) {
        for (let d = 0; d < dim; d++) out[(h * tq + t) * dim + d] += weights[t][u] * v.data[(h * tk + u) * dim + d];
      }
    }
  }
  return nd(q.shape, out);
}

function softmax(row: number[], subtractMax: boolean): number[] {
  const max = subtractMax ? Math.max(...row) : 0;
  const e = row.map((s) => Math.exp(s - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

const transpose = (m: number[][]): number[][] => (m.length === 0 ? [] : m[0].map((_, j) => m.map((row) => row[j])));
