// Each fault's injection, checked at the point it acts (config, hooks, data) without training:
// the expected values are the fault's definition (e.g. lr ×10 from step `at` on), not the code's output.
import { describe, expect, it } from "vitest";
import type { Batch } from "../src/data/loader.js";
import { faultData, faultHooks, FAULTS, withFault } from "../src/lab/faults.js";
import { runbookPage } from "../src/lab/runbook.js";
import { createGpt } from "../src/nn/gpt.js";
import { gptConfig } from "../src/nn/config.js";
import { adamw } from "../src/optim/adamw.js";
import { resolveConfig } from "../src/train/config.js";
import { FAULT_NAMES } from "../src/train/fault-names.js";
import type { TrainingData } from "../src/train/trainer.js";

const healthy = resolveConfig("tiny", [{ source: "test", overrides: { steps: 300 } }]);
const V = 10;
const batch = (rows: number, T: number, start = 0): Batch => ({
  inputs: Int32Array.from({ length: rows * T }, (_, i) => (start + i) % V),
  targets: Int32Array.from({ length: rows * T }, (_, i) => (start + i + 1) % V),
  domains: new Int32Array(rows),
});

describe("fault injection", () => {
  it("multiplies the learning rate from step `at` on (lr-x10, lr-x100)", () => {
    for (const [name, factor] of [["lr-x10", 10], ["lr-x100", 100]] as const) {
      const hooks = faultHooks(withFault(healthy, name, 100), V)!;
      expect(hooks.lr!(99, 0.002)).toBe(0.002);
      expect(hooks.lr!(100, 0.002)).toBeCloseTo(0.002 * factor, 12);
      expect(hooks.lr!(250, 0.001)).toBeCloseTo(0.001 * factor, 12);
    }
  });

  it("changes the config of the faults that live there, and records the fault", () => {
    const o = healthy.optimizer;
    expect(withFault(healthy, "no-warmup", 100).optimizer).toMatchObject({ warmupSteps: 0, lr: o.lr * 10 });
    expect(withFault(healthy, "no-warmup", 100).fault).toEqual({ name: "no-warmup", at: 0, window: 50 }); // acts from the first step
    expect(withFault(healthy, "no-clipping", 0).optimizer).toMatchObject({ gradClip: 0, lr: o.lr * 10 });
    expect(withFault(healthy, "adam-eps-large", 0).optimizer.eps).toBe(1);
    expect(withFault(healthy, "adam-beta2-high", 0).optimizer.beta2).toBe(0.99999);
    expect(withFault(healthy, "decay-norms", 0).optimizer).toMatchObject({ decayParameters: "all", weightDecay: 1 });
    expect(withFault(healthy, "fp16-underflow", 0).precision).toMatchObject({ activations: "fp16", gradients: "fp16", lossScaling: false });
    expect(withFault(healthy, "fp16-overflow", 0).precision).toMatchObject({ gradients: "fp16", lossScaling: true, dynamicLossScale: false, initialLossScale: 2 ** 24 });
    const unscaled = withFault(healthy, "accumulation-unscaled", 100);
    expect(unscaled.batchSize * unscaled.gradAccumulation).toBe(healthy.batchSize); // same tokens per step, 8 micro-batches
    expect(unscaled.gradAccumulation).toBe(8);
    expect(withFault(healthy, "lr-x10", 120).fault).toEqual({ name: "lr-x10", at: 120, window: 50 });
  });

  it("sums micro-batch gradients without dividing from step `at` on (accumulation-unscaled)", () => {
    const config = withFault(healthy, "accumulation-unscaled", 100);
    const hooks = faultHooks(config, V)!;
    expect(hooks.gradSeedScale!(99)).toBe(1);
    expect(hooks.gradSeedScale!(100)).toBe(8); // seed 8 × 1/8: each micro-batch's full gradient is added
  });

  it("corrupts exactly the batches of the window: random tokens or one token repeated", () => {
    const config = withFault({ ...healthy, gradAccumulation: 2 }, "shard-random", 100, 5);
    const hooks = faultHooks(config, V)!;
    const b = batch(2, 8);
    expect(hooks.batch!(199, b, 99)).toBe(b); // batch index 2·100 − 1: before the shard
    expect(hooks.batch!(205, b, 102)).toBe(b); // 2·100 + 5 and on: after it
    expect(hooks.batch!(204, b, 102)).not.toBe(b); // the window's last batch
    const corrupt = hooks.batch!(200, b, 100);
    expect(corrupt).not.toBe(b);
    expect(corrupt.inputs.length).toBe(16);
    for (let r = 0; r < 2; r++) for (let t = 0; t < 7; t++) expect(corrupt.targets[r * 8 + t]).toBe(corrupt.inputs[r * 8 + t + 1]); // still next-token pairs
    expect(new Set(corrupt.inputs).size).toBeGreaterThan(3); // random over the vocabulary, not the batch's cycle
    expect(corrupt.inputs.every((id) => id >= 0 && id < V)).toBe(true);
    expect(hooks.batch!(200, b, 100).inputs).toEqual(corrupt.inputs); // the same shard on a replay

    const repeated = faultHooks(withFault(healthy, "shard-repeat", 100, 5), V)!.batch!(102, batch(2, 8, 3), 102);
    expect(new Set([...repeated.inputs, ...repeated.targets])).toEqual(new Set([3]));
  });

  it("makes each target the current input from step `at` on (label-leak)", () => {
    const hooks = faultHooks(withFault(healthy, "label-leak", 100), V)!;
    const b = batch(1, 8);
    expect(hooks.batch!(99, b, 99).targets).toEqual(b.targets);
    expect(hooks.batch!(100, b, 100).targets).toEqual(b.inputs);
  });

  it("serves the batch at `at` again and again (repeated-batch)", () => {
    const hooks = faultHooks(withFault(healthy, "repeated-batch", 100), V)!;
    const early = batch(1, 8, 1);
    expect(hooks.batch!(99, early, 99)).toBe(early);
    const first = batch(1, 8, 2);
    expect(hooks.batch!(100, first, 100)).toBe(first);
    expect(hooks.batch!(101, batch(1, 8, 5), 101)).toBe(first);
    expect(hooks.batch!(250, batch(1, 8, 7), 250)).toBe(first);
  });

  it("zeroes Adam's moments once at `at` and keeps its step count (optimizer-reset)", () => {
    const model = createGpt(gptConfig({ vocabSize: V, blockSize: 4, nLayer: 1, nHead: 1, nEmbd: 4 }), 1);
    const optimizer = adamw(model.parameters);
    optimizer.step = 100;
    for (const m of optimizer.m) m.fill(0.5);
    for (const v of optimizer.v) v.fill(0.25);
    const hooks = faultHooks(withFault(healthy, "optimizer-reset", 100), V)!;
    hooks.beforeStep!(99, model, optimizer);
    expect(optimizer.m[0][0]).toBe(0.5);
    hooks.beforeStep!(100, model, optimizer);
    expect(optimizer.m.every((m) => m.every((x) => x === 0))).toBe(true);
    expect(optimizer.v.every((v) => v.every((x) => x === 0))).toBe(true);
    expect(optimizer.step).toBe(100);
    optimizer.m[0][0] = 0.25;
    hooks.beforeStep!(101, model, optimizer);
    expect(optimizer.m[0][0]).toBe(0.25); // once only
  });

  it("shifts the validation ids by one, training untouched (eval-tokenizer)", () => {
    const data = { train: [Int32Array.of(1, 2, 9)], validation: [Int32Array.of(0, 4, 9)], tokenizer: { vocabSize: V } } as unknown as TrainingData;
    const broken = faultData(withFault(healthy, "eval-tokenizer", 0), data);
    expect([...broken.validation[0]]).toEqual([1, 5, 0]);
    expect(broken.train).toBe(data.train);
    expect(faultData(healthy, data)).toBe(data);
  });

  it("unties the head and draws it 50× too large before the first step (head-init-scale)", () => {
    const config = withFault(healthy, "head-init-scale", 0);
    expect(config.model.tiedHead).toBe(false);
    const model = createGpt(gptConfig({ vocabSize: V, blockSize: 4, nLayer: 1, nHead: 1, nEmbd: 4, tiedHead: false }), 1);
    const head = model.byName.get("lm_head.weight")!.data;
    const before = head.slice();
    const hooks = faultHooks(config, V)!;
    hooks.beforeStep!(0, model, adamw(model.parameters));
    head.forEach((w, i) => expect(w).toBeCloseTo(before[i] * 50, 5)); // N(0, 0.02²) → N(0, 1)
    hooks.beforeStep!(1, model, adamw(model.parameters));
    head.forEach((w, i) => expect(w).toBeCloseTo(before[i] * 50, 5)); // once only
  });

  it("refuses an unknown fault and a step past the run", () => {
    expect(() => withFault(healthy, "lr-x1000", 10)).toThrow(/no fault "lr-x1000".*/);
    expect(() => withFault(healthy, "lr-x10", 300)).toThrow(/--at 300 is not before the run's last step/);
  });

  it("has a runbook page for every fault, in the format the runbook reader checks", () => {
    for (const name of FAULT_NAMES) {
      const page = runbookPage(name);
      expect(page.id).toBe(name);
      expect(page.nearMisses).not.toContain(name);
      expect(page.sections["Interview answer"].length).toBeGreaterThan(200);
      expect(FAULTS[name].title.length).toBeGreaterThan(0);
    }
  });
});
