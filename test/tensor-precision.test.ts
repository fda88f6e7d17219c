// Emulated bf16 and fp16 agree with PyTorch's casts. Fixtures: /usr/bin/python3 with torch 1.13,
//   t = torch.tensor(vals, dtype=torch.float32); t.to(torch.float16).float(); t.to(torch.bfloat16).float()
import { describe, expect, it } from "vitest";
import { roundInPlace, roundToBf16, roundToFp16 } from "../src/tensor/precision.js";

const INPUTS = [1 / 3, 0.1, 1, -2.5, 65504, 65519, 65520, 1e5, 6e-8, 2.98e-8, 2 ** -25, 1e-8, 6.1e-5, 6.103515625e-5, 3.0517578125e-5, 1.00048828125, 1.0009765625, 1.00146484375, -1e-7, 3.4e38, Infinity, -Infinity, 1.01171875, 1.00390625].map(Math.fround);
const TORCH_FP16 = [
  0.333251953125, 0.0999755859375, 1, -2.5, 65504, 65504, Infinity, Infinity, 2 ** -24, 0, 0, 0, 6.097555160522461e-5, 6.103515625e-5, 3.0517578125e-5, 1, 1.0009765625,
  1.001953125, -1.1920928955078125e-7, Infinity, Infinity, -Infinity, 1.01171875, 1.00390625,
];
const TORCH_BF16 = [
  0.333984375, 0.10009765625, 1, -2.5, 65536, 65536, 65536, 99840, 6.007030606269836e-8, 2 ** -25, 2 ** -25, 1.0011717677116394e-8, 6.103515625e-5, 6.103515625e-5,
  3.0517578125e-5, 1, 1, 1, -1.0011717677116394e-7, Infinity, Infinity, -Infinity, 1.015625, 1,
];

describe("emulated low precision", () => {
  it("rounds to fp16 as torch's cast does: ties to even, overflow to inf from 65520, subnormals, underflow to 0", () => {
    expect(INPUTS.map(roundToFp16)).toEqual(TORCH_FP16);
  });

  it("rounds to bf16 as torch's cast does: float32's range, 8 significand bits, ties to even", () => {
    expect(INPUTS.map(roundToBf16)).toEqual(TORCH_BF16);
  });

  it("keeps NaN and rounds arrays in place", () => {
    expect(roundToFp16(NaN)).toBeNaN();
    expect(roundToBf16(NaN)).toBeNaN();
    const data = Float32Array.from([1 / 3, 70000]);
    roundInPlace(data, "fp16");
    expect(Array.from(data)).toEqual([0.333251953125, Infinity]);
    const same = Float32Array.from([1 / 3]);
    roundInPlace(same, "fp32");
    expect(same[0]).toBe(Math.fround(1 / 3));
  });
});
