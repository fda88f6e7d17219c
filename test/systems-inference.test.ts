import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { decodeStepTime, inferenceMemory, kvCacheBytes, roofline, trainingTime } from "../src/systems/inference.js";

// GiB = 2^30 bytes; GB = 1e9 bytes. Each test says which it uses.
const GIB = 2 ** 30;

// Accelerator figures from NVIDIA's datasheets (dense, no sparsity): A100 80GB SXM 312 TFLOP/s bf16 and
// 2,039 GB/s; H100 SXM 989 TFLOP/s bf16 (989.4 in the H100 whitepaper) and 3.35 TB/s.
const A100 = { peakFlops: 312e12, bandwidth: 2.039e12 };
const H100 = { peakFlops: 989.4e12, bandwidth: 3.35e12 };

describe("kvCacheBytes", () => {
  it("Llama-2-7B at 4096 tokens in fp16 is 2 GiB per sequence", () => {
    // Llama-2-7B config: 32 layers, 32 key/value heads (no GQA), head dim 128. 2·32·32·128·4096·2 = 2^31 bytes.
    const result = kvCacheBytes({ layers: 32, kvHeads: 32, headDim: 128, seqLen: 4096, batch: 1, bytesPerElement: 2 });
    expect(result.bytes).toBe(2 * GIB);
    expect(result.bytesPerToken).toBe(512 * 1024); // 0.5 MiB per token
    expect(result.formula).toBe("2·L·kvHeads·headDim·seq·batch·bytes");
  });

  it("grouped-query attention: Llama-2-70B (80 layers, 8 KV heads) is 1.25 GiB at 4096 tokens in fp16", () => {
    const result = kvCacheBytes({ layers: 80, kvHeads: 8, headDim: 128, seqLen: 4096, batch: 1, bytesPerElement: 2 });
    expect(result.bytes).toBe(1.25 * GIB);
  });

  it("is linear in batch and sequence length", () => {
    const one = kvCacheBytes({ layers: 4, kvHeads: 2, headDim: 64, seqLen: 100, batch: 1, bytesPerElement: 2 }).bytes;
    expect(kvCacheBytes({ layers: 4, kvHeads: 2, headDim: 64, seqLen: 300, batch: 5, bytesPerElement: 2 }).bytes).toBe(15 * one);
    expect(kvCacheBytes({ layers: 4, kvHeads: 2, headDim: 64, seqLen: 0, batch: 5, bytesPerElement: 2 }).bytes).toBe(0);
  });

  it("rejects bad input", () => {
    const base = { layers: 32, kvHeads: 32, headDim: 128, seqLen: 4096, batch: 1, bytesPerElement: 2 };
    expect(() => kvCacheBytes({ ...base, layers: 0 })).toThrow(/layers/);
    expect(() => kvCacheBytes({ ...base, kvHeads: 2.5 })).toThrow(/kvHeads/);
    expect(() => kvCacheBytes({ ...base, seqLen: -1 })).toThrow(InputError);
    expect(() => kvCacheBytes({ ...base, bytesPerElement: 0 })).toThrow(/bytesPerElement/);
  });
});

describe("inferenceMemory", () => {
  it("adds weights, KV cache and a stated overhead allowance", () => {
    // Llama-2-7B: 6,738,415,616 parameters × 2 bytes, one 4096-token sequence, 10% overhead.
    const weightBytes = 6_738_415_616 * 2;
    const result = inferenceMemory({ weightBytes, kvBytes: 2 * GIB, overheadFraction: 0.1 });
    expect(result.total).toBeCloseTo((weightBytes + 2 * GIB) * 1.1, 0);
    expect(result.overhead).toBeCloseTo(0.1 * (weightBytes + 2 * GIB), 0);
    expect(inferenceMemory({ weightBytes: 10, kvBytes: 5 }).total).toBe(15);
    expect(() => inferenceMemory({ weightBytes: 10, kvBytes: 5, overheadFraction: -0.1 })).toThrow(/overheadFraction/);
  });
});

