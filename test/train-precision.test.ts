// Training with emulated low-precision gradients: fp32 is unchanged, fp16 without loss
// scaling loses small gradients to underflow, and with the dynamic loss scale an overflowing
// step is skipped and the scale halved (PyTorch GradScaler's rule).
import { describe, expect, it } from "vitest";
import { prepareCorpus } from "../src/lab/corpus.js";
import { resolveConfig, type ConfigOverrides } from "../src/train/config.js";
import type { RunEvent } from "../src/train/events.js";
import type { CheckpointState } from "../src/train/checkpoint-state.js";
import { createRunModel } from "../src/train/model.js";
import { train, type TrainSink } from "../src/train/trainer.js";

const micro = (overrides: ConfigOverrides) =>
  resolveConfig("tiny", [
    {
      source: "test",
      overrides: {
        steps: 6,
        data: { syntheticChars: 30_000 },
        model: { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 },
        batchSize: 4,
        optimizer: { warmupSteps: 0, gradClip: 0 },
        eval: { every: 6, windows: 2, arithmeticPrompts: 0, samples: 0, sampleTokens: 4 },
        checkpoint: { every: 6, keepLast: 1 },
        threads: 1,
        backend: "ts",
        ...overrides,
      },
    },
  ]);
const config = micro({});
const corpus = prepareCorpus(config);

async function trainEvents(overrides: ConfigOverrides) {
  const events: RunEvent[] = [];
  const checkpoints: CheckpointState[] = [];
  const sink: TrainSink = { event: (e) => void events.push(e), checkpoint: (state) => (checkpoints.push(state), { path: "", best: false }) };
  const result = await train({ sink, config: micro(overrides), corpus });
  return { result, trains: events.filter((e) => e.kind === "train"), checkpoints };
}

describe("emulated low-precision gradients", () => {
  it("fp32 is the run as before: no loss scale in the log", async () => {
    const { result, trains } = await trainEvents({});
    expect(result.status).toBe("completed");
    expect(trains.every((e) => !("lossScale" in e))).toBe(true);
  });

  it("bf16 and fp16 change the gradients, and so the run, but train", async () => {
    const fp32 = await trainEvents({});
    const bf16 = await trainEvents({ precision: { gradients: "bf16" } });
    const fp16 = await trainEvents({ precision: { gradients: "fp16", lossScaling: false } });
    // The first step's loss comes before any update: the same; the gradient norms differ by the rounding only.
    expect(bf16.trains[0].loss).toBe(fp32.trains[0].loss);
    const relative = (a: number, b: number) => Math.abs(a - b) / b;
    expect(relative(bf16.trains[0].gradNorm, fp32.trains[0].gradNorm)).toBeGreaterThan(0);
    expect(relative(bf16.trains[0].gradNorm, fp32.trains[0].gradNorm)).toBeLessThan(2 ** -7); // bf16 keeps 8 significant bits
    expect(relative(fp16.trains[0].gradNorm, fp32.trains[0].gradNorm)).toBeLessThan(2 ** -10);
    expect(bf16.result.status).toBe("completed");
    expect(fp16.result.status).toBe("completed");
  });

  it("with a loss scale too large for fp16, skips the overflowing steps and halves the scale until the gradients fit", async () => {
    const { result, trains } = await trainEvents({ precision: { gradients: "fp16", lossScaling: true, initialLossScale: 2 ** 40 }, steps: 40 });
    expect(result.status).toBe("completed");
    // Gradients of order 0.1 times 2^40 overflow fp16's 65504: the first steps are all skipped.
    expect(trains.slice(0, 10).every((e) => e.skipped)).toBe(true);
    // GradScaler's rule, step by step: halved at each skipped step, kept otherwise (no 2000 clean steps in a row here).
    let scale = 2 ** 40;
    for (const e of trains) {
      if (e.skipped) scale /= 2;
      expect([e.step, e.lossScale]).toEqual([e.step, scale]);
      if (e.skipped) expect(e.gradNorm).toBe(0);
    }
    // Once the scale fits, steps go through and the model learns.
    const clean = trains.filter((e) => !e.skipped);
    expect(clean.length).toBeGreaterThan(5);
    // Unscaled before the step: norms of an fp32 run's size (a few units), not 2^17 times that.
    for (const e of clean) expect(e.gradNorm).toBeLessThan(20);
    expect(trains.at(-1)!.loss).toBeLessThan(trains[0].loss - 0.05);
  });

  it("a skipped step changes no weight, not even by weight decay", async () => {
    const { trains, checkpoints } = await trainEvents({ precision: { gradients: "fp16", lossScaling: true, initialLossScale: 2 ** 40 }, steps: 4, checkpoint: { every: 4, keepLast: 1 } });
    expect(trains.map((e) => e.skipped)).toEqual([true, true, true, true]);
    const initial = createRunModel(config, corpus.tokenizer.vocabSize);
    const saved = checkpoints.at(-1)!.weights;
    for (const p of initial.parameters) expect([p.name, Array.from(saved[p.name])]).toEqual([p.name, Array.from(p.data)]);
  });
});
