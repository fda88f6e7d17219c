// DeepSpeed's ZeRO-2/ZeRO-3 model-state estimators against the tables its "Memory Requirements" page
// prints for total_params = 2851e6, largest_layer_params = 32e6 on 1 node × 8 GPUs (the page's "GB"
// divides by 2³⁰, so the numbers below are GiB, printed with 2 decimals):
//   ZeRO-2   per CPU 127.45 | per GPU 5.31  offload_optimizer=cpu
//            per CPU 127.45 | per GPU 15.93 offload_optimizer=none
//   ZeRO-3   71.69 | 0.12  offload_param=cpu,  offload_optimizer=cpu,  zero_init=1
//            127.45 | 0.12 offload_param=cpu,  offload_optimizer=cpu,  zero_init=0
//            63.72 | 0.78  offload_param=none, offload_optimizer=cpu,  zero_init=1
//            127.45 | 0.78 offload_param=none, offload_optimizer=cpu,  zero_init=0
//            1.43 | 6.09   offload_param=none, offload_optimizer=none, zero_init=1
//            127.45 | 6.09 offload_param=none, offload_optimizer=none, zero_init=0
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { largestLayerParams, zero2OffloadEstimates, zero3OffloadEstimates } from "../src/systems/deepspeed.js";

const GIB = 2 ** 30;
const printed = (rows: { cpuBytesPerNode: number; gpuBytesPerGpu: number }[]) => rows.map((r) => [(r.cpuBytesPerNode / GIB).toFixed(2), (r.gpuBytesPerGpu / GIB).toFixed(2)]);

describe("zero2OffloadEstimates", () => {
  it("reproduces DeepSpeed's t5-3b table (2851M params, 8 GPUs)", () => {
    const e = zero2OffloadEstimates({ params: 2851e6, gpusPerNode: 8 });
    expect(printed(e.rows)).toEqual([
      ["127.45", "5.31"],
      ["127.45", "15.93"],
    ]);
    expect(e.rows.map((r) => r.offloadOptimizer)).toEqual(["cpu", "none"]);
  });

  it("works the bytes by hand: CPU Ψ·max(4N, 16)·1.5, GPU 2Ψ with offload", () => {
    // 1 GPU: max(4, 16) = 16 → 1e9·16·1.5 = 2.4e10 B; GPU 2e9. Without offload: CPU 4·1e9·1·1.5 = 6e9; GPU 4e9 + 16e9/1 = 2e10.
    const e = zero2OffloadEstimates({ params: 1e9 });
    expect(e.rows.map((r) => [r.cpuBytesPerNode, r.gpuBytesPerGpu])).toEqual([
      [2.4e10, 2e9],
      [6e9, 2e10],
    ]);
    // A buffer factor of 1 removes the 1.5: 1.6e10 and 4e9.
    expect(zero2OffloadEstimates({ params: 1e9, bufferFactor: 1 }).rows.map((r) => r.cpuBytesPerNode)).toEqual([1.6e10, 4e9]);
  });

  it("counts every GPU of every node in the offload CPU figure, as estimate_zero2_model_states_mem_needs does", () => {
    // 2 nodes × 8 GPUs: N = 16, max(4·16, 16) = 64 → 2851e6·64·1.5 = 273,696,000,000 B (254.90 GiB) per node.
    // Without offload the CPU figure stays per node: 4·2851e6·8·1.5 = 136,848,000,000 B; GPU 4Ψ + 16Ψ/16 = 5Ψ.
    const e = zero2OffloadEstimates({ params: 2851e6, gpusPerNode: 8, nodes: 2 });
    expect(e.rows.map((r) => [r.cpuBytesPerNode, r.gpuBytesPerGpu])).toEqual([
      [273_696_000_000, 5_702_000_000],
      [136_848_000_000, 14_255_000_000],
    ]);
  });
});

describe("zero3OffloadEstimates", () => {
  it("reproduces DeepSpeed's t5-3b table (2851M params, 32M largest layer, 8 GPUs)", () => {
    const e = zero3OffloadEstimates({ params: 2851e6, largestLayerParams: 32e6, gpusPerNode: 8 });
    expect(printed(e.rows)).toEqual([
      ["71.69", "0.12"],
      ["127.45", "0.12"],
      ["63.72", "0.78"],
      ["127.45", "0.78"],
      ["1.43", "6.09"],
      ["127.45", "6.09"],
    ]);
    expect(e.rows.map((r) => [r.offloadParam, r.offloadOptimizer, r.zeroInit])).toEqual([
      ["cpu", "cpu", true],
      ["cpu", "cpu", false],
      ["none", "cpu", true],
      ["none", "cpu", false],
      ["none", "none", true],
      ["none", "none", false],
    ]);
  });

  it("works the bytes by hand over 2 nodes × 4 GPUs: g = 1/2, N = 8", () => {
    // Ψ = 8e9, λ = 1e8, f = 1.5. Offload both, zero_init: 18·8e9·(1/2)·1.5 = 1.08e11; GPU 4λ = 4e8.
    // Without zero_init: 8e9·max(16, 9)·1.5 = 1.92e11. Optimizer only: 16·8e9/2·1.5 = 9.6e10, GPU 4e8 + 2·8e9/8 = 2.4e9.
    // No offload: GPU 4e8 + 18·8e9/8 = 1.84e10; CPU zero_init 4·1e8·4·1.5 = 2.4e9, else 4·8e9·4·1.5 = 1.92e11.
    const e = zero3OffloadEstimates({ params: 8e9, largestLayerParams: 1e8, gpusPerNode: 4, nodes: 2 });
    expect(e.rows.map((r) => [r.cpuBytesPerNode, r.gpuBytesPerGpu])).toEqual([
      [1.08e11, 4e8],
      [1.92e11, 4e8],
      [9.6e10, 2.4e9],
      [1.92e11, 2.4e9],
      [2.4e9, 1.84e10],
      [1.92e11, 1.84e10],
    ]);
  });

  it("rejects a missing or impossible largest layer, and bad counts", () => {
    expect(() => zero3OffloadEstimates({ params: 1e9 })).toThrow(/largestLayerParams/);
    expect(() => zero3OffloadEstimates({ params: 1e9, largestLayerParams: 2e9 })).toThrow(InputError);
    expect(() => zero3OffloadEstimates({ params: 1e9, largestLayerParams: 2e9 })).toThrow("the largest layer (2000000000 parameters) is larger than the whole model (1000000000)");
    expect(() => zero2OffloadEstimates({ params: 1e9, gpusPerNode: 0 })).toThrow(/gpusPerNode/);
    expect(() => zero2OffloadEstimates({ params: 1e9, bufferFactor: 0.5 })).toThrow(/bufferFactor/);
  });
});

describe("largestLayerParams", () => {
  it("is the largest matrix one module holds: the embedding for GPT-2 and Llama-2-7B", () => {
    // GPT-2 small: V·h = 50257·768 = 38,597,376 > h·f + f = 768·3072 + 3072 = 2,362,368.
    expect(largestLayerParams({ family: "gpt", vocabSize: 50257, hidden: 768, layers: 12, heads: 12, maxSeqLen: 1024 })).toBe(38_597_376);
    // A small vocabulary leaves the MLP matrix largest: h·f = 4096·11008 = 45,088,768 > 1000·4096.
    expect(largestLayerParams({ family: "llama", vocabSize: 1000, hidden: 4096, layers: 2, heads: 32, ffnHidden: 11008, maxSeqLen: 4096 })).toBe(45_088_768);
  });
});
