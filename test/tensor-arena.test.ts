import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { gptConfig, type GptConfig } from "../src/nn/config.js";
import { createGpt, forward, type Gpt } from "../src/nn/gpt.js";
import { adamw, adamwStep } from "../src/optim/adamw.js";
import { createRng } from "../src/stats/prng.js";
import { allocate, createArena, withArena, type Arena } from "../src/tensor/arena.js";
import { add, mul } from "../src/tensor/elementwise.js";
import { setKernels, typescriptKernels } from "../src/tensor/kernels.js";
import { sum } from "../src/tensor/reduce.js";
import { backward, noGrad, tapeLength, tensor, zeroGrad } from "../src/tensor/tensor.js";

const B = 3;
const T = 6;
const small = (overrides: Partial<GptConfig> = {}) => gptConfig({ vocabSize: 13, blockSize: T, nLayer: 2, nHead: 2, nEmbd: 8, ...overrides });
/** Every forward path that allocates: dropout (embedding, residual, attention weights), RoPE, RMSNorm, qk-norm, z-loss, untied head. */
const allOptions: Partial<GptConfig> = { qkNorm: true, zLoss: 1e-2, norm: "rmsnorm", positions: "rotary", tiedHead: false, bias: false, dropout: 0.1 };

interface Run {
  losses: number[];
  parameters: Float32Array[];
  /** Arena.createdLastStep after each step (empty without an arena). */
  createdPerStep: number[];
}

/** Three AdamW steps of a fresh model on a fixed batch, each inside `arena` when given. */
function train(config: GptConfig, arena: Arena | null, steps = 3): Run {
  const model: Gpt = createGpt(config, 7);
  const optimizer = adamw(model.parameters, { lr: 1e-2, weightDecay: 0.1 });
  const rng = createRng(3); // dropout masks: the same draws in both runs
  const data = createRng(11);
  const ids = Int32Array.from({ length: B * T }, () => data.nextInt(config.vocabSize));
  const targets = Int32Array.from({ length: B * T }, () => data.nextInt(config.vocabSize));
  targets[4] = -1; // an ignored target, as nanoGPT's ignore_index
  const step = (): number => {
    zeroGrad(model.parameters);
    const { loss } = forward(model, ids, B, T, targets, { training: true, rng });
    backward(loss!);
    adamwStep(optimizer);
    return loss!.data[0];
  };
  const run: Run = { losses: [], parameters: [], createdPerStep: [] };
  for (let s = 0; s < steps; s++) {
    if (arena === null) {
      run.losses.push(step());
    } else {
      run.losses.push(withArena(arena, step));
      run.createdPerStep.push(arena.createdLastStep);
    }
  }
  run.parameters = model.parameters.map((p) => p.data.slice());
  return run;
}

/** Index of the first value whose float32 bits differ, or -1 (bit-identical, NaN payloads included). */
function firstBitDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

describe("training steps inside an arena", () => {
  for (const [label, overrides] of [["default", {}], ["all options, dropout 0.1", allOptions]] as const) {
    it(`give bit-identical losses and parameters to steps without it (${label})`, () => {
      const plain = train(small(overrides), null);
      const arena = createArena();
      const pooled = train(small(overrides), arena);
      expect(pooled.losses).toEqual(plain.losses);
      expect(new Set(plain.losses).size).toBe(3); // the steps really changed the model
      expect(pooled.parameters.length).toBe(plain.parameters.length);
      pooled.parameters.forEach((values, i) => expect(firstBitDifference(values, plain.parameters[i])).toBe(-1));
    });

    it(`allocate no new Float32Array after the first step (${label})`, () => {
      const arena = createArena();
      const run = train(small(overrides), arena);
      expect(run.createdPerStep[0]).toBeGreaterThan(50); // outputs, gradients and saved activations of ~2 layers
      expect(run.createdPerStep.slice(1)).toEqual([0, 0]);
      expect(arena.created).toBe(run.createdPerStep[0]);
      expect(arena.allocatedLastStep).toBe(run.createdPerStep[0]); // the same allocations, all reused
      expect(arena.bytes).toBeGreaterThan(0);
    });
  }

  it("replaces a slot whose length changed (new batch size) and keeps the count exact", () => {
    const arena = createArena();
    const step = (n: number) =>
      withArena(arena, () => {
        const x = tensor(Float32Array.from({ length: n }, (_, i) => i), [n]);
        return sum(mul(x, x)).data[0];
      });
    expect(step(4)).toBe(14);
    const first = arena.createdLastStep;
    expect(first).toBe(2); // x·x and its sum
    expect(step(4)).toBe(14);
    expect(arena.createdLastStep).toBe(0);
    expect(step(5)).toBe(30); // x·x has a new length, the scalar sum fits its old slot
    expect(arena.createdLastStep).toBe(1);
    expect(arena.created).toBe(3);
  });
});

