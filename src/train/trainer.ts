/**
 * The pretraining loop, as nanoGPT's train.py, with the logging a postmortem needs.
 *
 * Each optimizer step (0-based `step`; events carry the count of completed steps):
 *   lr = warmup-cosine(step)
 *   for each of gradAccumulation micro-batches: forward, backward with seed 1/accum
 *     (so the gradient is the mean over micro-batches, as nanoGPT scales the loss)
 *   stop with an alert if a weight, the loss or a gradient is NaN/Inf (no update made)
 *   clip the global gradient norm, AdamW update, write a train event
 *   every layerStatsEvery steps: per-layer gradient norm and ‖Δθ‖/‖θ‖
 *   loss-spike alert (the run goes on); evaluation and checkpoint on their schedules
 *
 * Determinism: the weights (createGpt seed), batches (loader seed and cursor) and dropout
 * (its own generator) all follow from the config, and a checkpoint holds every piece of
 * state the loop carries, so resuming from it reproduces an uninterrupted run bit for bit.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import { formatPath, InputError } from "../errors.js";
import { createBatchLoader, type LoaderCursor } from "../data/loader.js";
import { countParameters } from "../nn/config.js";
import { exportWeights, forward, loadWeights, type Gpt } from "../nn/gpt.js";
import { adamwOptionsOf } from "./optimizer-options.js";
import { GRAD_SCALER_DEFAULTS, hasNonFinite, initialLossScale, nextLossScale } from "./loss-scaler.js";
import { roundInPlace } from "../tensor/precision.js";
import { adamw, adamwStep, clipGradNorm, exportAdamWState, gradNorm, importAdamWState, warmupCosineLr, type Parameter } from "../optim/index.js";
import { createRng, rngFromState } from "../stats/prng.js";
import { createArena, withArena } from "../tensor/arena.js";
import { backward, zeroGrad } from "../tensor/tensor.js";
import { resolveBackend, useBackend } from "../tensor/backend.js";
import { lossSpike, findNonFinite } from "./alerts.js";
import type { CheckpointState, Json } from "./checkpoint-state.js";
import type { TrainConfig } from "./config.js";
import { arithmeticAccuracy, samples, streamsLoss, type ArithmeticPrompt } from "./evaluate-model.js";
import type { RunEvent } from "./events.js";
import { layerStats, parameterGradNorms, snapshot } from "./layer-stats.js";
import type { LabTokenizer } from "./lab-tokenizer.js";
import { createRunModel } from "./model.js";

/** Everything the loop carries from step to step besides weights and optimizer moments. */
export const trainerStateSchema = z.object({
  /** Dropout generator state. */
  rngState: z.array(z.number()),
  cursor: z.object({ batches: z.number().int(), rngState: z.array(z.number()) }),
  tokens: z.number().int(),
  elapsedMs: z.number(),
  /** Losses of the last spikeWindow steps (the spike detector's window). */
  recentLosses: z.array(z.number()),
  /** The latest evaluation and the best validation loss so far. */
  lastEval: z.object({ step: z.number().int(), valLoss: z.number() }).nullable(),
  bestValLoss: z.number().nullable(),
  /** The fp16 loss scaler's state (null without loss scaling; absent in checkpoints made before it existed). */
  lossScale: z.object({ scale: z.number(), growthTracker: z.number().int() }).nullable().default(null),
});
export type TrainerState = z.infer<typeof trainerStateSchema>;

export interface TrainProgress {
  /** Completed optimizer steps. */
  step: number;
  steps: number;
  loss: number;
  valLoss: number | null;
  tokensPerSecond: number;
  /** Estimated seconds left, from the mean step time so far (evaluation excluded). */
  etaSeconds: number;
}

export interface TrainResult {
  status: "completed" | "stopped" | "interrupted";
  /** Completed optimizer steps. */
  step: number;
  message: string;
  lastValLoss: number | null;
  bestValLoss: number | null;
  unigramEntropy: number;
}

