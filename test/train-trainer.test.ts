import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listCheckpoints, loadCheckpoint, saveCheckpoint, type Json } from "../src/lab/checkpoint.js";
import { readRunCheckpoint, restoreModel } from "../src/lab/run-model.js";
import { resolveConfig, type TrainConfig } from "../src/train/config.js";
import { prepareCorpus } from "../src/lab/corpus.js";
import type { RunEvent } from "../src/train/events.js";
import { writeReport } from "../src/lab/report.js";
import { checkpointsFolder, createRunFolder, readEvents, runFolderSink } from "../src/lab/run-folder.js";
import { effectiveEvents } from "../src/lab/runs.js";
import { train, type TrainSink } from "../src/train/trainer.js";
import { relativeNormError } from "./relative-error.js";

const home = mkdtempSync(join(tmpdir(), "lmdojo-trainer-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A model small enough that a whole run takes well under a second, with dropout and accumulation on. */
const microConfig: TrainConfig = resolveConfig("tiny", [
  {
    source: "test",
    overrides: {
      steps: 8,
      data: { syntheticChars: 30_000 },
      model: { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16, dropout: 0.1 },
      batchSize: 4,
      gradAccumulation: 2,
      optimizer: { warmupSteps: 2 },
      eval: { every: 4, windows: 4, arithmeticPrompts: 3, samples: 1, sampleTokens: 8 },
      checkpoint: { every: 4, keepLast: 3 },
      log: { layerStatsEvery: 2 },
      alerts: { spikeWindow: 4, spikeSigma: 3 },
      threads: 1,
      backend: "ts", // which tensor overflows first depends on the kernels' rounding; the wasm runs are below
    },
  },
]);
const corpus = prepareCorpus(microConfig);

/** The parts of an event that must not depend on timing. */
function deterministicPart(event: RunEvent): unknown {
  const rest: Record<string, unknown> = { ...event };
  for (const key of ["t", "tokensPerSecond", "elapsedMs", "rssBytes"]) delete rest[key];
  return rest;
}

/** A sink that keeps events in memory and stores no checkpoint (for runs whose files do not matter). */
function memorySink(): TrainSink & { events: RunEvent[] } {
  const events: RunEvent[] = [];
  return { events, event: (e) => void events.push(e), checkpoint: () => ({ path: "", best: false }) };
}

function weightsOfLastCheckpoint(runDir: string): Record<string, Float32Array> {
  const entries = listCheckpoints(checkpointsFolder(runDir));
  return loadCheckpoint(entries[entries.length - 1].sidecarPath).weights;
}

describe("train", () => {
  it("logs every step, evaluates and checkpoints on schedule, and learns", async () => {
    const { dir } = createRunFolder(home, microConfig, {});
    const result = await train({ sink: runFolderSink(dir, microConfig), config: microConfig, corpus });
    expect(result.status).toBe("completed");
    const events = readEvents(dir);
    const trains = events.filter((e) => e.kind === "train");
    expect(trains.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events.filter((e) => e.kind === "layers").map((e) => e.step)).toEqual([1, 2, 4, 6, 8]); // step 1 (the signals at initialisation), then every layerStatsEvery
    expect(events.filter((e) => e.kind === "eval").map((e) => e.step)).toEqual([4, 8]);
    expect(events.filter((e) => e.kind === "checkpoint").map((e) => e.step)).toEqual([4, 8]);
    expect(events.at(-1)).toMatchObject({ kind: "end", status: "completed", step: 8 });
    // Tokens count micro-batches: 4 rows × 16 tokens × 2 accumulated.
    expect(trains[0].kind === "train" && trains[0].tokens).toBe(128);
    const evals = events.filter((e) => e.kind === "eval");
    for (const e of evals) {
      if (e.kind !== "eval") continue;
      expect(Object.keys(e.domainLoss)).toEqual(["stories", "arithmetic", "facts", "code"]);
      expect(e.valPerplexity).toBeCloseTo(Math.exp(e.valLoss), 10);
      expect(e.arithmeticCount).toBe(3);
      expect(e.samples).toHaveLength(1);
    }
  });

  it("learns: 80 steps take the validation loss from ln(vocab) to below the unigram entropy", async () => {
    const config = { ...microConfig, steps: 80, gradAccumulation: 1, optimizer: { ...microConfig.optimizer, decaySteps: 80 }, eval: { ...microConfig.eval, every: 80 }, checkpoint: { ...microConfig.checkpoint, every: 80 } };
    const { dir } = createRunFolder(home, config, {});
    const result = await train({ sink: runFolderSink(dir, config), config, corpus });
    const first = readEvents(dir).find((e) => e.kind === "train")!;
    expect(first.kind === "train" && first.loss).toBeGreaterThan(Math.log(corpus.tokenizer.vocabSize) - 0.3); // a uniform guess at init
    expect(result.lastValLoss!).toBeLessThan(corpus.unigramEntropy);
  });

  it("resumed after an interruption, is bit-identical to an uninterrupted run", async () => {
    const whole = createRunFolder(home, microConfig, {}).dir;
    await train({ sink: runFolderSink(whole, microConfig), config: microConfig, corpus });

    const split = createRunFolder(home, microConfig, {}).dir;
    let steps = 0;
    const first = await train({ sink: runFolderSink(split, microConfig), config: microConfig, corpus, onProgress: () => steps++, shouldStop: () => steps === 3 });
    expect(first).toMatchObject({ status: "interrupted", step: 3 });
    const entries = listCheckpoints(checkpointsFolder(split));
    expect(entries.map((e) => e.step)).toEqual([3]);
    const checkpoint = loadCheckpoint(entries[0].sidecarPath);
    const second = await train({ sink: runFolderSink(split, microConfig), config: microConfig, corpus: prepareCorpus(microConfig, corpus.tokenizer.spec), resume: checkpoint });
    expect(second.status).toBe("completed");

    const a = weightsOfLastCheckpoint(whole);
    const b = weightsOfLastCheckpoint(split);
    for (const name of Object.keys(a)) expect(Buffer.from(b[name].buffer).equals(Buffer.from(a[name].buffer)), name).toBe(true);
    const logged = (dir: string) => effectiveEvents(readEvents(dir)).filter((e) => e.kind === "train" || e.kind === "eval" || e.kind === "layers").map(deterministicPart);
    expect(logged(split)).toEqual(logged(whole));
    expect(readEvents(split).filter((e) => e.kind === "end").map((e) => e.kind === "end" && e.status)).toEqual(["interrupted", "completed"]);
  });

  it.each([
    ["two TypeScript threads", { threads: 2, backend: "ts" }],
    ["the WebAssembly kernels", { threads: 1, backend: "wasm" }],
  ] as const)("resumed from a scheduled checkpoint (what a kill -9 leaves), on %s, is bit-identical too", async (_label, kernels) => {
    const config = { ...microConfig, ...kernels };
    const whole = createRunFolder(home, config, {}).dir;
    await train({ sink: runFolderSink(whole, config), config, corpus });
    const atStep4 = listCheckpoints(checkpointsFolder(whole)).find((e) => e.step === 4)!;
    const resumed = createRunFolder(home, config, {}).dir;
    await train({ sink: runFolderSink(resumed, config), config, corpus, resume: loadCheckpoint(atStep4.sidecarPath) });
    const a = weightsOfLastCheckpoint(whole);
    const b = weightsOfLastCheckpoint(resumed);
    for (const name of Object.keys(a)) expect(Buffer.from(b[name].buffer).equals(Buffer.from(a[name].buffer)), name).toBe(true);
    const last = (dir: string) => readEvents(dir).filter((e) => e.kind === "eval").at(-1);
    expect(deterministicPart(last(resumed)!)).toEqual(deterministicPart(last(whole)!));
  });

  it("stops on a NaN weight, names it, and leaves the last checkpoint intact", async () => {
    const { dir } = createRunFolder(home, microConfig, {});
    const result = await train({
      sink: runFolderSink(dir, microConfig),
      config: microConfig,
      corpus,
      intervention: { beforeStep: (step, model) => {
        if (step === 5) model.byName.get("transformer.h.0.mlp.c_fc.weight")!.data[7] = NaN;
      } },
    });
    expect(result.status).toBe("stopped");
    const events = readEvents(dir);
    const alert = events.find((e) => e.kind === "alert" && e.alert === "non-finite");
    expect(alert).toMatchObject({ kind: "alert", alert: "non-finite", step: 6, tensor: "transformer.h.0.mlp.c_fc.weight" });
    // Only what the trainer knows: whether a checkpoint exists is the sink's business (src/lab/outcome.ts says).
    expect(alert).toMatchObject({ message: "step 6: transformer.h.0.mlp.c_fc.weight holds NaN; stopped before the update; no weights were changed by this step" });
    expect(events.filter((e) => e.kind === "train").at(-1)!.step).toBe(5); // the bad step made no update
    expect(events.at(-1)).toMatchObject({ kind: "end", status: "stopped" });
    const entries = listCheckpoints(checkpointsFolder(dir));
    expect(entries.map((e) => e.step)).toEqual([4]);
    const weights = loadCheckpoint(entries[0].sidecarPath).weights;
    for (const values of Object.values(weights)) expect(values.every(Number.isFinite)).toBe(true);
  });

  it("names the first non-finite gradient (backward order) when finite weights overflow but the loss stays finite", async () => {
    const { dir } = createRunFolder(home, microConfig, {});
    await train({
      sink: runFolderSink(dir, microConfig),
      config: microConfig,
      corpus,
      intervention: { beforeStep: (step, model) => {
        // Finite, and LayerNorm turns the equal rows into finite activations, but the gradients overflow.
        if (step === 2) model.byName.get("transformer.wte.weight")!.data.fill(3e38);
      } },
    });
    const alert = readEvents(dir).find((e) => e.kind === "alert");
    expect(alert).toMatchObject({ alert: "non-finite", step: 3, tensor: "grad of transformer.ln_f.weight" });
  });

  it("stops with an alert, not a crash, when an evaluation diverges, and the log stays readable", async () => {
    const config = { ...microConfig, optimizer: { ...microConfig.optimizer, lr: 1e30 }, eval: { ...microConfig.eval, every: 1 } };
    const { dir } = createRunFolder(home, config, {});
    const result = await train({ sink: runFolderSink(dir, config), config, corpus });
    expect(result.status).toBe("stopped");
    const events = readEvents(dir); // throws if any event failed its schema
    const alert = events.find((e) => e.kind === "alert");
    expect(alert).toMatchObject({ alert: "non-finite" });
    expect(alert).toMatchObject({ step: 1, tensor: "validation loss", message: "step 1: the validation loss is NaN although the weights are finite (activations overflow); stopped without saving this step's weights" });
    expect(events.at(-1)).toMatchObject({ kind: "end", status: "stopped" });
    expect(events.filter((e) => e.kind === "checkpoint")).toEqual([]); // nothing saved after the bad update
  });

  it("writes a loss-spike alert and keeps training", async () => {
    const config = { ...microConfig, steps: 12, eval: { ...microConfig.eval, every: 6 }, checkpoint: { ...microConfig.checkpoint, every: 6 } };
    const { dir } = createRunFolder(home, config, {});
    const result = await train({
      sink: runFolderSink(dir, config),
      config,
      corpus,
      intervention: { beforeStep: (step, model) => {
        if (step === 8) model.byName.get("transformer.wte.weight")!.data.forEach((_, i, data) => (data[i] *= 40));
      } },
    });
    expect(result.status).toBe("completed");
    const spikes = readEvents(dir).filter((e) => e.kind === "alert" && e.alert === "loss-spike");
    expect(spikes[0]).toMatchObject({ alert: "loss-spike", step: 9 });
  });

  it("has a report made from a short run's files", async () => {
    const { dir } = createRunFolder(home, microConfig, {});
    await train({ sink: runFolderSink(dir, microConfig), config: microConfig, corpus });
    const path = writeReport(dir);
    const files = readdirSync(dir);
    expect(files).toContain("report.md");
    expect(files.filter((f) => f.endsWith(".svg")).length).toBeGreaterThanOrEqual(5);
    const { readFileSync } = await import("node:fs");
    const markdown = readFileSync(path, "utf8");
    const best = Math.min(...readEvents(dir).flatMap((e) => (e.kind === "eval" ? [e.valLoss] : [])));
    expect(markdown).toContain(best.toFixed(4));
    expect(markdown).toContain("What would I try next with half the budget?");
  });

  it("accumulating 2 micro-batches of B equals one batch of 2B: same loss, gradients and logged grad norm", async () => {
    // The loader draws rows one after another from one generator, so the two micro-batches of
    // 4 rows are the 8 rows of the single batch. Each micro-batch loss is a mean over its 4·16
    // targets; seeding backward with 1/2 makes the summed gradient the mean over all 8·16.
    // Dropout 0 and no clipping, so the gradients left after step 0 are the raw mean.
    const run = async (batchSize: number, gradAccumulation: number) => {
      const config: TrainConfig = { ...microConfig, steps: 2, batchSize, gradAccumulation, model: { ...microConfig.model, dropout: 0 }, optimizer: { ...microConfig.optimizer, gradClip: 0 }, eval: { ...microConfig.eval, arithmeticPrompts: 0, samples: 0 } };
      const sink = memorySink();
      let grads: Float32Array[] = [];
      await train({ sink, config, corpus, intervention: { beforeStep: (step, model) => void (step === 1 && (grads = model.parameters.map((p) => p.grad!.slice()))) } });
      const first = sink.events.find((e) => e.kind === "train")!;
      if (first.kind !== "train") throw new Error("no train event");
      return { loss: first.loss, gradNorm: first.gradNorm, grads };
    };
    const accumulated = await run(4, 2);
    const whole = await run(8, 1);
    // Only the order of float32 sums differs: measured 5.8e-8 (loss), 4.3e-9 (norm), 5.3e-8 (gradients).
    expect(Math.abs(accumulated.loss - whole.loss) / whole.loss).toBeLessThan(3e-7);
    expect(Math.abs(accumulated.gradNorm - whole.gradNorm) / whole.gradNorm).toBeLessThan(1e-7);
    expect(accumulated.grads).toHaveLength(whole.grads.length);
    whole.grads.forEach((grad, i) => expect(relativeNormError(accumulated.grads[i], grad), `parameter ${i}`).toBeLessThan(3e-7));
  });

  it("writes lm_head.weight into each checkpoint as a copy of the tied transformer.wte.weight, and loads it back", async () => {
    const { dir } = createRunFolder(home, microConfig, {});
    await train({ sink: runFolderSink(dir, microConfig), config: microConfig, corpus });
    const saved = readRunCheckpoint(dir);
    const weights = saved.checkpoint.weights;
    expect(Object.keys(weights)).toContain("lm_head.weight");
    expect(saved.checkpoint.shapes["lm_head.weight"]).toEqual(saved.checkpoint.shapes["transformer.wte.weight"]);
    expect(Array.from(weights["lm_head.weight"])).toEqual(Array.from(weights["transformer.wte.weight"]));
    expect(saved.config.model.activation).toBe("gelu");
    const model = restoreModel(saved);
    expect(Array.from(model.byName.get("lm_head.weight")!.data)).toEqual(Array.from(weights["transformer.wte.weight"]));
  });

  it("loads a checkpoint without lm_head.weight and without model.activation as a tanh-GELU model with the same weights", async () => {
    const { dir } = createRunFolder(home, microConfig, {});
    await train({ sink: runFolderSink(dir, microConfig), config: microConfig, corpus });
    const saved = readRunCheckpoint(dir).checkpoint;
    // The same checkpoint as a run that stored neither field writes it.
    const weights = { ...saved.weights };
    const shapes = { ...saved.shapes };
    delete weights["lm_head.weight"];
    delete shapes["lm_head.weight"];
    const config = structuredClone(saved.config) as { model: Record<string, unknown> };
    delete config.model.activation;
    const older = createRunFolder(home, microConfig, {}).dir;
    saveCheckpoint(checkpointsFolder(older), { ...saved, weights, shapes, config: config as Json }, { keepLast: 1 });
    const restored = readRunCheckpoint(older);
    expect(restored.config.model.activation).toBe("gelu_tanh");
    const model = restoreModel(restored);
    expect(model.config.activation).toBe("gelu_tanh");
    for (const p of model.parameters) expect(Array.from(p.data), p.name).toEqual(Array.from(saved.weights[p.name]));
  });
});
