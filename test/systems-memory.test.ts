import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { activationBytesByRecompute, activationBytesPerLayer, firstStageActivationBytes } from "../src/systems/activations.js";
import { modelStateBytes, zeroMemoryPerDevice, type OptimizerSetup, type ZeroStage } from "../src/systems/memory.js";

// Units: GB = 1e9 bytes throughout this file, as the ZeRO paper prints them (its 7.5B × 16 bytes = "120GB").
const GB = 1e9;

describe("modelStateBytes: bytes per parameter by convention", () => {
  // Each row: weights + gradients + optimizer states. ZeRO (Rajbhandari et al. 2020, §3.1) counts mixed-precision
  // Adam as 2 + 2 + 12 = 16; Hugging Face's "Model training anatomy" counts 18 with fp32 gradients (it files the
  // fp32 master copy under weights, 6 + 4 + 8; we file it under optimizer state as ZeRO does, 2 + 4 + 12, so
  // that ZeRO stage 1 shards it), fp32 AdamW 4 + 4 + 8, 8-bit Adam 2 bytes of state, SGD momentum 4.
  const cases: [OptimizerSetup, "fp32" | "mixed" | undefined, [number, number, number, number]][] = [
    ["adamw-mixed", undefined, [2, 2, 12, 16]],
    ["adamw-mixed-fp32-grads", undefined, [2, 4, 12, 18]],
    ["adamw-fp32", undefined, [4, 4, 8, 16]],
    ["adam-8bit", "fp32", [4, 4, 2, 10]],
    ["adam-8bit", "mixed", [2, 4, 6, 12]],
    ["sgd-momentum", "fp32", [4, 4, 4, 12]],
    ["sgd-momentum", "mixed", [2, 4, 8, 14]],
  ];
  for (const [optimizer, precision, [weights, gradients, optimizerStates, total]] of cases) {
    it(`${optimizer} (${precision ?? "fixed"}) is ${total} bytes/param`, () => {
      const result = modelStateBytes({ params: 1e9, optimizer, precision });
      expect(result.bytesPerParam).toEqual({ weights, gradients, optimizerStates, total });
      expect(result.bytes.total).toBe(total * 1e9);
      expect(result.formula).toContain(`${total} bytes/param`);
      expect(result.convention.length).toBeGreaterThan(0);
    });
  }

  it("names which convention it used where sources disagree (16 vs 18)", () => {
    expect(modelStateBytes({ params: 1, optimizer: "adamw-mixed" }).convention).toMatch(/ZeRO.*K = 12/);
    expect(modelStateBytes({ params: 1, optimizer: "adamw-mixed-fp32-grads" }).convention).toMatch(/Hugging Face/);
  });

  it("gives ZeRO's 120 GB baseline for 7.5B parameters (Rajbhandari et al. 2020, Figure 1)", () => {
    expect(modelStateBytes({ params: 7.5e9, optimizer: "adamw-mixed" }).bytes.total / GB).toBe(120);
  });

  it("rejects bad input", () => {
    expect(() => modelStateBytes({ params: -1, optimizer: "adamw-mixed" })).toThrow(InputError);
    expect(() => modelStateBytes({ params: Number.NaN, optimizer: "adamw-mixed" })).toThrow(/params/);
    expect(() => modelStateBytes({ params: 1, optimizer: "lion" as OptimizerSetup })).toThrow(/optimizer/);
    expect(() => modelStateBytes({ params: 1, optimizer: "adamw-mixed", precision: "fp32" })).toThrow(/conflicts/);
    expect(() => modelStateBytes({ params: 1, optimizer: "sgd-momentum", precision: "fp8" as "fp32" })).toThrow(/precision/);
  });
});