/** The data a run trains and evaluates on (src/lab/corpus.ts builds it from a config). */
export interface TrainingData {
  /** Domain names in stream order: the synthetic domains, or ["text"] for a text file. */
  domains: string[];
  /** Training tokens per domain. */
  train: Int32Array[];
  /** Validation tokens per domain. */
  validation: Int32Array[];
  /** Probability of each domain in a training batch: p_i ∝ n_i^(1/T) over training tokens. */
  probabilities: number[];
  tokenizer: LabTokenizer;
  arithmetic: ArithmeticPrompt[];
  /** Starts of validation documents to continue as samples at each evaluation. */
  samplePrompts: string[];
  /** −Σ p(v) ln p(v) over the training tokens' frequencies, in nats. */
  unigramEntropy: number;
}

/** Where a run's records go (src/lab/run-folder.ts writes them to the run folder). */
export interface TrainSink {
  /** Records one event, in order. */
  event(event: RunEvent): void;
  /** Stores a checkpoint; returns where (for the checkpoint event) and whether it is the best so far. */
  checkpoint(state: CheckpointState): { path: string; best: boolean };
}

export interface TrainOptions {
  sink: TrainSink;
  config: TrainConfig;
  corpus: TrainingData;
  /** Continue from this checkpoint (its config must be `config`). */
  resume?: CheckpointState;
  /** Called after every step and evaluation. */
  onProgress?: (progress: TrainProgress) => void;
  /** Called before each step with the 0-based step: the labs break training here on purpose. */
  beforeStep?: (step: number, model: Gpt) => void;
  /** Polled between steps; true ends the run as "interrupted" after a checkpoint. */
  shouldStop?: () => boolean;
}

