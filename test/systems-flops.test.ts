import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { InputError } from "../src/errors.js";
import {
  flopsPerToken,
  flopsPerTokenFromShape,
  hardwareFlopsPerIteration,
  hfu,
  megatronFlopsPerIteration,
  mfu,
  modelFlopsPerIteration,
  trainingFlops,
  type IterationShape,
} from "../src/systems/flops.js";
import { paramCount } from "../src/systems/params.js";
import { ACCELERATOR_PRESETS, MODEL_PRESETS } from "../src/systems/presets.js";

const DAY = 86_400;
const A100_PEAK = ACCELERATOR_PRESETS["a100-80gb"].peakFlops; // 312 TFLOP/s bf16 dense

/** Deterministic uniform integers in [lo, hi] (mulberry32), for the property checks. */
function seededInts(seed: number): (lo: number, hi: number) => number {
  let state = seed >>> 0;
  return (lo, hi) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(u * (hi - lo + 1));
  };
}

describe("flopsPerToken = 6N + 12·L·H·Q·T (PaLM Appendix B, nanoGPT estimate_mfu)", () => {
  it("GPT-2 small at T = 1024: 6·123,653,376 + 12·12·12·64·1024 = 855,166,464", () => {
    const result = flopsPerToken(MODEL_PRESETS["gpt2-small"].arch, 1024);
    expect(result.params).toBe(123_653_376); // nanoGPT get_num_params(): position table excluded
    expect(result.paramFlops).toBe(741_920_256);
    expect(result.attentionFlops).toBe(113_246_208);
    expect(result.flopsPerToken).toBe(855_166_464);
    expect(result.formula).toBe("6N + 12·L·H·Q·T");
  });

  it("nanoGPT's own default model (bias=False, vocab 50304, block 1024): 854,770,176 per token", () => {
    const arch = { ...MODEL_PRESETS["gpt2-small"].arch, bias: false, vocabSize: 50304 };
    expect(flopsPerToken(arch, 1024).flopsPerToken).toBe(6 * 123_587_328 + 113_246_208);
  });

  it("for Llama the attention term uses all query heads, not the kv heads (Llama-3-8B at 8192)", () => {
    const result = flopsPerToken(MODEL_PRESETS["llama3-8b"].arch, 8192);
    expect(result.attentionFlops).toBe(12 * 32 * 32 * 128 * 8192);
    expect(result.params).toBe(8_030_261_248 - 128256 * 4096); // input lookup table excluded
  });

  it("times B·s, it matches Korthikanti et al.'s model FLOPs for a GPT block within biases and norms (GPT-3 175B)", () => {
    // 6N·B·s + 12·l·h·s·B·s with N ≈ 12lh² + Vh equals 72Bslh²(1 + s/6h + V/12hl).
    const arch = MODEL_PRESETS["gpt3-175b"].arch;
    const perToken = flopsPerToken(arch, 2048).flopsPerToken;
    const model = modelFlopsPerIteration({ batch: 1, seqLen: 2048, layers: 96, hidden: 12288, vocab: 50257 }).flops;
    expect(Math.abs((perToken * 2048) / model - 1)).toBeLessThan(1e-4);
  });

  it("PaLM 540B trains at 46.2% MFU (Chowdhery et al. 2022, Table 3 and Appendix B)", () => {
    // Table 1: 118 layers, 48 heads, head size 256 (not d_model/heads), 540.35B parameters.
    // §4 / Appendix B: 238.3K tokens/s on 6144 TPU v4 chips at 275 TFLOP/s bf16 peak each.
    const perToken = flopsPerTokenFromShape({ params: 540.35e9, layers: 118, heads: 48, headDim: 256, seqLen: 2048 });
    const result = mfu({ flopsPerToken: perToken.flopsPerToken, tokensPerSecond: 238.3e3, peakFlops: 275e12, devices: 6144 });
    expect(Math.round(result.utilization * 1000) / 10).toBe(46.2);
    expect(result.achievedFlopsPerDevice).toBeCloseTo(result.achievedFlopsPerSecond / 6144, 6);
  });
});