describe("zeroMemoryPerDevice", () => {
  it("reproduces Figure 1: 7.5B parameters, N_d = 64, K = 12 → 120, 31.4, 16.6, 1.9 GB", () => {
    // Rajbhandari et al. 2020, Figure 1 (printed to 3 significant figures; 1.875 is printed 1.9 there, 1.88 in Table 1).
    const gb = ([0, 1, 2, 3] as const).map((stage) => zeroMemoryPerDevice({ params: 7.5e9, dp: 64, stage }).total / GB);
    expect(gb[0]).toBe(120);
    expect(gb[1].toFixed(1)).toBe("31.4");
    expect(gb[2].toFixed(1)).toBe("16.6");
    expect(gb[3].toFixed(1)).toBe("1.9");
    expect(gb[3].toFixed(2)).toBe("1.88");
  });

  it("reproduces Table 1 (per-device GB for 7.5B, 128B, 1T parameters by DP degree)", () => {
    // Rajbhandari et al. 2020, Table 1, columns P_os, P_os+g, P_os+g+p, as printed. The paper truncates some cells
    // instead of rounding them (e.g. 1T at N_d = 64: 4187.5 → "4187"), so each cell is checked to within one unit
    // of its last printed digit.
    const table: { params: number; rows: [number, [string, string, string]][] }[] = [
      {
        params: 7.5e9,
        rows: [
          [1, ["120", "120", "120"]],
          [4, ["52.5", "41.3", "30"]],
          [16, ["35.6", "21.6", "7.5"]],
          [64, ["31.4", "16.6", "1.88"]],
          [256, ["30.4", "15.4", "0.47"]],
          [1024, ["30.1", "15.1", "0.12"]],
        ],
      },
      {
        params: 128e9,
        rows: [
          [1, ["2048", "2048", "2048"]],
          [4, ["896", "704", "512"]],
          [16, ["608", "368", "128"]],
          [64, ["536", "284", "32"]],
          [256, ["518", "263", "8"]],
          [1024, ["513", "257", "2"]],
        ],
      },
      {
        params: 1e12,
        rows: [
          [1, ["16000", "16000", "16000"]],
          [4, ["7000", "5500", "4000"]],
          [16, ["4750", "2875", "1000"]],
          [64, ["4187", "2218", "250"]],
          [256, ["4046", "2054", "62.5"]],
          [1024, ["4011", "2013", "15.6"]],
        ],
      },
    ];
    for (const { params, rows } of table) {
      for (const [dp, printed] of rows) {
        printed.forEach((text, column) => {
          const stage = (column + 1) as ZeroStage;
          const gb = zeroMemoryPerDevice({ params, dp, stage }).total / GB;
          const decimals = text.includes(".") ? text.split(".")[1].length : 0;
          const unit = 10 ** -decimals;
          expect(Math.abs(gb - Number(text)), `${params} params, N_d ${dp}, stage ${stage}: ${gb} vs ${text}`).toBeLessThan(unit);
        });
      }
    }
  });

  it("splits weights, gradients and optimizer states as each stage shards them", () => {
    const psi = 1e9;
    const n = 8;
    expect(zeroMemoryPerDevice({ params: psi, dp: n, stage: 0 })).toMatchObject({ weights: 2 * psi, gradients: 2 * psi, optimizerStates: 12 * psi });
    expect(zeroMemoryPerDevice({ params: psi, dp: n, stage: 1 })).toMatchObject({ weights: 2 * psi, gradients: 2 * psi, optimizerStates: (12 * psi) / n });
    expect(zeroMemoryPerDevice({ params: psi, dp: n, stage: 2 })).toMatchObject({ weights: 2 * psi, gradients: (2 * psi) / n });
    expect(zeroMemoryPerDevice({ params: psi, dp: n, stage: 3 }).total).toBe((16 * psi) / n);
    expect(zeroMemoryPerDevice({ params: psi, dp: n, stage: 3, k: 4 }).total).toBe((8 * psi) / n);
    expect(zeroMemoryPerDevice({ params: psi, dp: n, stage: 2 }).formula).toBe("2Ψ + (2 + K)·Ψ/N_d");
  });

  it("property: memory never rises with the stage, and every stage equals the baseline at N_d = 1", () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const params = 1e6 + next() * 1e12;
      const dp = 1 + Math.floor(next() * 2048);
      const k = next() * 16;
      const totals = ([0, 1, 2, 3] as const).map((stage) => zeroMemoryPerDevice({ params, dp, stage, k }).total);
      for (let s = 1; s < 4; s++) expect(totals[s]).toBeLessThanOrEqual(totals[s - 1]);
      for (const stage of [0, 1, 2, 3] as const) {
        expect(zeroMemoryPerDevice({ params, dp: 1, stage, k }).total).toBeCloseTo((4 + k) * params, -3);
      }
    }
  });

  it("rejects bad input", () => {
    expect(() => zeroMemoryPerDevice({ params: 1e9, dp: 0, stage: 1 })).toThrow(/dp/);
    expect(() => zeroMemoryPerDevice({ params: 1e9, dp: 2.5, stage: 1 })).toThrow(InputError);
    expect(() => zeroMemoryPerDevice({ params: 1e9, dp: 8, stage: 4 as ZeroStage })).toThrow(/stage/);
    expect(() => zeroMemoryPerDevice({ params: -5, dp: 8, stage: 1 })).toThrow(/params/);
    expect(() => zeroMemoryPerDevice({ params: 1e9, dp: 8, stage: 1, k: -1 })).toThrow(/k/);
  });
});