/**
 * Trains a GPT as the config says, sending events and checkpoints to the sink. Resolves
 * when the run completes, stops on an alert or is interrupted.
 *
 * @example
 * const corpus = prepareCorpus(config);
 * const result = await train({ sink: runFolderSink(runDir, config), config, corpus, onProgress: (p) => console.log(p.step, p.loss) });
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { config } = options;
  // The backend comes first: the model's parameters and the optimizer's moments are made in
  // its memory (inside WebAssembly memory on the wasm backend, so kernels use them in place).
  const backend = useBackend(resolveBackend(config.backend), config.threads > 1 && availableParallelism() > 1 ? config.threads : 1);
  try {
    return await trainOnBackend(options);
  } finally {
    await backend.close();
  }
}

async function trainOnBackend(options: TrainOptions): Promise<TrainResult> {
  const { sink, config, corpus, resume } = options;
  const { optimizer: o, batchSize: B, gradAccumulation } = config;
  const T = config.model.blockSize;
  const model = createRunModel(config, corpus.tokenizer.vocabSize);
  const params = model.parameters as Parameter[];
  const optimizer = adamw(params, adamwOptionsOf(o));
  const schedule = { lr: o.lr, minLr: o.minLr, warmupSteps: o.warmupSteps, decaySteps: o.decaySteps };

  const gradPrecision = config.precision.gradients;
  const scaling = gradPrecision === "fp16" && config.precision.lossScaling;
  let state: TrainerState = {
    rngState: createRng(config.seed + 1).state(),
    cursor: { batches: 0, rngState: createRng(config.seed + 2).state() },
    tokens: 0,
    elapsedMs: 0,
    recentLosses: [],
    lastEval: null,
    bestValLoss: null,
    lossScale: scaling ? initialLossScale({ ...GRAD_SCALER_DEFAULTS, initScale: config.precision.initialLossScale }) : null,
  };
  let startStep = 0;
  if (resume) {
    state = parseTrainerState(resume.trainer, `the checkpoint at step ${resume.step}`);
    loadWeights(model, resume.weights);
    importAdamWState(optimizer, resume.optimizer);
    startStep = resume.step;
  }
  const dropoutRng = rngFromState(state.rngState);
  const loader = createBatchLoader({ streams: corpus.train, probabilities: corpus.probabilities, batchSize: B, blockSize: T, seed: config.seed, cursor: state.cursor as LoaderCursor });
  const emit = (event: RunEvent) => sink.event(event);
  const now = () => Date.now();

  emit({
    t: now(),
    step: startStep,
    kind: "start",
    ...(resume ? { resumedFrom: resume.step } : {}),
    steps: config.steps,
    parameters: countParameters(model.config).reported,
    unigramEntropy: corpus.unigramEntropy,
    trainTokens: corpus.train.reduce((s, x) => s + x.length, 0),
    validationTokens: corpus.validation.reduce((s, x) => s + x.length, 0),
  });

  const arena = createArena();
  let lastCheckpointStep = startStep; // a resumed run starts at its checkpoint
  let stepsTimed = 0;
  let timedMs = 0;

  /**
   * Validation loss, per-domain losses, arithmetic and samples at `done` completed steps;
   * null (after an alert) when a loss is not finite: the weights are finite but overflow.
   */
  const evaluate = (done: number): number | null => {
    // Both splits measured the same way, on fixed windows (nanoGPT's estimate_loss uses random batches).
    const val = streamsLoss(model, corpus.validation, config.eval.windows);
    const trainLoss = streamsLoss(model, corpus.train, config.eval.windows).loss;
    const bad = !Number.isFinite(val.loss) ? { tensor: "validation loss", value: val.loss } : !Number.isFinite(trainLoss) ? { tensor: "training loss (evaluation)", value: trainLoss } : null;
    if (bad) {
      const message = `step ${done}: the ${bad.tensor} is ${bad.value} although the weights are finite (activations overflow); stopped without saving this step's weights`;
      emit({ t: now(), step: done, kind: "alert", alert: "non-finite", message, tensor: bad.tensor });
      return null;
    }
    const scored = corpus.domains.flatMap((domain, i) => (Number.isFinite(val.perStream[i]) ? [[domain, val.perStream[i]] as const] : []));
    emit({
      t: now(),
      step: done,
      kind: "eval",
      tokens: state.tokens,
      trainLoss,
      valLoss: val.loss,
      valPerplexity: Math.exp(val.loss),
      domainLoss: corpus.domains.length > 1 ? Object.fromEntries(scored) : {},
      arithmeticAccuracy: arithmeticAccuracy(model, corpus.tokenizer, corpus.arithmetic),
      arithmeticCount: corpus.arithmetic.length,
      samples: samples(model, corpus.tokenizer, corpus.samplePrompts.slice(0, config.eval.samples), config.eval.sampleTokens, config.seed + done),
    });
    return val.loss;
  };

  const checkpoint = (done: number, valLoss: number | null) => {
    state.rngState = dropoutRng.state();
    state.cursor = loader.cursor();
    // With lm_head.weight written even when tied (a copy of wte), the file loads into
    // nanoGPT's GPT with load_state_dict(strict=True), whose state_dict lists both names.
    const weights = exportWeights(model, { includeTiedHead: true });
    const shapes = Object.fromEntries(Object.keys(weights).map((name) => [name, [...model.byName.get(name)!.shape]]));
    const tokenizer = corpus.tokenizer.spec as unknown as Json; // BpeModel is plain data, declared as an interface
    const saved = sink.checkpoint({ step: done, weights, shapes, optimizer: exportAdamWState(optimizer), valLoss, config, tokenizer, trainer: state });
    lastCheckpointStep = done;
    emit({ t: now(), step: done, kind: "checkpoint", path: saved.path, valLoss, best: saved.best });
  };

  const finish = (status: TrainResult["status"], step: number, message: string): TrainResult => {
    emit({ t: now(), step, kind: "end", status, message });
    return { status, step, message, lastValLoss: state.lastEval?.valLoss ?? null, bestValLoss: state.bestValLoss, unigramEntropy: corpus.unigramEntropy };
  };

  for (let step = startStep; step < config.steps; step++) {
    await new Promise((resolve) => setImmediate(resolve)); // let signals (Ctrl-C) and I/O callbacks run
    if (options.shouldStop?.()) {
      if (step === 0) return finish("interrupted", 0, "interrupted before the first step: nothing to resume");
      if (lastCheckpointStep !== step) checkpoint(step, state.lastEval?.step === step ? state.lastEval.valLoss : null);
      return finish("interrupted", step, `interrupted after step ${step}; continue with --resume`);
    }
    options.beforeStep?.(step, model);
    const started = performance.now();
    const lr = warmupCosineLr(step, schedule);

    // Forward and backward over the micro-batches; parameter grads accumulate the mean (times
    // the loss scale under fp16 loss scaling).
    zeroGrad(model.parameters);
    const scale = state.lossScale?.scale ?? 1;
    let loss = 0;
    for (let micro = 0; micro < gradAccumulation; micro++) {
      const batch = loader.next();
      loss += withArena(arena, () => {
        const out = forward(model, batch.inputs, B, T, batch.targets, { training: true, rng: dropoutRng }).loss!;
        backward(out, [scale / gradAccumulation]);
        return out.data[0];
      });
    }
    loss /= gradAccumulation;
    const done = step + 1;

    // Emulated low precision: the gradients as a half-precision backward leaves them (fp16
    // overflows to inf, underflows to 0), then unscaled in fp32.
    if (gradPrecision !== "fp32") {
      for (const p of params) {
        roundInPlace(p.grad, gradPrecision);
        if (scale !== 1) for (let i = 0; i < p.grad.length; i++) p.grad[i] /= scale;
      }
    }
    let skipped = false;
    if (state.lossScale) {
      const next = nextLossScale(state.lossScale, hasNonFinite(params.map((p) => p.grad)));
      state.lossScale = { scale: next.scale, growthTracker: next.growthTracker };
      // An overflow skips the update, as GradScaler.step does: no weights change.
      if (next.skipStep) {
        skipped = true;
        zeroGrad(model.parameters);
      }
    }

    const bad = findNonFinite(params, loss);
    if (bad) {
      const message = `step ${done}: ${bad.tensor} holds ${bad.value}; stopped before the update; no weights were changed by this step`;
      emit({ t: now(), step: done, kind: "alert", alert: "non-finite", message, tensor: bad.tensor }); // the value (NaN or ±Inf) is in the message: JSON has no such numbers
      return finish("stopped", step, message);
    }

    const measureLayers = done % config.log.layerStatsEvery === 0;
    const normsBefore = measureLayers ? parameterGradNorms(params) : [];
    const before = measureLayers ? snapshot(params) : [];
    const norm = skipped ? 0 : o.gradClip > 0 ? clipGradNorm(params, o.gradClip) : gradNorm(params);
    if (!skipped) adamwStep(optimizer, lr);

    const stepMs = performance.now() - started;
    state.tokens += B * T * gradAccumulation;
    state.elapsedMs += stepMs;
    stepsTimed++;
    timedMs += stepMs;
    const tokensPerSecond = (B * T * gradAccumulation) / (stepMs / 1000);
    const scaled = state.lossScale ? { lossScale: state.lossScale.scale, skipped } : {};
    emit({ t: now(), step: done, kind: "train", loss, lr, gradNorm: norm, tokens: state.tokens, tokensPerSecond, elapsedMs: state.elapsedMs, rssBytes: process.memoryUsage.rss(), ...scaled });
    if (measureLayers) emit({ t: now(), step: done, kind: "layers", layers: layerStats(params, normsBefore, before) });

    const spike = lossSpike(state.recentLosses, loss, config.alerts.spikeSigma, config.alerts.spikeWindow);
    if (spike !== null) {
      emit({ t: now(), step: done, kind: "alert", alert: "loss-spike", message: `step ${done}: loss ${loss.toFixed(4)} is ${spike.toFixed(1)} standard deviations above the last ${config.alerts.spikeWindow} steps`, value: loss });
    }
    state.recentLosses = [...state.recentLosses, loss].slice(-config.alerts.spikeWindow);

    const isLast = done === config.steps;
    let valLoss: number | null = null;
    if (done % config.eval.every === 0 || isLast) {
      valLoss = evaluate(done);
      if (valLoss === null) return finish("stopped", done, `step ${done}: the evaluation loss is not finite`);
      state.lastEval = { step: done, valLoss };
      if (state.bestValLoss === null || valLoss < state.bestValLoss) state.bestValLoss = valLoss;
    }
    if (done % config.checkpoint.every === 0 || isLast) checkpoint(done, valLoss);
    options.onProgress?.({ step: done, steps: config.steps, loss, valLoss: state.lastEval?.valLoss ?? null, tokensPerSecond, etaSeconds: ((config.steps - done) * timedMs) / stepsTimed / 1000 });
  }
  return finish("completed", config.steps, `completed ${config.steps} steps`);
}

/**
 * A checkpoint's trainer state, validated; `source` names the checkpoint in the error.
 *
 * @example parseTrainerState(checkpoint.trainer, "runs/x/checkpoints/step-200.json")
 */
export function parseTrainerState(json: unknown, source: string): TrainerState {
  const parsed = trainerStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${source}: trainer state field ${formatPath(issue.path)}: ${issue.message}`, "the checkpoint was not written by this version of dojo lab pretrain; resume from another or start a new run");
  }
  return parsed.data;
}
