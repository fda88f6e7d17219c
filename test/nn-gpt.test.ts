import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { InputError } from "../src/errors.js";
import { gptConfig, parameterSpecs, type GptConfig } from "../src/nn/config.js";
import { createGpt, exportWeights, forward, loadWeights, type Gpt } from "../src/nn/gpt.js";
import { adamw, adamwStep } from "../src/optim/adamw.js";
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from "../src/serialize/safetensors.js";
import { createRng } from "../src/stats/prng.js";
import { backward, noGrad, zeroGrad } from "../src/tensor/tensor.js";

/** The small config of the finite-difference checks: V=11, T=5, C=8, L=2, H=2. */
const small = (overrides: Partial<GptConfig> = {}) => gptConfig({ vocabSize: 11, blockSize: 5, nLayer: 2, nHead: 2, nEmbd: 8, ...overrides });
const allOptions: Partial<GptConfig> = { qkNorm: true, zLoss: 1e-2, norm: "rmsnorm", positions: "rotary", tiedHead: false, bias: false, dropout: 0.1 };

function randomIds(n: number, vocab: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.nextInt(vocab));
}

function std(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] / values.length;
  let variance = 0;
  for (let i = 0; i < values.length; i++) variance += (values[i] - mean) ** 2 / values.length;
  return Math.sqrt(variance);
}

describe("createGpt parameters", () => {
  for (const [label, overrides] of [["default", {}], ["bias off", { bias: false }], ["all options", allOptions], ["qk-norm with LayerNorm", { qkNorm: true }]] as const) {
    it(`has parameterSpecs' names, shapes and order (${label})`, () => {
      const config = small(overrides);
      const model = createGpt(config, 0);
      expect(model.parameters.map((p) => [p.name, [...p.shape]])).toEqual(parameterSpecs(config).map((s) => [s.name, s.shape]));
      for (const p of model.parameters) expect(p.grad.length).toBe(p.data.length);
    });
  }

  it("ties lm_head.weight to the token embedding (the same tensor), or not", () => {
    const tied = createGpt(small(), 0);
    expect(tied.byName.get("lm_head.weight")).toBe(tied.byName.get("transformer.wte.weight"));
    const untied = createGpt(small({ tiedHead: false }), 0);
    expect(untied.byName.get("lm_head.weight")).not.toBe(untied.byName.get("transformer.wte.weight"));
    expect(untied.parameters.at(-1)!.name).toBe("lm_head.weight");
  });

  it("is deterministic per seed", () => {
    const a = createGpt(small(), 3).parameters[0].data;
    expect(createGpt(small(), 3).parameters[0].data).toEqual(a);
    expect(createGpt(small(), 4).parameters[0].data).not.toEqual(a);
  });

  it("initialises as nanoGPT: N(0, 0.02), c_proj N(0, 0.02/√(2L)), biases 0, norm weights 1", () => {
    const L = 4;
    const model = createGpt(gptConfig({ vocabSize: 256, blockSize: 64, nLayer: L, nHead: 4, nEmbd: 64, qkNorm: true, tiedHead: false }), 1);
    const projections: number[] = [];
    const others: number[] = [];
    for (const p of model.parameters) {
      if (p.name.endsWith(".bias")) expect(p.data.every((v) => v === 0)).toBe(true);
      else if (p.shape.length === 1) expect(p.data.every((v) => v === 1)).toBe(true); // ln_1, ln_2, ln_f, q_norm, k_norm
      else if (p.name.endsWith("c_proj.weight")) projections.push(...p.data);
      else {
        others.push(...p.data);
        expect(Math.abs(std(p.data) / 0.02 - 1)).toBeLessThan(0.05); // each has ≥ 4096 values: sd of the estimate ≈ 1.1%
      }
    }
    expect(projections.length).toBe(L * (64 * 64 + 64 * 256));
    expect(Math.abs(std(projections) / (0.02 / Math.sqrt(2 * L)) - 1)).toBeLessThan(0.02);
    expect(Math.abs(std(others) / 0.02 - 1)).toBeLessThan(0.02);
    expect(Math.abs(others.reduce((a, b) => a + b, 0) / others.length)).toBeLessThan(0.001);
  });
});

