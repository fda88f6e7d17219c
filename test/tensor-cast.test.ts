// cast: a matmul output held in half precision, forward and backward, against hand-rounded values.
import { describe, expect, it } from "vitest";
import { cast } from "../src/tensor/cast.js";
import { backward, tensor } from "../src/tensor/tensor.js";

describe("cast", () => {
  it("fp16 rounds the values on the way forward and the gradient on the way back", () => {
    const x = tensor([1 / 3, 70000, 1e-8, -2.5], [4], { requiresGrad: true });
    const y = cast(x, "fp16");
    // 1/3 → 0.333251953125 (10 fraction bits), 70000 → inf (past 65504), 1e-8 → 0 (below 2^-25), −2.5 exact.
    expect([...y.data]).toEqual([0.333251953125, Infinity, 0, -2.5]);
    backward(y, [1 / 3, 1e-8, 3e-8, 1]);
    // Gradients: 1e-8 flushes to 0; 3e-8 (just above 2^-25) rounds up to the smallest subnormal, 2^-24 ≈ 5.96e-8.
    expect([...x.grad!]).toEqual([Math.fround(0.333251953125), 0, Math.fround(2 ** -24), 1]);
  });

  it("bf16 keeps 8 significant bits; fp32 is the tensor itself", () => {
    const x = tensor([1 / 3], [1], { requiresGrad: true });
    expect(cast(x, "bf16").data[0]).toBe(0.333984375);
    expect(cast(x, "fp32")).toBe(x);
  });
});
