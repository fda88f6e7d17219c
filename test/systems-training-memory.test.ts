// trainingMemoryPerDevice: tensor × pipeline × ZeRO sharding of model states, worked by hand.
// Mixed-precision AdamW throughout: 2 (16-bit weights) + 2 (16-bit gradients) + 12 (fp32 master, m, v) bytes/param.
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { activationAdvice, trainingMemoryPerDevice } from "../src/systems/training-memory.js";

describe("trainingMemoryPerDevice", () => {
  it("7B model, tp = 2, pp = 4, ZeRO-1 over dp = 8", () => {
    // Ψ/(t·p) = 7e9/8 = 8.75e8 parameters per rank.
    // weights 2·8.75e8 = 1.75e9 B; gradients 2·8.75e8 = 1.75e9 B (ZeRO-1 leaves both whole);
    // optimizer states 12·8.75e8/8 = 1.3125e9 B; total 4.8125e9 B; 8·2·4 = 64 devices.
    const m = trainingMemoryPerDevice({ params: 7e9, optimizer: "adamw-mixed", tp: 2, pp: 4, dp: 8, zeroStage: 1 });
    expect(m.paramsPerRank).toBe(8.75e8);
    expect(m.perDevice).toEqual({ weights: 1.75e9, gradients: 1.75e9, optimizerStates: 1.3125e9, activations: 0, total: 4.8125e9 });
    expect(m.devices).toBe(64);
    expect(m.formulas).toEqual({ weights: "2 B/param × Ψ/(t·p)", gradients: "2 B/param × Ψ/(t·p)", optimizerStates: "12 B/param × Ψ/(t·p) / N_d" });
  });

  it("ZeRO-2 shards gradients and optimizer states, never the weights", () => {
    // Ψ = 8e9, t = 2, p = 2 → 2e9 per rank; dp = 4. Weights 2·2e9 = 4e9; gradients 2·2e9/4 = 1e9;
    // optimizer states 12·2e9/4 = 6e9; total 1.1e10.
    const m = trainingMemoryPerDevice({ params: 8e9, optimizer: "adamw-mixed", tp: 2, pp: 2, dp: 4, zeroStage: 2 });
    expect(m.perDevice).toEqual({ weights: 4e9, gradients: 1e9, optimizerStates: 6e9, activations: 0, total: 1.1e10 });
    expect(m.sharded).toEqual({ weights: false, gradients: true, optimizerStates: true });
  });

  it("ZeRO-3 shards all three; stage 0 none; activations are added unsharded", () => {
    // Ψ = 6.4e9, t = 2, p = 1 → 3.2e9 per rank, dp = 16: 16·3.2e9/16 = 3.2e9 B of states, + 5e9 activations.
    const zero3 = trainingMemoryPerDevice({ params: 6.4e9, optimizer: "adamw-mixed", tp: 2, dp: 16, zeroStage: 3, activationBytes: 5e9 });
    expect(zero3.perDevice).toEqual({ weights: 4e8, gradients: 4e8, optimizerStates: 2.4e9, activations: 5e9, total: 8.2e9 });
    expect(zero3.largest).toEqual({ component: "activations", share: 5e9 / 8.2e9 });
    // Stage 0 over dp = 16: nothing sharded, 16·3.2e9 = 5.12e10.
    const zero0 = trainingMemoryPerDevice({ params: 6.4e9, optimizer: "adamw-mixed", tp: 2, dp: 16 });
    expect(zero0.perDevice.total).toBe(5.12e10);
  });

  it("answers whether it fits on the device", () => {
    // 1e9 params, no parallelism: 16e9 B. On 20e9 B: 4e9 free; on 10e9 B: 6e9 over.
    expect(trainingMemoryPerDevice({ params: 1e9, optimizer: "adamw-mixed", deviceBytes: 20e9 })).toMatchObject({ freeBytes: 4e9, fits: true });
    expect(trainingMemoryPerDevice({ params: 1e9, optimizer: "adamw-mixed", deviceBytes: 10e9 })).toMatchObject({ freeBytes: -6e9, fits: false });
    expect(trainingMemoryPerDevice({ params: 1e9, optimizer: "adamw-mixed" })).toMatchObject({ freeBytes: null, fits: null });
  });

  it("rejects bad input", () => {
    expect(() => trainingMemoryPerDevice({ params: 1e9, optimizer: "adamw-mixed", tp: 0 })).toThrow(InputError);
    expect(() => trainingMemoryPerDevice({ params: 1e9, optimizer: "adamw-mixed", zeroStage: 4 as 3 })).toThrow(/zeroStage/);
    expect(() => trainingMemoryPerDevice({ params: -1, optimizer: "adamw-mixed" })).toThrow(/params/);
  });
});

describe("activationAdvice", () => {
  const memory = (activations: number, states: number) => ({ weights: states, gradients: 0, optimizerStates: 0, activations, total: activations + states });
  it("speaks only when activations are at least half the memory, by what is already recomputed", () => {
    expect(activationAdvice(memory(49, 51), "none")).toBeNull();
    expect(activationAdvice(memory(50, 50), "none")).toMatch(/^Activations are 50.0% of the memory: FlashAttention or selective recomputation/);
    expect(activationAdvice(memory(90, 10), "selective")).toMatch(/^Activations are 90.0% .*full recomputation keeps only 2sbh/);
    expect(activationAdvice(memory(90, 10), "full")).toMatch(/smaller micro-batch/);
  });
});