describe("forward", () => {
  it("gives logits [B, T, V] and a loss ≈ ln(V) (+ z-loss ≈ coefficient·ln²V) at initialisation", () => {
    for (const overrides of [{}, allOptions]) {
      const config = gptConfig({ vocabSize: 65, blockSize: 16, nLayer: 2, nHead: 4, nEmbd: 32, ...overrides });
      const model = createGpt(config, 0);
      const { logits, loss } = noGrad(() => forward(model, randomIds(32, 65, 1), 2, 16, randomIds(32, 65, 2)));
      expect(logits.shape).toEqual([2, 16, 65]);
      // Logits ≈ 0 at init, so softmax ≈ uniform: cross-entropy ≈ ln V and log Z ≈ ln V.
      const expected = Math.log(65) + config.zLoss * Math.log(65) ** 2;
      expect(Math.abs(loss!.data[0] - expected)).toBeLessThan(0.1);
    }
  });

  it("returns no loss without targets, and skips targets of -1 (nanoGPT's ignore_index)", () => {
    const model = createGpt(small(), 0);
    const ids = randomIds(10, 11, 3);
    expect(noGrad(() => forward(model, ids, 2, 5)).loss).toBeNull();
    const targets = randomIds(10, 11, 4);
    const masked = targets.map((t, i) => (i % 3 === 0 ? -1 : t));
    const { logits, loss } = noGrad(() => forward(model, ids, 2, 5, masked));
    // Mean over the scored rows of logsumexp(z) − z[target], recomputed here in float64.
    let total = 0;
    let n = 0;
    masked.forEach((t, r) => {
      if (t === -1) return;
      const row = Array.from(logits.data.subarray(r * 11, (r + 1) * 11));
      const m = Math.max(...row);
      total += m + Math.log(row.reduce((s, z) => s + Math.exp(z - m), 0)) - row[t];
      n++;
    });
    expect(loss!.data[0]).toBeCloseTo(total / n, 5);
  });

  it("is causal: changing a later token leaves earlier logits unchanged (learned and rotary)", () => {
    for (const overrides of [{}, { positions: "rotary" as const, qkNorm: true }]) {
      const model = createGpt(small(overrides), 2);
      const ids = randomIds(5, 11, 5);
      const a = noGrad(() => forward(model, ids, 1, 5)).logits.data;
      const b = noGrad(() => forward(model, [...ids.slice(0, 4), (ids[4] + 1) % 11], 1, 5)).logits.data;
      expect(Array.from(b.subarray(0, 4 * 11))).toEqual(Array.from(a.subarray(0, 4 * 11)));
      expect(b.subarray(4 * 11)).not.toEqual(a.subarray(4 * 11));
    }
  });

  it("applies dropout in training only, with the same mask for the same seed", () => {
    const model = createGpt(small({ dropout: 0.2 }), 0);
    const ids = randomIds(10, 11, 6);
    const run = (training: boolean, seed: number) => noGrad(() => forward(model, ids, 2, 5, null, { training, rng: createRng(seed) })).logits.data;
    const evalLogits = run(false, 1);
    expect(run(false, 2)).toEqual(evalLogits);
    expect(noGrad(() => forward(model, ids, 2, 5)).logits.data).toEqual(evalLogits);
    expect(run(true, 1)).not.toEqual(evalLogits);
    expect(run(true, 1)).toEqual(run(true, 1));
    expect(run(true, 1)).not.toEqual(run(true, 2));
  });

  it("rejects T > blockSize, a wrong number of ids or targets, and dropout without an rng", () => {
    const model = createGpt(small({ dropout: 0.1 }), 0);
    // Shapes and ids are the caller's business (generate crops to blockSize, the loader makes B·T
    // ids, the tokenizer only emits ids of its vocabulary): a mismatch is a bug.
    expectBug(() => forward(model, randomIds(6, 11, 0), 1, 6), /exceeds blockSize 5/);
    expectBug(() => forward(model, randomIds(9, 11, 0), 2, 5), /9 ids for B=2, T=5/);
    expectBug(() => forward(model, randomIds(10, 11, 0), 2, 5, [1, 2]), /2 targets/);
    expectBug(() => forward(model, randomIds(10, 11, 0), 2, 5, null, { training: true }), /rng/);
    expectBug(() => forward(model, [0, 1, 11], 1, 3), /11/);
  });
});