// Activation memory, Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer Models").
// Configurations from its Table 3 (sequence length 2048, micro-batch 1, vocabulary 51200):
//   22B: a 64, h 6144, L 48, t 8, p 1    175B: a 96, h 12288, L 96, t 8, p 8
//   530B: a 128, h 20480, L 105, t 8, p 35    1T: a 160, h 25600, L 128, t 8, p 64
describe("activationBytesPerLayer (Korthikanti et al. 2022, Table 2)", () => {
  const s = 2048;
  const b = 1;
  const gpt3 = { seqLen: s, microBatch: b, hidden: 12288, heads: 96 };
  const sbh = s * b * 12288;

  it("GPT-3 175B: 5as/h = 80, so sbh(34 + 80) with no parallelism (§5)", () => {
    // §5 prints "5as/h = 80" for GPT-3; Table 2 row 1 is sbh(34 + 5as/h).
    const result = activationBytesPerLayer(gpt3);
    expect(result.bytes).toBe(sbh * 114);
    expect(result.formula).toBe("sbh(34 + 5as/h)");
  });

  it("every Table 2 row for GPT-3 175B at t = 8", () => {
    const t = 8;
    const row = (options: { sequenceParallel?: boolean; recompute?: "none" | "selective" | "full" }) =>
      activationBytesPerLayer({ ...gpt3, tp: t, ...options });
    // Tensor parallel: sbh(10 + 24/t + 5as/(ht)) = sbh(10 + 3 + 10)
    expect(row({}).bytes).toBe(sbh * (10 + 24 / t + 80 / t));
    expect(row({}).formula).toBe("sbh(10 + 24/t + 5as/(ht))");
    // Tensor + sequence parallel: sbh(34/t + 5as/(ht))
    expect(row({ sequenceParallel: true }).bytes).toBe((sbh / t) * (34 + 80));
    // Tensor parallel + selective recompute: sbh(10 + 24/t)
    expect(row({ recompute: "selective" }).bytes).toBe(sbh * (10 + 24 / t));
    // Tensor + sequence parallel + selective recompute: sbh·34/t
    expect(row({ sequenceParallel: true, recompute: "selective" }).bytes).toBe((sbh * 34) / t);
    // Full activation recompute: sbh·2
    expect(row({ recompute: "full" }).bytes).toBe(2 * sbh);
    expect(row({ recompute: "full", sequenceParallel: true }).bytes).toBe(2 * sbh);
  });

  it("selective recomputation saves 70% (GPT-3) and 65% (MT-NLG 530B) of activation memory (§5)", () => {
    // §5 (selective activation recomputation) gives 5as/h = 80 for GPT-3 and 64 for MT-NLG, and savings of 70% and 65%.
    const saved = (hidden: number, heads: number) => {
      const shape = { seqLen: s, microBatch: b, hidden, heads };
      const none = activationBytesPerLayer(shape).bytes;
      return 1 - activationBytesPerLayer({ ...shape, recompute: "selective" }).bytes / none;
    };
    expect(Math.round(saved(12288, 96) * 100)).toBe(70);
    expect(Math.round(saved(20480, 128) * 100)).toBe(65);
    expect((5 * 128 * s) / 20480).toBe(64);
  });

  it("sequence parallelism + selective recompute cut tensor-parallel activations about 5× (abstract, Figure 7)", () => {
    // The abstract's "reduces activation memory by 5x": ratio of the tensor-parallel baseline to TP + SP + selective.
    for (const [hidden, heads] of [
      [12288, 96],
      [20480, 128],
      [25600, 160],
    ]) {
      const shape = { seqLen: s, microBatch: b, hidden, heads, tp: 8 };
      const ratio =
        activationBytesPerLayer(shape).bytes / activationBytesPerLayer({ ...shape, sequenceParallel: true, recompute: "selective" }).bytes;
      expect(Math.round(ratio)).toBe(5);
    }
  });

  it("property: the tensor-parallel formulas reduce to sbh(34 + 5as/h) at t = 1, and SP divides all of it by t", () => {
    let seed = 11;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 100; trial++) {
      const heads = 2 ** Math.floor(next() * 7);
      const hidden = heads * 64 * (1 + Math.floor(next() * 4));
      const seqLen = 2 ** (6 + Math.floor(next() * 7));
      const microBatch = 1 + Math.floor(next() * 8);
      const shape = { seqLen, microBatch, hidden, heads };
      const base = seqLen * microBatch * hidden * (34 + (5 * heads * seqLen) / hidden);
      expect(activationBytesPerLayer(shape).bytes).toBeCloseTo(base, 0);
      expect(activationBytesPerLayer({ ...shape, tp: 1, sequenceParallel: true }).bytes).toBeCloseTo(base, 0);
      const t = Math.min(heads, 8);
      expect(activationBytesPerLayer({ ...shape, tp: t, sequenceParallel: true }).bytes * t).toBeCloseTo(base, 0);
    }
  });

  it("rejects inconsistent sizes", () => {
    expect(() => activationBytesPerLayer({ ...gpt3, heads: 7 })).toThrow(/heads \(7\) must divide hidden/);
    expect(() => activationBytesPerLayer({ ...gpt3, tp: 5 })).toThrow(/tp \(5\) must divide heads/);
    expect(() => activationBytesPerLayer({ ...gpt3, seqLen: 2047, tp: 8, sequenceParallel: true })).toThrow(/seqLen/);
    expect(() => activationBytesPerLayer({ ...gpt3, seqLen: -1 })).toThrow(InputError);
    expect(() => activationBytesPerLayer({ ...gpt3, microBatch: 1.5 })).toThrow(/microBatch/);
    expect(() => activationBytesPerLayer({ ...gpt3, recompute: "some" as "full" })).toThrow(/recompute/);
  });
});

