// Every quantitative generator on one fixed draw, with the answer worked by hand in the
// comment and the literal number asserted. Model shapes are the Hugging Face config.json
// values (and GPT-2's paper shapes); GPU figures are NVIDIA datasheet values.
import { describe, expect, it } from "vitest";
import { PROBLEM_GENERATORS } from "../src/drill/problems.js";
import type { QuantitativeProblem } from "../src/drill/quantitative.js";
import { createRng, type Rng } from "../src/stats/prng.js";

/** A generator state that makes the listed choices: the k-th pick takes item choices[k] of its list. */
function choosing(...choices: number[]): Rng {
  let next = 0;
  return {
    nextInt(n: number): number {
      if (next >= choices.length) throw new Error(`draw ${next} was not scripted`);
      const choice = choices[next++];
      if (choice >= n) throw new Error(`choice ${choice} out of a list of ${n}`);
      return choice;
    },
    nextUint32: () => {
      throw new Error("generators draw with nextInt only");
    },
    nextFloat: () => {
      throw new Error("generators draw with nextInt only");
    },
    state: () => [],
  };
}

/** The generator's problem for a scripted draw. */
function draw(id: string, ...choices: number[]): QuantitativeProblem {
  const generate = PROBLEM_GENERATORS[id];
  if (!generate) throw new Error(`no generator ${id}`);
  return generate(choosing(...choices));
}

/** Relative closeness: |got − want| ≤ 1e-9·|want|. */
function expectNear(got: number, want: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want));
}

