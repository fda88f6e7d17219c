// AdamW, SGD and nanoGPT's cosine schedule against a numpy float32 transcription of
// torch.optim.AdamW, torch.optim.SGD and nanoGPT's get_lr, over 10 steps of random grads.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { adamw, adamwStep } from "../src/optim/adamw.js";
import type { Parameter } from "../src/optim/parameter.js";
import { warmupCosineLr, type WarmupDecayOptions } from "../src/optim/schedule.js";
import { sgd, sgdStep, type SgdOptions } from "../src/optim/sgd.js";
import { param } from "./optim-helpers.js";

// Written by test/fixtures/make_optim_reference.py. Tensors are nested lists (a 0-d one is a number).
type Nested = number | Nested[];
interface OptimReference {
  shapes: { name: string; shape: number[] }[];
  initial: Nested[];
  grads: Nested[][];
  schedule: WarmupDecayOptions;
  adamw: {
    options: { beta1: number; beta2: number; eps: number; weightDecay: number };
    lrs: number[];
    params: Nested[][];
    m: Nested[];
    v: Nested[];
  }[];
  sgd: { options: SgdOptions; params: Nested[][] }[];
  cosine: { options: WarmupDecayOptions; steps: number[]; lrs: number[] };
}

const reference = JSON.parse(
  readFileSync(new URL("./fixtures/optim_reference.json", import.meta.url), "utf8"),
) as OptimReference;

const flat = (tensor: Nested): number[] => (Array.isArray(tensor) ? tensor.flatMap(flat) : [tensor]);

function initialParams(): Parameter[] {
  return reference.shapes.map(({ name, shape }, i) => param(name, shape, flat(reference.initial[i])));
}

function setGrads(params: Parameter[], step: number): void {
  params.forEach((p, i) => p.grad.set(flat(reference.grads[step][i])));
}

/** 4 float32 ulps at magnitude 1: our float64-per-element arithmetic rounds differently from torch's float32 ops. */
const TOLERANCE = 4 * 2 ** -23;

/** Largest |actual - expected| / max(1, |expected|) over all elements of all parameters. */
function maxDifference(actual: ArrayLike<number>[], expected: Nested[]): number {
  let worst = 0;
  actual.forEach((values, i) => {
    flat(expected[i]).forEach((e, j) => {
      worst = Math.max(worst, Math.abs(values[j] - e) / Math.max(1, Math.abs(e)));
    });
  });
  return worst;
}

describe("optimizers against a transcription of PyTorch", () => {
  it("AdamW matches torch.optim.AdamW over 10 steps with nanoGPT's decay groups and a cosine lr", () => {
    for (const c of reference.adamw) {
      const params = initialParams();
      const opt = adamw(params, c.options);
      for (let step = 0; step < 10; step++) {
        setGrads(params, step);
        const lr = warmupCosineLr(step, reference.schedule);
        expect(lr).toBeCloseTo(c.lrs[step], 15);
        adamwStep(opt, lr);
        expect(maxDifference(params.map((p) => p.data), c.params[step])).toBeLessThan(TOLERANCE);
      }
      expect(maxDifference(opt.m, c.m)).toBeLessThan(TOLERANCE);
      expect(maxDifference(opt.v, c.v)).toBeLessThan(TOLERANCE);
    }
  });

  it("SGD matches torch.optim.SGD (plain, momentum, Nesterov) over 10 steps", () => {
    for (const c of reference.sgd) {
      const params = initialParams();
      const opt = sgd(params, c.options);
      for (let step = 0; step < 10; step++) {
        setGrads(params, step);
        sgdStep(opt);
        expect(maxDifference(params.map((p) => p.data), c.params[step]), JSON.stringify(c.options)).toBeLessThan(TOLERANCE);
      }
    }
  });

  it("warmupCosineLr equals nanoGPT's get_lr at key steps (GPT-2 124M settings)", () => {
    const { options, steps, lrs } = reference.cosine;
    steps.forEach((step, i) => expect(warmupCosineLr(step, options), `step ${step}`).toBeCloseTo(lrs[i], 17));
  });
});