describe("roofline", () => {
  it("ridge points: A100 ≈ 153 and H100 SXM ≈ 295 FLOPs per byte", () => {
    expect(roofline({ flops: 1, bytes: 1, ...A100 }).ridgePoint.toFixed(0)).toBe("153");
    expect(roofline({ flops: 1, bytes: 1, ...H100 }).ridgePoint.toFixed(0)).toBe("295");
  });

  it("a 4096³ bf16 matmul is compute-bound; a matrix-vector product is memory-bound", () => {
    const n = 4096;
    const matmul = roofline({ flops: 2 * n ** 3, bytes: 3 * n * n * 2, ...A100 });
    expect(matmul.arithmeticIntensity).toBeCloseTo(n / 3, 9);
    expect(matmul.bound).toBe("compute-bound");
    expect(matmul.time).toBe(matmul.computeTime);
    const gemv = roofline({ flops: 2 * n * n, bytes: n * n * 2, ...A100 });
    expect(gemv.arithmeticIntensity).toBe(1);
    expect(gemv.bound).toBe("memory-bound");
    expect(gemv.time).toBeCloseTo((n * n * 2) / A100.bandwidth, 15);
  });

  it("rejects bad input", () => {
    expect(() => roofline({ flops: 1, bytes: 1, peakFlops: 0, bandwidth: 1 })).toThrow(/peakFlops/);
    expect(() => roofline({ flops: -1, bytes: 1, ...A100 })).toThrow(/flops/);
    expect(() => roofline({ flops: 0, bytes: 0, ...A100 })).toThrow(InputError);
  });
});

describe("decodeStepTime", () => {
  it("Llama-2-7B in fp16 on an A100, batch 1 at 4096 tokens: ≈ 7.7 ms per token", () => {
    const paramBytes = 6_738_415_616 * 2;
    const result = decodeStepTime({ paramBytes, kvBytesPerSequence: 2 * GIB, batch: 1, bandwidth: A100.bandwidth });
    expect(result.time).toBeCloseTo((paramBytes + 2 * GIB) / 2.039e12, 15);
    expect((result.time * 1e3).toFixed(1)).toBe("7.7");
    expect(result.tokensPerSecond).toBeCloseTo(1 / result.time, 9);
  });

  it("batching amortises the weights: throughput rises with batch while KV reads grow", () => {
    const options = { paramBytes: 14e9, kvBytesPerSequence: 1e9, bandwidth: 2e12 };
    const b1 = decodeStepTime({ ...options, batch: 1 });
    const b16 = decodeStepTime({ ...options, batch: 16 });
    expect(b16.bytesRead).toBe(14e9 + 16e9);
    expect(b16.tokensPerSecond).toBeGreaterThan(b1.tokensPerSecond);
    expect(() => decodeStepTime({ ...options, batch: 0 })).toThrow(/batch/);
  });
});

describe("trainingTime", () => {
  it("reproduces Narayanan et al. 2021's estimates: GPT-3 175B in 34 days, 1T in 84 days", () => {
    // Narayanan et al. 2021 (Megatron-LM on GPU clusters), end-to-end training time ≈ 8TP/(nX) with
    // recomputation: 175B, 300B tokens, 1024 A100s at X = 140 TFLOP/s → 34 days; 1008B (their "1T"),
    // 450B tokens, 3072 A100s at 163 TFLOP/s → 84 days. X is achieved throughput, so mfu = X / 312e12 here.
    const gpt3 = trainingTime({ flops: 8 * 300e9 * 175e9, devices: 1024, peakFlops: 312e12, mfu: 140e12 / 312e12 });
    expect(Math.round(gpt3.days)).toBe(34);
    const trillion = trainingTime({ flops: 8 * 450e9 * 1008e9, devices: 3072, peakFlops: 312e12, mfu: 163e12 / 312e12 });
    expect(Math.round(trillion.days)).toBe(84);
    expect(gpt3.seconds / 86_400).toBe(gpt3.days);
  });

  it("rejects bad input", () => {
    const base = { flops: 1e21, devices: 8, peakFlops: 312e12, mfu: 0.4 };
    expect(() => trainingTime({ ...base, mfu: 0 })).toThrow(/mfu/);
    expect(() => trainingTime({ ...base, mfu: 1.5 })).toThrow(/mfu/);
    expect(() => trainingTime({ ...base, devices: 0 })).toThrow(/devices/);
    expect(() => trainingTime({ ...base, flops: -1 })).toThrow(/flops/);
  });
});