describe("firstStageActivationBytes (Korthikanti et al. 2022, §4.2.3 and §4.3)", () => {
  const s = 2048;
  const v = 51200;

  it("GPT-3 175B (t 8, p 8, SP + selective): L layers' worth plus the embedding dropout sbhp/t", () => {
    const h = 12288;
    const sbh = s * h;
    const result = firstStageActivationBytes({
      seqLen: s, microBatch: 1, hidden: h, heads: 96, layers: 96, vocab: v, tp: 8, pipeline: 8, sequenceParallel: true, recompute: "selective",
    });
    expect(result.layersHeld).toBe(96);
    expect(result.transformerLayers).toBe(96 * ((34 * sbh) / 8));
    expect(result.embeddingDropout).toBe((sbh * 8) / 8);
    expect(result.outputLayer).toBe(0); // the output layer lives on the last stage when p > 1
    expect(result.total).toBe(409 * sbh);
  });

  it("22B (t 8, p 1, SP): extras are (sbhL/t)(p/L + (4/L)(1 + v/h)), the §4.3 formula", () => {
    const h = 6144;
    const L = 48;
    const t = 8;
    const sbh = s * h;
    const result = firstStageActivationBytes({ seqLen: s, microBatch: 1, hidden: h, heads: 64, layers: L, vocab: v, tp: t, sequenceParallel: true });
    const extras = ((sbh * L) / t) * (1 / L + (4 / L) * (1 + v / h));
    expect(result.embeddingDropout + result.outputLayer).toBeCloseTo(extras, 0);
    expect(result.transformerLayers).toBeCloseTo(((sbh * L) / t) * (34 + (5 * 64 * s) / h), 0);
  });

  it("interleaving with v chunks scales the layers by 1 + (p − 1)/(p·v)", () => {
    const shape = { seqLen: s, microBatch: 1, hidden: 12288, heads: 96, layers: 96, vocab: v, tp: 8, pipeline: 8, sequenceParallel: true };
    const plain = firstStageActivationBytes(shape);
    const interleaved = firstStageActivationBytes({ ...shape, interleave: 2 });
    expect(interleaved.layersHeld).toBe(96 * (1 + 7 / 16));
    expect(interleaved.transformerLayers / plain.transformerLayers).toBeCloseTo(1 + 7 / 16, 12);
    expect(interleaved.formula).toContain("(p − 1)/(p·v)");
  });

  it("without sequence parallelism the extras are not split by t (logits still are)", () => {
    const h = 6144;
    const result = firstStageActivationBytes({ seqLen: s, microBatch: 2, hidden: h, heads: 64, layers: 48, vocab: v, tp: 8 });
    expect(result.embeddingDropout).toBe(s * 2 * h);
    expect(result.outputLayer).toBe(4 * s * 2 * h + (4 * s * 2 * v) / 8);
  });

  it("rejects layers that do not split evenly over the pipeline", () => {
    const shape = { seqLen: s, microBatch: 1, hidden: 12288, heads: 96, layers: 96, vocab: v, tp: 8 };
    expect(() => firstStageActivationBytes({ ...shape, pipeline: 7 })).toThrow(/must divide layers/);
    expect(() => firstStageActivationBytes({ ...shape, pipeline: 8, interleave: 5 })).toThrow(/must divide layers/);
    expect(() => firstStageActivationBytes({ ...shape, vocab: 0 })).toThrow(/vocab/);
  });
});

describe("activationBytesByRecompute", () => {
  it("lists none, selective and full for the same layer, and for the layers held", () => {
    // s = 2048, b = 1, h = 12288, a = 96, t = 1: none sbh(34 + 5as/h) = 25,165,824·(34 + 80) = 2,868,903,936;
    // selective 34·sbh = 855,638,016; full 2sbh = 50,331,648. × 96 layers held.
    const options = activationBytesByRecompute({ seqLen: 2048, microBatch: 1, hidden: 12288, heads: 96 }, 96);
    expect(options.map((o) => [o.recompute, o.bytes, o.layersBytes])).toEqual([
      ["none", 2_868_903_936, 96 * 2_868_903_936],
      ["selective", 855_638_016, 96 * 855_638_016],
      ["full", 50_331_648, 96 * 50_331_648],
    ]);
  });
});