describe("trainingFlops = 6ND (Kaplan et al. 2020), 8ND with full recomputation (Narayanan et al. 2021)", () => {
  it("GPT-3 175B on 300B tokens: 3.14E+23 FLOPs = 3.64E+03 PF-days (Brown et al. 2020, Table D.1)", () => {
    const params = paramCount(MODEL_PRESETS["gpt3-175b"].arch).total; // 174.6B, as Table D.1 lists 174,600M
    const result = trainingFlops(params, 300e9);
    expect(Number(result.flops.toExponential(2))).toBe(3.14e23);
    expect(Number((result.flops / (1e15 * DAY)).toExponential(2))).toBe(3.64e3);
    expect(result.formula).toBe("6·N·D");
  });

  it("GPT-3 Small (125M, 300B tokens): 2.25E+20 FLOPs (Brown et al. 2020, Table D.1)", () => {
    expect(Number(trainingFlops(125e6, 300e9).flops.toExponential(2))).toBe(2.25e20);
  });

  it("reproduces Narayanan et al. 2021 §5.1: 8TP/(nX) ≈ 34 days for GPT-3 and ≈ 84 days for the 1T model", () => {
    // GPT-3: T = 300B tokens, P = 175B, n = 1024 A100s at X = 140 TFLOP/s each → "around 34 days".
    const gpt3 = trainingFlops(175e9, 300e9, { recompute: "full" });
    expect(gpt3.formula).toBe("8·N·D");
    expect(Math.round(gpt3.flops / (1024 * 140e12) / DAY)).toBe(34);
    // 1T: P = 1008B (Table 1), T = 450B tokens, n = 3072 at X = 163 TFLOP/s → "around 84 days".
    const trillion = trainingFlops(1008e9, 450e9, { recompute: "full" });
    expect(Math.round(trillion.flops / (3072 * 163e12) / DAY)).toBe(84);
  });

  it("rejects bad inputs", () => {
    expect(() => trainingFlops(-1, 1e9)).toThrow(/params must be a finite number > 0, got -1/);
    expect(() => trainingFlops(1e9, Number.NaN)).toThrow(/tokens must be a finite number > 0, got NaN/);
    expectBug(() => trainingFlops(1e9, 1e9, { recompute: "selective" as "full" }), /options\.recompute must be "none" or "full"/); // only a caller's bug passes another string
  });
});

