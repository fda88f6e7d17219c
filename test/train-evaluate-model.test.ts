import { describe, expect, it } from "vitest";
import { gptConfig } from "../src/nn/config.js";
import { createGpt, forward } from "../src/nn/gpt.js";
import { createRng } from "../src/stats/prng.js";
import { noGrad } from "../src/tensor/tensor.js";
import { windowLoss } from "../src/train/evaluate-model.js";

describe("windowLoss with z-loss on", () => {
  it("scores the plain cross-entropy, computed here in float64 from the logits, never the z-loss term", () => {
    const config = gptConfig({ vocabSize: 13, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, zLoss: 0.1 });
    const model = createGpt(config, 4);
    // Large logits, so log Z is far from 0 and the z-loss term is large: 0.1·(log Z)².
    for (const p of model.parameters) if (p.name === "transformer.wte.weight") p.data.forEach((_, i, d) => (d[i] *= 30));
    const rng = createRng(9);
    const stream = Int32Array.from({ length: 30 }, () => rng.nextInt(13));
    const offsets = [0, 8, 21]; // the last window has 21..28 as inputs: 8 targets, the stream's end

    // Independently: log-softmax of each window's logits, Σ over targets of −log p(target); and Σ (log Z)².
    let nll = 0;
    let squaredLogZ = 0;
    let tokens = 0;
    for (const offset of offsets) {
      const inputs = stream.subarray(offset, offset + 8);
      const logits = noGrad(() => forward(model, inputs, 1, 8)).logits.data;
      for (let t = 0; t < 8; t++) {
        const row = logits.subarray(t * 13, (t + 1) * 13);
        const max = Math.max(...row);
        const logZ = max + Math.log(row.reduce((sum, z) => sum + Math.exp(z - max), 0));
        nll += logZ - row[stream[offset + t + 1]];
        squaredLogZ += logZ ** 2;
        tokens++;
      }
    }
    const total = windowLoss(model, stream, offsets);
    expect(total.tokens).toBe(tokens);
    expect(Math.abs(total.nll - nll) / nll).toBeLessThan(1e-6);
    // The z-loss term would have moved the total by 0.1·Σ(log Z)², far beyond that tolerance.
    expect((0.1 * squaredLogZ) / nll).toBeGreaterThan(1e-2);
  });
});
