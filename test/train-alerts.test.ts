import { describe, expect, it } from "vitest";
import type { Parameter } from "../src/optim/parameter.js";
import { findNonFinite, lossSpike } from "../src/train/alerts.js";
import { layerOf, layerStats } from "../src/train/layer-stats.js";
import { windowOffsets } from "../src/train/evaluate-model.js";

const param = (name: string, data: number[], grad: number[]): Parameter => ({ name, shape: [data.length], data: Float32Array.from(data), grad: Float32Array.from(grad) }) as Parameter;

describe("findNonFinite", () => {
  const params = () => [param("transformer.wte.weight", [1, 2], [0, 0]), param("transformer.h.0.mlp.c_fc.weight", [3, 4], [0, 0]), param("transformer.ln_f.weight", [1, 1], [0, 0])];

  it("is null when everything is finite", () => {
    expect(findNonFinite(params(), 2.5)).toBeNull();
  });

  it("names weights first (forward order), then the loss, then gradients from the last layer back", () => {
    const p = params();
    p[1].data[1] = Infinity;
    p[0].grad[0] = NaN;
    expect(findNonFinite(p, NaN)).toEqual({ tensor: "transformer.h.0.mlp.c_fc.weight", value: Infinity });
    p[1].data[1] = 4;
    expect(findNonFinite(p, NaN)).toEqual({ tensor: "loss", value: NaN });
    p[1].grad[0] = -Infinity;
    expect(findNonFinite(p, 2)).toEqual({ tensor: "grad of transformer.h.0.mlp.c_fc.weight", value: -Infinity }); // computed before wte's
  });
});

describe("lossSpike", () => {
  it("flags a loss more than k standard deviations above a full window, and nothing else", () => {
    const window = [2, 2.1, 1.9, 2, 2.05];
    // mean 2.01, sample std 0.0742: 3 is 13.3 standard deviations above
    expect(lossSpike(window, 3, 6, 5)).toBeCloseTo((3 - 2.01) / 0.07416198487, 6);
    expect(lossSpike(window, 2.1, 6, 5)).toBeNull();
    expect(lossSpike(window.slice(0, 4), 3, 6, 5)).toBeNull(); // window not yet full
    expect(lossSpike([2, 2, 2], 9, 6, 3)).toBeNull(); // no spread to measure against
  });
});

describe("layer statistics", () => {
  it("groups nanoGPT parameter names into layers", () => {
    expect(["transformer.wte.weight", "transformer.wpe.weight", "transformer.h.11.attn.c_attn.weight", "transformer.ln_f.bias", "lm_head.weight"].map(layerOf)).toEqual(["wte", "wpe", "h.11", "ln_f", "lm_head"]);
  });

  it("gives each layer's gradient norm and ‖Δθ‖/‖θ‖ over all its parameters", () => {
    const a = param("transformer.h.0.attn.c_attn.weight", [3, 4], [0, 0]);
    const b = param("transformer.h.0.mlp.c_fc.weight", [0, 0], [0, 0]);
    const before = [a.data.slice(), b.data.slice()];
    a.data.set([3, 4.5]); // Δ = (0, 0.5); ‖θ‖ = 5 over both parameters
    const [stat] = layerStats([a, b], [3, 4], before);
    expect(stat.layer).toBe("h.0");
    expect(stat.gradNorm).toBeCloseTo(5, 12); // √(3² + 4²)
    expect(stat.updateRatio).toBeCloseTo(0.1, 7);
  });
});

describe("windowOffsets", () => {
  it("spreads distinct windows evenly, never repeating one, and covers a stream in blocks for 'all'", () => {
    expect(windowOffsets(1000, 64, 4)).toEqual([0, 312, 623, 935]);
    expect(windowOffsets(70, 64, 32)).toEqual([0, 1, 2, 3, 4, 5]); // only 6 distinct full windows exist
    expect(windowOffsets(10, 64, 5)).toEqual([0]); // one partial window
    expect(windowOffsets(1, 64, 5)).toEqual([]); // no target to score
    expect(windowOffsets(130, 64, "all")).toEqual([0, 64, 128]); // 129 targets: 64 + 64 + 1
  });
});
