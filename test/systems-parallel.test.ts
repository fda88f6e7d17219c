import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { commBytes, parallelTraffic, pipelineBubble, ringAllReduceTime, type CommRequest } from "../src/systems/parallel.js";

describe("pipelineBubble (Narayanan et al. 2021, §2.2)", () => {
  it("is (p − 1)/m for 1F1B and (p − 1)/(v·m) interleaved", () => {
    const plain = pipelineBubble({ stages: 8, microbatches: 64 });
    expect(plain.bubbleFraction).toBe(7 / 64);
    expect(plain.formula).toBe("(p − 1)/m");
    const interleaved = pipelineBubble({ stages: 8, microbatches: 64, interleave: 4 });
    expect(interleaved.bubbleFraction).toBe(7 / 256);
    expect(interleaved.formula).toBe("(p − 1)/(v·m)");
  });

  it("reports the share of the whole step too, and the convention it uses", () => {
    // Bubble time (p − 1)·t_f+b over a step of (m + p − 1)·t_f+b.
    const result = pipelineBubble({ stages: 4, microbatches: 4 });
    expect(result.bubbleFraction).toBe(3 / 4);
    expect(result.idleShare).toBe(3 / 7);
    expect(result.convention).toMatch(/ideal compute time/);
  });

  it("has no bubble with one stage, and shrinks as micro-batches grow", () => {
    expect(pipelineBubble({ stages: 1, microbatches: 3 }).bubbleFraction).toBe(0);
    let previous = Infinity;
    for (const m of [1, 2, 4, 8, 16, 32]) {
      const bubble = pipelineBubble({ stages: 16, microbatches: m }).bubbleFraction;
      expect(bubble).toBeLessThan(previous);
      previous = bubble;
    }
  });

  it("rejects non-integer or non-positive sizes", () => {
    expect(() => pipelineBubble({ stages: 0, microbatches: 4 })).toThrow(/stages/);
    expect(() => pipelineBubble({ stages: 4, microbatches: 2.5 })).toThrow(/microbatches/);
    expect(() => pipelineBubble({ stages: 4, microbatches: 4, interleave: -1 })).toThrow(InputError);
  });
});