describe("per-iteration FLOPs and MFU / HFU (Korthikanti et al. 2022)", () => {
  // Korthikanti et al. 2022: configuration table (s = 2048, V = 51200, t = 8, data parallel 1)
  // and end-to-end iteration-time table ("present work": sequence parallelism + selective
  // recomputation). MFU and HFU are printed in the paper's utilization table and in the
  // Megatron-LM README: 22B 41.5% / 43.7%, 175B 51.4% / 52.8%, 530B 56.0% / 57.0%, 1T 56.3% / 57.0%.
  const rows = [
    { name: "175B", batch: 64, layers: 96, hidden: 12288, gpus: 64, stepTime: 13.75, mfu: 51.4, hfu: 52.8 },
    { name: "530B", batch: 280, layers: 105, hidden: 20480, gpus: 280, stepTime: 37.83, mfu: 56.0, hfu: 57.0 },
    { name: "1T", batch: 512, layers: 128, hidden: 25600, gpus: 512, stepTime: 71.49, mfu: 56.3, hfu: 57.0 },
  ];
  for (const row of rows) {
    it(`${row.name}: MFU ${row.mfu}% and HFU ${row.hfu}% from a ${row.stepTime} s step on ${row.gpus} A100s`, () => {
      const shape: IterationShape = { batch: row.batch, seqLen: 2048, layers: row.layers, hidden: row.hidden, vocab: 51200 };
      const model = modelFlopsPerIteration(shape).flops;
      const hardware = hardwareFlopsPerIteration({ ...shape, recompute: "selective" }).flops;
      const common = { stepTime: row.stepTime, peakFlops: A100_PEAK, devices: row.gpus };
      expect(Math.round(mfu({ flopsPerIteration: model, ...common }).utilization * 1000) / 10).toBe(row.mfu);
      expect(Math.round(hfu({ flopsPerIteration: hardware, ...common }).utilization * 1000) / 10).toBe(row.hfu);
    });
  }

  it("22B: the printed 41.5% / 43.7% lie within what the printed 1.10 s step (rounded to 0.01 s) allows", () => {
    const shape: IterationShape = { batch: 4, seqLen: 2048, layers: 48, hidden: 6144, vocab: 51200 };
    const range = (flops: number) => [flops / (1.105 * 8 * A100_PEAK), flops / (1.095 * 8 * A100_PEAK)];
    const [mfuLow, mfuHigh] = range(modelFlopsPerIteration(shape).flops);
    const [hfuLow, hfuHigh] = range(hardwareFlopsPerIteration({ ...shape, recompute: "selective" }).flops);
    expect(0.415).toBeGreaterThan(mfuLow!);
    expect(0.415).toBeLessThan(mfuHigh!);
    expect(0.437).toBeGreaterThan(hfuLow!);
    expect(0.437).toBeLessThan(hfuHigh!);
  });

  it("Megatron's 96 formula is model FLOPs plus one more forward: 24·B·s·l·h²·(1 + s/6h), over seeded shapes", () => {
    const draw = seededInts(6);
    for (let trial = 0; trial < 50; trial++) {
      const shape = { batch: draw(1, 4096), seqLen: draw(1, 32768), layers: draw(1, 128), hidden: 64 * draw(1, 400), vocab: draw(2, 256000) };
      const { batch: B, seqLen: s, layers: l, hidden: h } = shape;
      const difference = megatronFlopsPerIteration(shape).flops - modelFlopsPerIteration(shape).flops;
      const forward = 24 * B * s * l * h * h * (1 + s / (6 * h));
      expect(Math.abs(difference / forward - 1)).toBeLessThan(1e-9);
      expect(hardwareFlopsPerIteration({ ...shape, recompute: "full" }).flops).toBe(megatronFlopsPerIteration(shape).flops);
      expect(hardwareFlopsPerIteration({ ...shape, recompute: "none" }).flops).toBe(modelFlopsPerIteration(shape).flops);
    }
  });

  it("worked example: GPT-3 175B, B = 1536 (Narayanan et al. 2021 Table 1 row), s = 2048, V = 51200", () => {
    // 96·1536·2048·96·12288² = 4.3775e18; × (1 + 2048/73728 + 51200/18874368) = × 1.030490
    const result = megatronFlopsPerIteration({ batch: 1536, seqLen: 2048, layers: 96, hidden: 12288, vocab: 51200 });
    expect(result.flops / 1e18).toBeCloseTo(4.37750 * 1.0304904, 3);
    expect(result.formula).toBe("96·B·s·l·h²·(1 + s/6h + V/16lh)");
  });

  it("rejects bad shapes and ambiguous utilization inputs", () => {
    const shape: IterationShape = { batch: 8, seqLen: 2048, layers: 24, hidden: 2048, vocab: 50257 };
    expect(() => modelFlopsPerIteration({ ...shape, batch: 0 })).toThrow(/batch must be a positive integer, got 0/);
    expect(() => megatronFlopsPerIteration({ ...shape, hidden: 1.5 })).toThrow(/hidden must be a positive integer, got 1\.5/);
    expect(() => hardwareFlopsPerIteration({ ...shape, recompute: "some" as "full" })).toThrow(/recompute must be "none", "selective" or "full"/);
    expect(() => mfu({ flopsPerIteration: 1e15, stepTime: 0, peakFlops: 312e12 })).toThrow(/stepTime must be a finite number > 0, got 0/);
    expect(() => mfu({ flopsPerIteration: 1e15, stepTime: 1, peakFlops: 312e12, devices: 2.5 })).toThrow(/devices must be a positive integer/);
    expect(() => hfu({ flopsPerIteration: 1e15, stepTime: 1, peakFlops: -1 })).toThrow(/peakFlops/);
    const both = { flopsPerIteration: 1e15, stepTime: 1, flopsPerToken: 1e9, tokensPerSecond: 1, peakFlops: 312e12 };
    expect(() => mfu(both)).toThrow(/exactly one of flopsPerIteration/);
    expect(() => flopsPerTokenFromShape({ params: 1e9, layers: 12, heads: 12, headDim: 64, seqLen: -5 })).toThrow(/seqLen must be a positive integer, got -5/);
    expect(() => flopsPerToken({ ...MODEL_PRESETS["gpt2-small"].arch, heads: 7 }, 1024)).toThrow(InputError);
  });

  it("one device at half its peak is 50% MFU; devices default to 1", () => {
    const result = mfu({ flopsPerIteration: 156e12, stepTime: 1, peakFlops: 312e12 });
    expect(result.utilization).toBe(0.5);
    expect(result.convention).toMatch(/PaLM/);
    expect(hfu({ flopsPerIteration: 312e12, stepTime: 2, peakFlops: 312e12, devices: 1 }).utilization).toBe(0.5);
  });
});
