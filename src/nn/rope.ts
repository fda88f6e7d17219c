/**
 * Rotary position embedding (RoPE; Su et al. 2021, "RoFormer", eq. 34), in the GPT-NeoX /
 * Llama layout that rotates the pair (i, i + D/2) of each head vector, forward and
 * backward side by side.
 *
 * For a vector x [D] at absolute position m and i in [0, D/2):
 *   θ_i = base^(−2i/D),  a = m·θ_i
 *   y_i       = x_i·cos a − x_{i+D/2}·sin a
 *   y_{i+D/2} = x_{i+D/2}·cos a + x_i·sin a
 * A rotation's backward is its transpose (rotation by −a):
 *   dx_i       =  dy_i·cos a + dy_{i+D/2}·sin a
 *   dx_{i+D/2} = −dy_i·sin a + dy_{i+D/2}·cos a
 * Since q_m·k_n then depends only on m − n, attention sees relative positions.
 */
import { gradOf, needsGrad, opOutput, record, type Tensor } from "../tensor/tensor.js";

/** The base of the angle frequencies in RoFormer, GPT-NeoX and Llama. */
export const ROPE_BASE = 10000;

/**
 * Rotates x [B, H, T, D] (queries or keys per head) by its positions: position of step t is
 * `positionOffset + t` (the absolute position, which a KV cache needs when it feeds one
 * token at a time). D must be even.
 *
 * @example q = rotary(q, 0) // q [B, H, T, D]
 */
export function rotary(x: Tensor, positionOffset = 0, base = ROPE_BASE): Tensor {
  if (x.shape.length !== 4 || x.shape[3] % 2 !== 0) {
    throw new Error(`rotary expects x [B, H, T, D] with D even, got [${x.shape.join(", ")}]: use nEmbd / nHead even for rotary positions`);
  }
  if (!(Number.isInteger(positionOffset) && positionOffset >= 0)) throw new Error(`rotary positionOffset must be a whole number >= 0, got ${positionOffset}`);
  const [batch, heads, steps, dim] = x.shape;
  const half = dim / 2;
  // cos and sin of a = m·θ_i for each step t and pair i: [T, D/2], computed in float64.
  const cos = new Float64Array(steps * half);
  const sin = new Float64Array(steps * half);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < half; i++) {
      const angle = (positionOffset + t) * Math.pow(base, (-2 * i) / dim);
      cos[t * half + i] = Math.cos(angle);
      sin[t * half + i] = Math.sin(angle);
    }
  }
  const out = opOutput(x.shape);
  for (let row = 0; row < batch * heads * steps; row++) {
    const t = row % steps;
    const start = row * dim;
    for (let i = 0; i < half; i++) {
      const c = cos[t * half + i];
      const s = sin[t * half + i];
      const x1 = x.data[start + i];
      const x2 = x.data[start + i + half];
      out.data[start + i] = x1 * c - x2 * s;
      out.data[start + i + half] = x2 * c + x1 * s;
    }
  }
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let row = 0; row < batch * heads * steps; row++) {
        const t = row % steps;
        const start = row * dim;
        for (let i = 0; i < half; i++) {
          const c = cos[t * half + i];
          const s = sin[t * half + i];
          const dy1 = dOut[start + i];
          const dy2 = dOut[start + i + half];
          dx[start + i] += dy1 * c + dy2 * s;
          dx[start + i + half] += -dy1 * s + dy2 * c;
        }
      }
    });
  }
  return out;
}