describe("commBytes", () => {
  it("data parallel: a ring all-reduce sends 2(n − 1)/n of the gradient bytes per device", () => {
    // 7B parameters with 16-bit gradients (14e9 bytes) over 8 devices: 2 × 7/8 × 14e9 = 24.5e9 bytes.
    const result = commBytes({ kind: "data-parallel", gradientBytes: 14e9, devices: 8 });
    expect(result.sentBytesPerDevice).toBe(24.5e9);
    expect(result.per).toBe("step");
    expect(commBytes({ kind: "data-parallel", gradientBytes: 14e9, devices: 1 }).sentBytesPerDevice).toBe(0);
  });

  it("ZeRO: stages 1–2 move what data parallelism moves (2Ψ), stage 3 moves 1.5× (3Ψ) (Rajbhandari et al. 2020, §7)", () => {
    for (const n of [2, 8, 64, 1024]) {
      const dp = commBytes({ kind: "data-parallel", gradientBytes: 2e9, devices: n }).sentBytesPerDevice;
      expect(commBytes({ kind: "zero", stage: 1, parameterBytes: 2e9, devices: n }).sentBytesPerDevice).toBe(dp);
      expect(commBytes({ kind: "zero", stage: 2, parameterBytes: 2e9, devices: n }).sentBytesPerDevice).toBe(dp);
      expect(commBytes({ kind: "zero", stage: 3, parameterBytes: 2e9, devices: n }).sentBytesPerDevice / dp).toBeCloseTo(1.5, 12);
    }
    // The paper's 3Ψ is the large-n limit: Ψ = 1e9 16-bit parameters (2e9 bytes) → 3Ψ elements = 6e9 bytes.
    expect(commBytes({ kind: "zero", stage: 3, parameterBytes: 2e9, devices: 1e6 }).sentBytesPerDevice / 6e9).toBeCloseTo(1, 5);
  });

  it("tensor parallel: 4 all-reduces of b·s·h activations per layer (Megatron-LM)", () => {
    // GPT-3 175B shapes, t = 8, 16-bit: message 2048·12288·2 bytes; 4 × 2·7/8 × message = 7 × message.
    const message = 2048 * 1 * 12288 * 2;
    const result = commBytes({ kind: "tensor-parallel", seqLen: 2048, microBatch: 1, hidden: 12288, tp: 8 });
    expect(result.sentBytesPerDevice).toBe(7 * message);
    expect(result.per).toMatch(/layer/);
    expect(commBytes({ kind: "tensor-parallel", seqLen: 2048, microBatch: 1, hidden: 12288, tp: 1 }).sentBytesPerDevice).toBe(0);
  });

  it("pipeline: b·s·h activations forward and gradients backward per micro-batch", () => {
    const result = commBytes({ kind: "pipeline", seqLen: 2048, microBatch: 1, hidden: 12288, microbatches: 64, bytesPerElement: 2 });
    expect(result.sentBytesPerDevice).toBe(2 * 64 * 2048 * 12288 * 2);
  });

  it("rejects bad input naming the argument", () => {
    expect(() => commBytes({ kind: "data-parallel", gradientBytes: -1, devices: 8 })).toThrow(/gradientBytes/);
    expect(() => commBytes({ kind: "data-parallel", gradientBytes: 1, devices: 0 })).toThrow(/devices/);
    expect(() => commBytes({ kind: "zero", stage: 0 as 1, parameterBytes: 1, devices: 2 })).toThrow(/stage/);
    expect(() => commBytes({ kind: "tensor-parallel", seqLen: 1, microBatch: 1, hidden: 1, tp: 0.5 })).toThrow(/tp/);
    expect(() => commBytes({ kind: "ring" } as unknown as CommRequest)).toThrow(InputError);
  });
});

describe("parallelTraffic", () => {
  // GPT-3 175B shape: h = 12288, L = 96, s = 2048, b = 1, 2 bytes per element.
  const shape = { hidden: 12288, layers: 96, seqLen: 2048, microBatch: 1 };

  it("tensor parallel per step: per layer × L/p layers × m micro-batches", () => {
    // Per layer 4 × 2·7/8 × 2048·12288·2 = 352,321,536 B; × 96/8 = 12 layers × 64 micro-batches = 768.
    const t = parallelTraffic({ params: 175e9, shape, microbatches: 64, tp: 8, pp: 8 });
    expect(t.tensorParallel?.sentBytesPerDevice).toBe(352_321_536);
    expect(t.tensorParallel?.unitsPerStep).toBe(768);
    expect(t.tensorParallel?.sentBytesPerDeviceStep).toBe(352_321_536 * 768);
    expect(t.tensorParallel?.unit).toBe("layer");
    // Pipeline: 2·64·2048·12288·2 = 6,442,450,944 B per step.
    expect(t.pipeline?.sentBytesPerDeviceStep).toBe(6_442_450_944);
    expect(t.dataParallel).toBeNull();
  });

  it("data parallel over the rank's Ψ/(t·p) buffer, ZeRO-3 moving 1.5× of it", () => {
    // Ψ = 64e9, t·p = 8 → 8e9 params × 2 B = 1.6e10 B buffer; dp = 4: ring 2·3/4 × 1.6e10 = 2.4e10; ZeRO-3 3·3/4 × 1.6e10 = 3.6e10.
    const plain = parallelTraffic({ params: 64e9, shape, tp: 2, pp: 4, dp: 4 });
    expect(plain.bufferBytesPerRank).toBe(1.6e10);
    expect(plain.dataParallel?.sentBytesPerDeviceStep).toBe(2.4e10);
    expect(parallelTraffic({ params: 64e9, shape, tp: 2, pp: 4, dp: 4, zeroStage: 3 }).dataParallel?.sentBytesPerDeviceStep).toBe(3.6e10);
    // Without a shape, data-parallel traffic alone: 7e9·2 B over 8: 2·7/8 × 1.4e10 = 2.45e10.
    expect(parallelTraffic({ params: 7e9, dp: 8 }).dataParallel?.sentBytesPerDeviceStep).toBeCloseTo(2.45e10, 0);
  });

  it("needs the shape for tensor or pipeline traffic, and p dividing L", () => {
    expect(() => parallelTraffic({ params: 7e9, tp: 2 })).toThrow(/shape/);
    expect(() => parallelTraffic({ params: 7e9, shape, pp: 5 })).toThrow(InputError);
  });
});

