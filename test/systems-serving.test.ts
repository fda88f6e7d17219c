// Serving: memory (weights + KV cache) and one decode step, worked by hand for Llama-2-7B
// (Ψ = 6,738,415,616; N of 2N = Ψ − V·h = 6,738,415,616 − 131,072,000 = 6,607,343,616; L = 32, H = 32, Q = 128).
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { forwardFlopsPerToken } from "../src/systems/flops.js";
import { MODEL_PRESETS } from "../src/systems/presets.js";
import { decodeStep, servingMemory } from "../src/systems/serving.js";

const LLAMA2_7B = MODEL_PRESETS["llama2-7b"].arch;
const A100 = { peakFlops: 312e12, bandwidth: 2039e9 };

describe("forwardFlopsPerToken", () => {
  it("is 2N + 4·L·H·Q·T, a third of training's 6N + 12·L·H·Q·T", () => {
    // 2·6,607,343,616 = 13,214,687,232; 4·32·32·128·4096 = 2,147,483,648; sum 15,362,170,880.
    const f = forwardFlopsPerToken(LLAMA2_7B, 4096);
    expect(f.paramFlops).toBe(13_214_687_232);
    expect(f.attentionFlops).toBe(2_147_483_648);
    expect(f.flopsPerToken).toBe(15_362_170_880);
    expect(f.formula).toBe("2N + 4·L·H·Q·T");
  });
});

describe("decodeStep", () => {
  it("batch 1 at 4096 tokens in bf16 on an A100: memory-bound, reads weights and one cache", () => {
    // Weights 2·6,738,415,616 = 13,476,831,232 B; cache 2·32·32·128·4096·2 = 2³¹ = 2,147,483,648 B;
    // read 15,624,314,880 B in 15,624,314,880/2.039e12 = 7.6627 ms; compute 15,362,170,880/312e12 = 49.2 µs.
    const step = decodeStep({ arch: LLAMA2_7B, seqLen: 4096, batch: 1, dtype: "bf16", ...A100 });
    expect(step.weightBytes).toBe(13_476_831_232);
    expect(step.kvBytes).toBe(2 ** 31);
    expect(step.flops).toBe(15_362_170_880);
    expect(step.roofline.bound).toBe("memory-bound");
    expect(step.roofline.time).toBeCloseTo(15_624_314_880 / 2039e9, 15);
    expect(step.tokensPerSecond).toBeCloseTo(2039e9 / 15_624_314_880, 9);
  });

  it("a large batch at a short context turns compute-bound", () => {
    // Batch 512 at T = 128, fp8: FLOPs 512·(13,214,687,232 + 4·32·32·128·128 = 67,108,864) = 6.800e12 →
    // 21.8 ms at 312e12; bytes 6,738,415,616 + 512·(2·32·32·128·128·1 = 33,554,432) = 23,918,284,800 → 11.7 ms.
    const step = decodeStep({ arch: LLAMA2_7B, seqLen: 128, batch: 512, dtype: "fp8", ...A100 });
    expect(step.flops).toBe(512 * (13_214_687_232 + 67_108_864));
    expect(step.memoryBound.bytesRead).toBe(6_738_415_616 + 512 * 33_554_432);
    expect(step.roofline.bound).toBe("compute-bound");
  });

  it("params overrides the weights read and the 2N FLOPs", () => {
    // 7e9 params in bf16: 1.4e10 B read for weights; 2·7e9 + 2,147,483,648 FLOPs per token.
    const step = decodeStep({ arch: LLAMA2_7B, params: 7e9, seqLen: 4096, batch: 1, dtype: "bf16", ...A100 });
    expect(step.weightBytes).toBe(1.4e10);
    expect(step.flops).toBe(1.4e10 + 2_147_483_648);
  });
});

describe("servingMemory", () => {
  it("weights + KV cache in their own formats, against the device", () => {
    // fp16 weights and cache: 13,476,831,232 + 2³¹ = 15,624,314,880 B; on 80 GiB = 85,899,345,920 B, 70,275,031,040 free.
    const s = servingMemory({ arch: LLAMA2_7B, seqLen: 4096, batch: 1, kvDtype: "fp16", deviceBytes: 80 * 2 ** 30 });
    expect(s.memory.total).toBe(15_624_314_880);
    expect(s.freeBytes).toBe(70_275_031_040);
    expect(s.kvCache.bytesPerTokenPerLayer).toBe(2 * 32 * 128 * 2);
    // fp8 cache, bf16 weights, batch 8: 13,476,831,232 + 8·2³⁰ = 22,066,765,824 B.
    expect(servingMemory({ arch: LLAMA2_7B, seqLen: 4096, batch: 8, kvDtype: "fp8", weightsDtype: "bf16" }).memory.total).toBe(22_066_765_824);
  });

  it("rejects an unknown format", () => {
    expect(() => servingMemory({ arch: LLAMA2_7B, seqLen: 4096, batch: 1, kvDtype: "fp6" as "fp8" })).toThrow(InputError);
  });
});
