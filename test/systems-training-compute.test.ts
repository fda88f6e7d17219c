// trainingCompute: FLOPs per token, per run, time and MFU from what is known about a run.
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { MODEL_PRESETS } from "../src/systems/presets.js";
import { trainingCompute } from "../src/systems/training-compute.js";

const GPT2_SMALL = MODEL_PRESETS["gpt2-small"].arch;

describe("trainingCompute", () => {
  it("from a model: 6N + 12·L·H·Q·T per token, the run, its time and a step's MFU", () => {
    // 6·123,653,376 + 12·12·12·64·1024 = 855,166,464 per token (nanoGPT estimate_mfu).
    // Run of 1e9 tokens: 8.55166464e17 FLOPs; on 2 devices of 312e12 at MFU 0.5: 8.55166464e17/3.12e14 = 2740.9 s.
    // Step of 16 × 1024 tokens in 0.5 s: 855,166,464·16,384/0.5/(2·312e12) = 0.04491.
    const c = trainingCompute({ arch: GPT2_SMALL, seqLen: 1024, tokens: 1e9, devices: 2, peakFlops: 312e12, mfu: 0.5, stepTime: 0.5, batch: 16 });
    expect(c.perToken.flopsPerToken).toBe(855_166_464);
    expect(c.run?.flops).toBe(6 * 123_653_376 * 1e9);
    expect(c.run?.flopsWithAttention).toBe(855_166_464 * 1e9);
    expect(c.time?.seconds).toBeCloseTo((855_166_464 * 1e9) / (2 * 312e12 * 0.5), 9);
    expect(c.step?.flopsPerIteration).toBe(855_166_464 * 16 * 1024);
    expect(c.step?.utilization).toBeCloseTo((855_166_464 * 16_384) / 0.5 / (2 * 312e12), 12);
  });

  it("from a parameter count alone: 6N, no attention term", () => {
    // 6·7e9 = 4.2e10 per token; 6·7e9·1.4e12 = 5.88e22 for the run.
    const c = trainingCompute({ params: 7e9, tokens: 1.4e12 });
    expect(c.perToken).toMatchObject({ flopsPerToken: 4.2e10, attentionFlops: 0, formula: "6N" });
    expect(c.run?.flopsWithAttention).toBe(5.88e22);
    expect(c.time).toBeNull();
    expect(c.step).toBeNull();
  });

  it("params with a model: N overridden, the attention term from the shape", () => {
    // 6·1e8 + 12·12·12·64·1024 = 6e8 + 113,246,208 = 713,246,208.
    expect(trainingCompute({ arch: GPT2_SMALL, params: 1e8, seqLen: 1024 }).perToken.flopsPerToken).toBe(713_246_208);
  });

  it("refuses a measured step faster than the devices' peak, and an MFU without tokens", () => {
    expect(() => trainingCompute({ arch: GPT2_SMALL, seqLen: 1024, peakFlops: 312e12, stepTime: 1e-6, batch: 16 })).toThrow(/above the devices' peak/);
    expect(() => trainingCompute({ arch: GPT2_SMALL, seqLen: 1024, peakFlops: 312e12, mfu: 0.4 })).toThrow(InputError);
    expect(() => trainingCompute({ seqLen: 1024 })).toThrow(/params/);
  });
});