describe("each generator, one draw worked by hand", () => {
  it("zero-stage-memory: 7.5B, ZeRO-2 over 64 GPUs", () => {
    const p = draw("zero-stage-memory", 1, 2, 1);
    expect(p.question).toMatch(/7\.5B-parameter .* ZeRO stage 2 over 64 data-parallel GPUs/);
    // Stage 2 keeps the 16-bit weights (2Ψ) and shards gradients and states: (2 + 12)Ψ/N_d.
    // 7.5e9 × (2 + 14/64) = 7.5e9 × 2.21875 = 16,640,625,000 bytes = 16.640625 GB
    expectNear(p.answer, 16.640625);
    expect(p.unit).toBe("GB");
  });

  it("mixed-precision-states: 7B", () => {
    const p = draw("mixed-precision-states", 1);
    expect(p.question).toMatch(/ 7B-parameter/);
    // 2 (bf16 weights) + 2 (bf16 gradients) + 12 (fp32 master, m, v) = 16 bytes × 7e9 = 112 GB
    expectNear(p.answer, 112);
  });

  it("adam-fp32-vs-8bit: 70B", () => {
    const p = draw("adam-fp32-vs-8bit", 4);
    expect(p.question).toMatch(/ 70B-parameter/);
    // fp32 AdamW: 4 + 4 + 4 + 4 = 16 bytes; 8-bit Adam: 4 + 4 + 1 + 1 = 10 bytes.
    // Saved: 6 bytes × 70e9 = 420 GB
    expectNear(p.answer, 420);
  });

  it("kv-cache-size: Llama-2-70B (GQA), 4,096 tokens, batch 32", () => {
    const p = draw("kv-cache-size", 2, 1, 2);
    expect(p.question).toMatch(/Llama-2-70B \(80 layers, 8 KV heads of dimension 128\) serves a batch of 32 sequences of 4096 tokens/);
    // 2 (K and V) × 80 layers × 8 KV heads × 128 × 2 bytes = 327,680 bytes per token;
    // × 4,096 tokens × 32 sequences = 42,949,672,960 bytes = 40 GiB exactly
    expectNear(p.answer, 40);
    expect(p.unit).toBe("GiB");
  });

  it("kv-cache-max-batch: Llama-2-7B on an A100 80GB at 4,096 tokens", () => {
    const p = draw("kv-cache-max-batch", 0, 0, 1);
    expect(p.question).toMatch(/Llama-2-7B \(6,738,415,616 parameters; 32 layers, 32 KV heads of dimension 128\) .* A100 80GB .* 4096-token sequences/);
    // Parameters: per layer 4h² + 3·h·f + 2h = 67,108,864 + 135,266,304 + 8,192 = 202,383,360;
    // × 32 = 6,476,267,520; + 2 × 32,000 × 4,096 (untied embedding and head) + 4,096 = 6,738,415,616.
    // Weights 2 × 6,738,415,616 = 13,476,831,232 bytes; HBM 80 × 2^30 = 85,899,345,920 bytes.
    // KV per sequence: 2 × 32 × 32 × 128 × 4,096 × 2 = 2,147,483,648 bytes.
    // floor(72,422,514,688 / 2,147,483,648) = floor(33.72) = 33
    expect(p.answer).toBe(33);
  });

  it("gpt-param-count: 48 layers of width 1600 (GPT-2 XL)", () => {
    const p = draw("gpt-param-count", 3);
    expect(p.question).toMatch(/48 layers of width 1600/);
    // Per layer 12h² + 13h = 30,720,000 + 20,800 = 30,740,800; × 48 = 1,475,558,400.
    // Embeddings (50,257 + 1,024) × 1,600 = 82,049,600; final LayerNorm 2h = 3,200.
    // Total 1,557,611,200 = 1,557.6112 million (GPT-2 XL's published count)
    expectNear(p.answer, 1557.6112);
  });

  it("training-flops: 7B on 2T tokens", () => {
    const p = draw("training-flops", 1, 2);
    expect(p.question).toMatch(/7B-parameter .* 2T tokens/);
    // 6 × 7e9 × 2e12 = 8.4e22
    expectNear(p.answer, 8.4e22);
  });

  it("training-days: 7B on 1T tokens, 256 A100s at 40% MFU", () => {
    const p = draw("training-days", 0, 0, 0, 0, 1);
    expect(p.question).toMatch(/7B model on 1T tokens with 256 × NVIDIA A100 80GB SXM \(312 dense .* at 40% MFU/);
    // 6 × 7e9 × 1e12 = 4.2e22 FLOPs; 256 × 312e12 × 0.4 = 3.19488e16 FLOP/s;
    // 4.2e22 / 3.19488e16 = 1,314,603.1 s; / 86,400 = 15.2153 days
    expect(p.answer).toBeCloseTo(15.2153, 4);
  });

  it("mfu-from-throughput: 7B on H100s at 10,361 tokens/s per GPU", () => {
    const p = draw("mfu-from-throughput", 0, 1, 0, 1, 2);
    expect(p.question).toMatch(/7B model trains at 10,361 tokens\/s per GPU on 64 × NVIDIA H100/);
    // The draw: round(0.4 × 989e12 / (6 × 7e9) × 1.1) = round(10,360.95) = 10,361 tokens/s.
    // MFU = 6 × 7e9 × 10,361 / 989e12 = 4.35162e14 / 9.89e14 = 44.0002%
    expect(p.answer).toBeCloseTo(44.0002, 3);
  });

  it("attention-flops-share: Llama-2-7B at 4,096", () => {
    const p = draw("attention-flops-share", 2, 2);
    expect(p.question).toMatch(/N = 6,607,343,616 parameters .* L = 32 layers, H = 32 heads of Q = 128 dimensions\) at context T = 4096/);
    // N (of 6N) = 6,738,415,616 − 32,000 × 4,096 (the untied input table, a lookup) = 6,607,343,616.
    // 6N = 39,644,061,696; 12 × 32 × 32 × 128 × 4,096 = 6,442,450,944.
    // 6,442,450,944 / 46,086,512,640 = 13.979%
    expect(p.answer).toBeCloseTo(13.979, 3);
  });

  it("attention-flops-share draws only contexts each model can run", () => {
    const contexts: Record<string, number> = { "GPT-2": 1024, "Llama-2": 4096, "Llama-3": 8192 }; // n_positions / max_position_embeddings
    for (let seed = 0; seed < 200; seed++) {
      const { question } = PROBLEM_GENERATORS["attention-flops-share"](createRng(seed));
      const family = /^Training (GPT-2|Llama-2|Llama-3)/.exec(question)![1];
      const context = Number(/at context T = (\d+)/.exec(question)![1]);
      expect(context, question).toBeLessThanOrEqual(contexts[family]);
    }
  });

  it("chinchilla-optimal-size: 1e24 FLOPs", () => {
    const p = draw("chinchilla-optimal-size", 3);
    expect(p.question).toMatch(/budget of 1\.00e\+24 FLOPs/);
    // Hoffmann et al. 2022, eq. 4: N_opt = G·(C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)).
    // αA/(βB) = 138.176 / 114.996 = 1.20157; G = 1.20157^(1/0.62) = e^(0.183631 / 0.62) = 1.34471.
    // (1e24 / 6)^(0.28/0.62) = e^(53.470283 × 0.451613) = e^24.147870 = 3.07105e10.
    // N_opt = 1.34471 × 3.07105e10 = 4.12967e10 = 41.2967 billion
    expect(p.answer).toBeCloseTo(41.2967, 3);
  });

  it("chinchilla-loss: 70B on 1.4T tokens", () => {
    const p = draw("chinchilla-loss", 2, 1);
    expect(p.question).toMatch(/70B parameters trained on 1\.4T tokens/);
    // 406.4 / (7e10)^0.34 = 406.4 / e^(24.97158 × 0.34) = 406.4 / 4867.84 = 0.083487
    // 410.7 / (1.4e12)^0.28 = 410.7 / e^(27.96743 × 0.28) = 410.7 / 2517.19 = 0.163158
    // 1.69 + 0.083487 + 0.163158 = 1.936645 nats
    expect(p.answer).toBeCloseTo(1.936645, 5);
  });

  it("tokens-per-param-rule: 400B", () => {
    const p = draw("tokens-per-param-rule", 4);
    expect(p.question).toMatch(/a 400B-parameter model/);
    // 20 × 400B = 8,000B tokens
    expect(p.answer).toBe(8000);
  });

  it("pipeline-bubble: 4 stages, 16 micro-batches", () => {
    const p = draw("pipeline-bubble", 0, 2);
    expect(p.question).toMatch(/4 stages and 16 micro-batches/);
    // (4 − 1) / 16 = 0.1875 = 18.75%
    expectNear(p.answer, 18.75);
  });

  it("interleaved-pipeline-bubble: 8 stages, 16 micro-batches, 2 chunks", () => {
    const p = draw("interleaved-pipeline-bubble", 1, 1, 0);
    expect(p.question).toMatch(/8 stages, 16 micro-batches, 2 model chunks/);
    // (8 − 1) / (2 × 16) = 7/32 = 21.875%
    expectNear(p.answer, 21.875);
  });

  it("activations-per-layer: h = 4096, a = 32, s = 2048, b = 1", () => {
    const p = draw("activations-per-layer", 0, 0, 0);
    expect(p.question).toMatch(/s = 2048, b = 1, h = 4096, a = 32 heads/);
    // Korthikanti et al. 2022, eq. 1: s·b·h·(34 + 5·a·s/h) bytes.
    // s·b·h = 8,388,608; 5 × 32 × 2,048 / 4,096 = 80; 8,388,608 × 114 = 956,301,312 bytes = 0.956301312 GB
    expectNear(p.answer, 0.956301312);
  });

  it("activations-tp-sp: h = 5120, a = 40, s = 4096, b = 2, t = 8", () => {
    const p = draw("activations-tp-sp", 1, 1, 1, 2);
    expect(p.question).toMatch(/s = 4096, b = 2, h = 5120, a = 40 heads .* t = 8 and sequence parallelism/);
    // Tensor and sequence parallel, no recompute: s·b·h·(34 + 5as/h)/t.
    // s·b·h = 41,943,040; 5 × 40 × 4,096 / 5,120 = 160; (34 + 160) / 8 = 24.25;
    // 41,943,040 × 24.25 = 1,017,118,720 bytes = 1.01711872 GB
    expectNear(p.answer, 1.01711872);
  });

  it("activations-selective-recompute: h = 8192, a = 64, s = 2048, b = 4, t = 4", () => {
    const p = draw("activations-selective-recompute", 2, 0, 2, 1);
    expect(p.question).toMatch(/s = 2048, b = 4, h = 8192, a = 64 heads .* \(t = 4\) and selective/);
    // Selective recompute drops the 5as/h attention term: s·b·h·34/t.
    // s·b·h = 67,108,864; × 34 / 4 = 570,425,344 bytes = 0.570425344 GB
    expectNear(p.answer, 0.570425344);
  });

  it("data-parallel-allreduce: 7B over 8 GPUs", () => {
    const p = draw("data-parallel-allreduce", 1, 0);
    expect(p.question).toMatch(/over 8 GPUs .* of a 7B model/);
    // Ring all-reduce sends 2(n − 1)/n × S: 2 × 7/8 × (2 bytes × 7e9 = 14 GB) = 24.5 GB
    expectNear(p.answer, 24.5);
  });

  it("zero3-traffic: 70B over 64 GPUs", () => {
    const p = draw("zero3-traffic", 2, 0);
    expect(p.question).toMatch(/over 64 GPUs for a 70B model/);
    // Two all-gathers and a reduce-scatter: 3 × (n − 1)/n × 2Ψ = 3 × 63/64 × 140 GB = 413.4375 GB
    expectNear(p.answer, 413.4375);
  });

  it("decode-step-time: Llama-3-8B on an H100, batch 16 at 4,096 tokens", () => {
    const p = draw("decode-step-time", 1, 1, 1, 1);
    expect(p.question).toMatch(/Llama-3-8B \(8,030,261,248 parameters; 32 layers, 8 KV heads of dimension 128\) .* H100 .* \(3\.35 TB\/s\), batch 16, each sequence 4096 tokens/);
    // Parameters: per layer 2h² (Q, O) + 2·h·1,024 (K, V) + 3·h·14,336 + 2h = 218,112,000; × 32 = 6,979,584,000;
    // + 2 × 128,256 × 4,096 + 4,096 = 8,030,261,248. Weights: 16,060,522,496 bytes.
    // KV per sequence 2 × 32 × 8 × 128 × 4,096 × 2 = 536,870,912 bytes; × 16 = 8,589,934,592.
    // (16,060,522,496 + 8,589,934,592) / 3.35e12 B/s = 7.35835 ms
    expect(p.answer).toBeCloseTo(7.35835, 4);
  });

  it("matmul-intensity: n = 4096", () => {
    const p = draw("matmul-intensity", 2, 0);
    expect(p.question).toMatch(/two 4096×4096 matrices/);
    // 2 × 4096³ / (3 × 4096² × 2 bytes) = 4096 / 3 = 1,365.33 FLOPs per byte
    expect(p.answer).toBeCloseTo(1365.333, 3);
  });

  it("covers every generator", () => {
    const tested = [
      "zero-stage-memory", "mixed-precision-states", "adam-fp32-vs-8bit", "kv-cache-size", "kv-cache-max-batch", "gpt-param-count",
      "training-flops", "training-days", "mfu-from-throughput", "attention-flops-share", "chinchilla-optimal-size", "chinchilla-loss",
      "tokens-per-param-rule", "pipeline-bubble", "interleaved-pipeline-bubble", "activations-per-layer", "activations-tp-sp",
      "activations-selective-recompute", "data-parallel-allreduce", "zero3-traffic", "decode-step-time", "matmul-intensity",
    ];
    expect(Object.keys(PROBLEM_GENERATORS).sort()).toEqual(tested.sort());
  });
});
