// A miniature GPT block built from the ops, checked end to end by finite differences: this
// exercises the tape through fan-out (residuals), shared data (reshape) and every op kind.
import { describe, expect, it } from "vitest";
import { gelu } from "../src/tensor/activation.js";
import { causalAttention } from "../src/tensor/attention.js";
import { add } from "../src/tensor/elementwise.js";
import { embedding } from "../src/tensor/embedding.js";
import { linear, matmul } from "../src/tensor/matmul.js";
import { layerNorm } from "../src/tensor/norm.js";
import { reshape, split, transpose } from "../src/tensor/shape.js";
import { crossEntropy } from "../src/tensor/softmax.js";
import { clearTape, tapeLength, type Tensor } from "../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

const B = 2, T = 3, C = 4, H = 2, V = 5;
const tokens = [0, 3, 1, 4, 4, 2];
const targets = [3, 1, -100, 2, 0, 1];

/** x = wte[tokens] + wpe; x += attn(ln(x)); x += mlp(ln(x)); loss = CE(ln(x)·wteᵀ). */
function miniGpt([wte, wpe, lnW, lnB, attnW, projW, fcW, fcProjW]: Tensor[]): Tensor {
  let x = add(embedding(wte, tokens, [B, T]), wpe); // [B, T, C] + [T, C]
  const [q, k, v] = split(linear(layerNorm(x, lnW, lnB), attnW), [C, C, C], -1); // each [B, T, C]
  const heads = (t: Tensor) => transpose(reshape(t, [B, T, H, C / H]), 1, 2); // [B, H, T, D]
  const y = reshape(transpose(causalAttention(heads(q), heads(k), heads(v)), 1, 2), [B, T, C]);
  x = add(x, linear(y, projW));
  x = add(x, linear(gelu(linear(layerNorm(x, lnW, lnB), fcW)), fcProjW));
  const logits = matmul(layerNorm(x, lnW, lnB), transpose(wte, 0, 1)); // tied head: [B, T, C]·[C, V]
  return crossEntropy(logits, targets);
}

describe("ops composed into a GPT block", () => {
  it("every parameter's gradient matches finite differences", () => {
    clearTape();
    const params = [
      randomTensor([V, C], 1), randomTensor([T, C], 2), randomTensor([C], 3, 0.5, 1.5), randomTensor([C], 4),
      randomTensor([3 * C, C], 5), randomTensor([C, C], 6), randomTensor([4 * C, C], 7), randomTensor([C, 4 * C], 8),
    ];
    const result = checkGradients(miniGpt, params);
    expect(result.checked).toBe(params.reduce((n, p) => n + p.data.length, 0));
    expect(result.largestGradient).toBeGreaterThan(1e-2);
    expect(result.worst).toBeLessThanOrEqual(1);
    expect(tapeLength()).toBe(0); // the checks ran under noGrad; backward consumed the tape
  });
});