describe("ringAllReduceTime (α–β model of a ring all-reduce)", () => {
  it("takes 2(p − 1) steps of S/p bytes each", () => {
    // S = 1 GB, p = 4, B = 1 GB/s, α = 0: 6 steps of 0.25 GB, 0.25 s each = 1.5 s; 2·3/4·1 GB = 1.5 GB sent.
    const result = ringAllReduceTime({ bytes: 1e9, participants: 4, bandwidth: 1e9, latency: 0 });
    expect(result.steps).toBe(6);
    expect(result.bytesPerStep).toBe(2.5e8);
    expect(result.seconds).toBe(1.5);
    expect(result.sentBytesPerParticipant).toBe(1.5e9);
  });

  it("pays the latency at every step", () => {
    // S = 8 MB, p = 8, B = 1 GB/s, α = 10 µs: 14 steps × (10 µs + 1 MB / 1 GB/s = 1 ms) = 14 × 1.01 ms = 14.14 ms.
    const result = ringAllReduceTime({ bytes: 8e6, participants: 8, bandwidth: 1e9, latency: 1e-5 });
    expect(result.seconds).toBeCloseTo(0.01414, 15);
    expect(result.sentBytesPerParticipant).toBe(1.4e7);
    // An empty buffer still costs 14 latencies.
    expect(ringAllReduceTime({ bytes: 0, participants: 8, bandwidth: 1e9, latency: 1e-5 }).seconds).toBeCloseTo(1.4e-4, 15);
  });

  it("costs nothing with one participant, and tends to 2S/B as p grows", () => {
    expect(ringAllReduceTime({ bytes: 1e9, participants: 1, bandwidth: 1e9, latency: 1e-5 })).toMatchObject({ seconds: 0, steps: 0, sentBytesPerParticipant: 0 });
    // p = 1000, α = 0: 2·999/1000 · S/B = 1.998 s for S = B = 1e9.
    expect(ringAllReduceTime({ bytes: 1e9, participants: 1000, bandwidth: 1e9, latency: 0 }).seconds).toBeCloseTo(1.998, 12);
  });

  it("agrees with commBytes on the volume", () => {
    const ring = ringAllReduceTime({ bytes: 14e9, participants: 8, bandwidth: 50e9, latency: 5e-6 });
    expect(ring.sentBytesPerParticipant).toBe(commBytes({ kind: "data-parallel", gradientBytes: 14e9, devices: 8 }).sentBytesPerDevice);
  });

  it("rejects bad input naming the argument", () => {
    expect(() => ringAllReduceTime({ bytes: 1, participants: 0, bandwidth: 1, latency: 0 })).toThrow(/participants/);
    expect(() => ringAllReduceTime({ bytes: 1, participants: 2.5, bandwidth: 1, latency: 0 })).toThrow(/participants/);
    expect(() => ringAllReduceTime({ bytes: -1, participants: 2, bandwidth: 1, latency: 0 })).toThrow(/bytes/);
    expect(() => ringAllReduceTime({ bytes: 1, participants: 2, bandwidth: 0, latency: 0 })).toThrow(/bandwidth/);
    expect(() => ringAllReduceTime({ bytes: 1, participants: 2, bandwidth: 1, latency: -1e-6 })).toThrow(InputError);
  });
});