/**
 * Finite-difference check of dLoss/dθ for a few entries of every parameter tensor. Weights
 * are first set to O(1) random values (at nanoGPT's init the gradients are too small for a
 * float32 check to mean much). Central differences with h = 1e-2 on a float32 loss of
 * about 2.4: rounding ≈ 1e-7·2.4/h ≈ 2e-5, truncation O(h²); accept
 * |analytic − numeric| ≤ 1e-3 + 2e-2·max(|analytic|, |numeric|).
 */
function gradCheckModel(config: GptConfig): { worst: number; largest: number; checkedTensors: number } {
  const model = createGpt(config, 1);
  const rng = createRng(2);
  for (const p of model.parameters) {
    const isGain = p.shape.length === 1 && !p.name.endsWith(".bias");
    for (let i = 0; i < p.data.length; i++) p.data[i] = isGain ? 0.7 + 0.6 * rng.nextFloat() : 0.8 * (rng.nextFloat() - 0.5) * (p.shape.length === 2 ? 2 / Math.sqrt(Math.min(...p.shape)) : 1) * 2;
  }
  const B = 2;
  const T = config.blockSize;
  const ids = randomIds(B * T, config.vocabSize, 3);
  const targets = randomIds(B * T, config.vocabSize, 4);
  targets[3] = -1;
  const lossAt = (record: boolean) => {
    const run = () => forward(model, ids, B, T, targets, { training: config.dropout > 0, rng: createRng(9) }).loss!;
    return record ? run() : noGrad(run);
  };
  zeroGrad(model.parameters);
  backward(lossAt(true));
  const h = 1e-2;
  let worst = 0;
  let largest = 0;
  for (const p of model.parameters) {
    const analytic = p.grad.slice();
    for (let k = 0; k < 3; k++) {
      const j = rng.nextInt(p.data.length);
      const original = p.data[j];
      p.data[j] = original + h;
      const plus = lossAt(false).data[0];
      p.data[j] = original - h;
      const minus = lossAt(false).data[0];
      p.data[j] = original;
      const numeric = (plus - minus) / (2 * h);
      worst = Math.max(worst, Math.abs(analytic[j] - numeric) / (1e-3 + 2e-2 * Math.max(Math.abs(analytic[j]), Math.abs(numeric))));
      largest = Math.max(largest, Math.abs(analytic[j]));
    }
  }
  return { worst, largest, checkedTensors: model.parameters.length };
}

describe("gradients of the whole model match finite differences", () => {
  const cases: Array<[string, Partial<GptConfig>]> = [
    ["default (learned positions, LayerNorm, tied head, bias)", {}],
    ["bias off", { bias: false }],
    ["qk-norm", { qkNorm: true }],
    ["RMSNorm", { norm: "rmsnorm" }],
    ["untied head", { tiedHead: false }],
    ["rotary positions", { positions: "rotary" }],
    ["z-loss", { zLoss: 0.05 }],
    ["dropout (fixed mask)", { dropout: 0.2 }],
    ["all options", allOptions],
  ];
  for (const [label, overrides] of cases) {
    it(label, () => {
      const { worst, largest, checkedTensors } = gradCheckModel(small(overrides));
      expect(checkedTensors).toBe(parameterSpecs(small(overrides)).length);
      expect(largest).toBeGreaterThan(1e-2);
      expect(worst).toBeLessThanOrEqual(1);
    });
  }
});