describe("arena contract", () => {
  it("hands the previous step's buffers to the next step, zero-filled", () => {
    const arena = createArena();
    const first = withArena(arena, () => {
      const b = allocate(3);
      b.fill(5);
      return b;
    });
    const second = withArena(arena, () => allocate(3));
    expect(second).toBe(first); // the documented lifetime: only valid until the next step
    expect(Array.from(second)).toEqual([0, 0, 0]);
  });

  it("gives a leaf made outside the step a gradient of its own", () => {
    const arena = createArena();
    const w = tensor([1, 2, 3], [3], { requiresGrad: true }); // not a parameter: grad allocated lazily
    withArena(arena, () => backward(sum(mul(w, w))));
    const grad = w.grad!;
    expect(Array.from(grad)).toEqual([2, 4, 6]);
    withArena(arena, () => sum(add(tensor([9, 9, 9], [3]), tensor([9, 9, 9], [3]))));
    expect(Array.from(w.grad!)).toEqual([2, 4, 6]); // not overwritten by the next step
    expect(w.grad).toBe(grad);
  });

  it("rejects starting a step inside the same arena's step, and restores the outer arena", () => {
    const outer = createArena();
    const inner = createArena();
    expectBug(() => withArena(outer, () => withArena(outer, () => 0)), /already running a step/);
    withArena(outer, () => {
      allocate(2);
      withArena(inner, () => allocate(7));
      allocate(4); // counted by outer again
    });
    expect(outer.allocatedLastStep).toBe(2);
    expect(inner.allocatedLastStep).toBe(1);
    expectBug(() => withArena({} as Arena, () => 0), /needs an arena from createArena/);
  });

  it("releases a buffer whose shape changed, and never hands it out again even when the new allocation fails", () => {
    const released: Float32Array[] = [];
    let failNext = false;
    const previous = setKernels({
      ...typescriptKernels,
      allocate: (length) => {
        if (failNext) throw new Error("out of memory");
        return new Float32Array(length);
      },
      release: (buffer) => void released.push(buffer),
    });
    try {
      const arena = createArena();
      const first = withArena(arena, () => allocate(10));
      failNext = true;
      expect(() => withArena(arena, () => allocate(20))).toThrow("out of memory");
      expect(released).toEqual([first]); // its tensors died with the step before
      failNext = false;
      expect(withArena(arena, () => allocate(10))).not.toBe(first); // a released buffer is never reused by the arena
    } finally {
      setKernels(previous);
    }
  });

  it("runs the step again after a throwing step", () => {
    const arena = createArena();
    expect(() => withArena(arena, () => { allocate(2); throw new Error("boom"); })).toThrow("boom");
    expect(withArena(arena, () => allocate(2).length)).toBe(2);
    expect(arena.createdLastStep).toBe(0);
  });
});

describe("outside an arena", () => {
  it("allocate is plain new Float32Array: a fresh zeroed buffer every call", () => {
    const a = allocate(4);
    a.fill(1);
    const b = allocate(4);
    expect(b).not.toBe(a);
    expect(Array.from(b)).toEqual([0, 0, 0, 0]);
  });

  it("op outputs and gradients are not reused between calls, and an arena's counters do not move", () => {
    const arena = createArena();
    train(small(), arena, 1);
    const created = arena.created;
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const y1 = mul(x, x);
    const y2 = noGrad(() => mul(x, x));
    expect(y2.data).not.toBe(y1.data);
    backward(sum(y1));
    expect(tapeLength()).toBe(0);
    expect(Array.from(x.grad!)).toEqual([2, 4]);
    expect(Array.from(y1.data)).toEqual([1, 4]);
    const plain = train(small(), null, 2);
    expect(plain.losses.every(Number.isFinite)).toBe(true);
    expect(arena.created).toBe(created);
  });
});
