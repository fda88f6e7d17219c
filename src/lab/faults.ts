/**
 * The failure lab's faults: each one a way real training breaks, injected into a run on
 * purpose. A fault acts through one or more of
 *
 *   its config   changed fields, recorded in config.json (no warmup, clipping off, fp16…)
 *   its hooks    an Intervention the trainer calls: learning rate, batches, backward seed,
 *                optimizer state, from the fault's step `at` on
 *   its data     the validation streams the run evaluates on (a different tokenizer)
 *
 * The config records `fault: { name, at, window }`, so a resumed run, the report and the
 * incident drills know what was injected; `faultHooks` and `faultData` rebuild the rest from it.
 * content/runbook/<name>.md explains each fault.
 */
import type { Batch } from "../data/loader.js";
import { InputError } from "../errors.js";
import { createRng } from "../stats/prng.js";
import type { TrainConfig } from "../train/config.js";
import { FAULT_NAMES, type FaultName } from "../train/fault-names.js";
import type { Intervention } from "../train/intervention.js";
import type { TrainingData } from "../train/trainer.js";

export interface FaultSpec {
  title: string;
  /** Whether the fault starts at a step (`--at`); the others act from the first step. */
  timed: boolean;
  /** Whether the fault corrupts a window of `window` loader batches (the data-shard faults). */
  windowed?: true;
  /** The config of a run with this fault, from the healthy one. */
  configure?(config: TrainConfig): TrainConfig;
  /** The hooks of a run with this fault starting at 0-based step `at` (batch faults: loader batch index `at`·gradAccumulation). */
  hooks?(config: TrainConfig, at: number, window: number, vocabSize: number): Intervention;
  /** The data a run with this fault trains and evaluates on. */
  data?(data: TrainingData): TrainingData;
}

/** Multiplies the learning rate from step `at` on. */
const lrTimes = (factor: number): FaultSpec["hooks"] => (_config, at) => ({ lr: (step, scheduled) => (step >= at ? scheduled * factor : scheduled) });

/** Replaces the loader's batches [at·accum, at·accum + window) with `make(index, batch)`. */
const corruptBatches =
  (make: (index: number, batch: Batch, vocabSize: number) => Batch): FaultSpec["hooks"] =>
  (config, at, window, vocabSize) => {
    const first = at * config.gradAccumulation;
    return { batch: (index, batch) => (index >= first && index < first + window ? make(index, batch, vocabSize) : batch) };
  };

/** A batch of the same shape whose rows are windows of T + 1 tokens `token(row, position)` drawn in order: inputs s[0, T), targets s[1, T]. */
function batchOf(like: Batch, token: (row: number, position: number) => number): Batch {
  const rows = like.domains.length;
  const T = like.inputs.length / rows;
  const inputs = new Int32Array(rows * T);
  const targets = new Int32Array(rows * T);
  for (let r = 0; r < rows; r++) {
    const window = Array.from({ length: T + 1 }, (_, position) => token(r, position));
    inputs.set(window.slice(0, T), r * T);
    targets.set(window.slice(1), r * T);
  }
  return { inputs, targets, domains: like.domains };
}