describe("training", () => {
  it("overfits one batch with AdamW: loss < 0.1·ln(V) within 100 steps", () => {
    const config = gptConfig({ vocabSize: 11, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 });
    const model = createGpt(config, 0);
    const ids = randomIds(16, 11, 7);
    const targets = randomIds(16, 11, 8);
    const opt = adamw(model.parameters, { lr: 1e-2, weightDecay: 0 });
    let loss = Infinity;
    for (let step = 0; step < 100; step++) {
      zeroGrad(model.parameters);
      const out = forward(model, ids, 2, 8, targets, { training: true }).loss!;
      loss = out.data[0];
      backward(out);
      adamwStep(opt);
    }
    expect(loss).toBeLessThan(0.1 * Math.log(11));
  });
});

describe("weights", () => {
  it("round-trip through a name → Float32Array map and safetensors", () => {
    for (const overrides of [{}, allOptions]) {
      const source = createGpt(small(overrides), 1);
      const stored: Record<string, StoredTensor> = {};
      for (const p of source.parameters) stored[p.name] = { dtype: "F32", shape: p.shape, data: exportWeights(source)[p.name] };
      const decoded = decodeSafetensors(encodeSafetensors(stored), "test").tensors;
      const target: Gpt = createGpt(small(overrides), 2);
      loadWeights(target, Object.fromEntries(Object.entries(decoded).map(([name, t]) => [name, t.data as Float32Array])));
      const ids = randomIds(10, 11, 1);
      expect(noGrad(() => forward(target, ids, 2, 5)).logits.data).toEqual(noGrad(() => forward(source, ids, 2, 5)).logits.data);
    }
  });

  it("exports copies, and a tied head once", () => {
    const model = createGpt(small(), 1);
    const weights = exportWeights(model);
    expect(Object.keys(weights)).toEqual(parameterSpecs(model.config).map((s) => s.name));
    const withHead = exportWeights(model, { includeTiedHead: true });
    expect(Object.keys(withHead).at(-1)).toBe("lm_head.weight");
    expect(withHead["lm_head.weight"]).toEqual(weights["transformer.wte.weight"]);
    weights["transformer.wte.weight"][0] = 42;
    expect(model.parameters[0].data[0]).not.toBe(42);
    // An untied head is exported with its own values, whatever includeTiedHead says.
    const untied = createGpt(small({ tiedHead: false }), 1);
    const own = Array.from(untied.byName.get("lm_head.weight")!.data);
    expect(own).not.toEqual(Array.from(untied.byName.get("transformer.wte.weight")!.data));
    for (const includeTiedHead of [false, true]) expect(Array.from(exportWeights(untied, { includeTiedHead })["lm_head.weight"])).toEqual(own);
  });

  it("refuses missing, unknown, mis-sized or untied-but-different weights, changing nothing", () => {
    const model = createGpt(small(), 1);
    const before = exportWeights(model);
    const other = exportWeights(createGpt(small(), 2));
    const missing = { ...other };
    delete missing["transformer.wpe.weight"];
    expect(() => loadWeights(model, missing)).toThrow(/transformer.wpe.weight/);
    expect(() => loadWeights(model, { ...other, "transformer.h.9.ln_1.weight": new Float32Array(8) })).toThrow(/unknown weight/);
    expect(() => loadWeights(model, { ...other, "transformer.ln_f.weight": new Float32Array(7) })).toThrow(InputError);
    expect(() => loadWeights(model, { ...other, "lm_head.weight": new Float32Array(88) })).toThrow(/ties the head/);
    expect(exportWeights(model)).toEqual(before);
    loadWeights(model, { ...other, "lm_head.weight": other["transformer.wte.weight"].slice() }); // nanoGPT's state_dict lists both
    expect(exportWeights(model)).toEqual(other);
  });
});