export const FAULTS: Record<FaultName, FaultSpec> = {
  "lr-x10": { title: "learning rate ×10 from a step on", timed: true, hooks: lrTimes(10) },
  "lr-x100": { title: "learning rate ×100 from a step on", timed: true, hooks: lrTimes(100) },
  "no-warmup": {
    title: "no warmup at a 10× peak learning rate",
    timed: false,
    configure: (c) => ({ ...c, optimizer: { ...c.optimizer, lr: c.optimizer.lr * 10, minLr: c.optimizer.minLr * 10, warmupSteps: 0 } }),
  },
  "no-clipping": {
    title: "gradient clipping off at a 10× peak learning rate",
    timed: false,
    configure: (c) => ({ ...c, optimizer: { ...c.optimizer, lr: c.optimizer.lr * 10, minLr: c.optimizer.minLr * 10, gradClip: 0 } }),
  },
  "shard-random": {
    title: "a corrupted data shard: uniformly random tokens",
    timed: true,
    windowed: true,
    hooks: corruptBatches((index, batch, V) => {
      const rng = createRng(index);
      return batchOf(batch, () => rng.nextInt(V));
    }),
  },
  "shard-repeat": {
    title: "a corrupted data shard: one token repeated",
    timed: true,
    windowed: true,
    hooks: corruptBatches((_index, batch) => batchOf(batch, () => batch.inputs[0])),
  },
  "label-leak": {
    title: "targets shifted by one: each target is the current input token",
    timed: true,
    hooks: (_config, at) => ({ batch: (_index, batch, step) => (step >= at ? { ...batch, targets: batch.inputs } : batch) }),
  },
  "repeated-batch": {
    title: "the data loader repeats one batch",
    timed: true,
    hooks: (config, at) => {
      const first = at * config.gradAccumulation;
      let kept: Batch | null = null;
      return {
        batch: (index, batch) => {
          if (index < first) return batch;
          kept ??= batch;
          return kept;
        },
      };
    },
  },
  "optimizer-reset": {
    title: "Adam's moments zeroed on a resume (step count kept)",
    timed: true,
    hooks: (_config, at) => ({
      beforeStep: (step, _model, optimizer) => {
        if (step !== at) return;
        for (const m of optimizer.m) m.fill(0);
        for (const v of optimizer.v) v.fill(0);
      },
    }),
  },
  "accumulation-unscaled": {
    title: "gradient accumulation over 8 micro-batches without dividing by 8",
    timed: true,
    configure: (c) => ({ ...c, batchSize: Math.max(1, Math.floor(c.batchSize / 8)), gradAccumulation: c.gradAccumulation * 8 }),
    hooks: (config, at) => ({ gradSeedScale: (step) => (step >= at ? config.gradAccumulation : 1) }),
  },
  "adam-eps-large": { title: "Adam's ε = 1 (updates shrink to a slow SGD's)", timed: false, configure: (c) => ({ ...c, optimizer: { ...c.optimizer, eps: 1 } }) },
  "adam-beta2-high": { title: "Adam's β2 = 0.99999 (the second moment lags the gradients)", timed: false, configure: (c) => ({ ...c, optimizer: { ...c.optimizer, beta2: 0.99999 } }) },
  "fp16-underflow": {
    title: "fp16 activations and gradients without loss scaling",
    timed: false,
    configure: (c) => ({ ...c, precision: { ...c.precision, activations: "fp16", gradients: "fp16", lossScaling: false } }),
  },
  "fp16-overflow": {
    title: "fp16 activations and gradients with a static loss scale of 2^24",
    timed: false,
    configure: (c) => ({ ...c, precision: { ...c.precision, activations: "fp16", gradients: "fp16", lossScaling: true, dynamicLossScale: false, initialLossScale: 2 ** 24 } }),
  },
  "decay-norms": {
    title: "weight decay 1.0 on every parameter, LayerNorm gains and biases too",
    timed: false,
    configure: (c) => ({ ...c, optimizer: { ...c.optimizer, weightDecay: 1, decayParameters: "all" } }),
  },
  "eval-tokenizer": {
    title: "validation encoded with a tokenizer whose ids are shifted by one",
    timed: false,
    data: (data) => {
      const V = data.tokenizer.vocabSize;
      return { ...data, validation: data.validation.map((stream) => stream.map((id) => (id + 1) % V)) };
    },
  },
  "head-init-scale": {
    title: "an untied output head initialised at std 1 instead of 0.02",
    timed: false,
    configure: (c) => ({ ...c, model: { ...c.model, tiedHead: false } }),
    hooks: () => ({
      beforeStep: (step, model) => {
        if (step !== 0) return;
        const head = model.byName.get("lm_head.weight")!.data;
        for (let i = 0; i < head.length; i++) head[i] *= 1 / 0.02; // nanoGPT's init draws N(0, 0.02²)
      },
    }),
  },
};

/** Batches a data fault corrupts by default. */
export const DEFAULT_FAULT_WINDOW = 50;

/**
 * The config of a run with fault `name` injected at 0-based step `at` (ignored by faults that
 * act from the first step, which record 0).
 *
 * @example withFault(resolveConfig("tiny", []), "lr-x10", 300).fault // { name: "lr-x10", at: 300, window: 50 }
 */
export function withFault(config: TrainConfig, name: string, at: number, window = DEFAULT_FAULT_WINDOW): TrainConfig {
  const spec = faultSpec(name);
  if (spec.timed && at >= config.steps) throw new InputError(`--at ${at} is not before the run's last step (${config.steps} steps)`, "inject the fault at a step the run reaches");
  const configured = spec.configure ? spec.configure(config) : config;
  return { ...configured, fault: { name: name as FaultName, at: spec.timed ? at : 0, window } };
}

/** The spec of fault `name`, or an InputError listing the faults. */
export function faultSpec(name: string): FaultSpec {
  if (!(FAULT_NAMES as readonly string[]).includes(name)) throw new InputError(`no fault "${name}"`, `faults: ${FAULT_NAMES.join(", ")}`);
  return FAULTS[name as FaultName];
}

/** The trainer hooks of the config's fault (none for a healthy run). */
export function faultHooks(config: TrainConfig, vocabSize: number): Intervention | undefined {
  if (config.fault === null) return undefined;
  return FAULTS[config.fault.name].hooks?.(config, config.fault.at, config.fault.window, vocabSize);
}

/** The data of a run with the config's fault. */
export function faultData<D extends TrainingData>(config: TrainConfig, data: D): D {
  const change = config.fault === null ? undefined : FAULTS[config.fault.name].data;
  return change ? { ...data, ...change(data) } : data;
}
