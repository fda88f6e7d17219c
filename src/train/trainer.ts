/**
 * The pretraining loop, as nanoGPT's train.py, with the logging a postmortem needs.
 *
 * Each optimizer step (0-based `step`; events carry the count of completed steps):
 *   lr = warmup-cosine(step)
 *   for each of gradAccumulation micro-batches: forward, backward with seed 1/accum
 *     (so the gradient is the mean over micro-batches, as nanoGPT scales the loss)
 *   stop with an alert if a weight, the loss or a gradient is NaN/Inf (no update made)
 *   clip the global gradient norm, AdamW update, write a train event
 *   every layerStatsEvery steps: per-layer gradient norm, ‖Δθ‖/‖θ‖, Adam's √mean(v), max
 *     attention logit, and the output logits' statistics (signals.ts)
 *   run the detectors (detectors.ts; the run goes on), and on a loss spike recover if the
 *     config asks: roll back to a snapshot and skip batches, or lower the learning rate
 *   evaluation and checkpoint on their schedules
 *
 * Determinism: the weights (createGpt seed), batches (loader seed and cursor) and dropout
 * (its own generator) all follow from the config, and a checkpoint holds every piece of
 * state the loop carries, so resuming from it reproduces an uninterrupted run bit for bit.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import { formatPath, InputError } from "../errors.js";
import { createBatchLoader, type BatchLoader, type LoaderCursor } from "../data/loader.js";
import { countParameters } from "../nn/config.js";
import { exportWeights, forward, loadWeights, type AttentionProbe } from "../nn/gpt.js";
import { adamwOptionsOf } from "./optimizer-options.js";
import { GRAD_SCALER_DEFAULTS, hasNonFinite, initialLossScale, nextLossScale } from "./loss-scaler.js";
import { roundInPlace } from "../tensor/precision.js";
import { adamw, adamwStep, clipGradNorm, exportAdamWState, gradNorm, importAdamWState, warmupCosineLr, type Parameter } from "../optim/index.js";
import { createRng, rngFromState } from "../stats/prng.js";
import { createArena, withArena } from "../tensor/arena.js";
import { backward, zeroGrad } from "../tensor/tensor.js";
import { resolveBackend, useBackend } from "../tensor/backend.js";
import { findNonFinite } from "./alerts.js";
import * as detect from "./detectors.js";
import type { Alert } from "./detectors.js";
import type { Intervention } from "./intervention.js";
import { adamSecondMomentRms, logitStats, maxAttentionLogit, type LogitStats } from "./signals.js";
import { layerOf } from "./layer-stats.js";
import type { CheckpointState, Json } from "./checkpoint-state.js";
import type { TrainConfig } from "./config.js";
import { arithmeticAccuracy, samples, streamsLoss, type ArithmeticPrompt } from "./evaluate-model.js";
import type { RunEvent } from "./events.js";
import { layerStats, parameterGradNorms } from "./layer-stats.js";
import type { LabTokenizer } from "./lab-tokenizer.js";
import { createRunModel } from "./model.js";

/** Everything the loop carries from step to step besides weights and optimizer moments. */
export const trainerStateSchema = z.object({
  /** Dropout generator state. */
  rngState: z.array(z.number()),
  cursor: z.object({ batches: z.number().int(), rngState: z.array(z.number()) }),
  tokens: z.number().int(),
  elapsedMs: z.number(),
  /** Losses of the last spikeWindow steps and gradient norms of the last spikeWindow + JUMP_STEPS (the detectors' windows). */
  recentLosses: z.array(z.number()),
  recentGradNorms: z.array(z.number()).default([]),
  /** The last step each detector's condition held: it fires again only after a window of steps clear. */
  lastHeld: z.record(z.string(), z.number().int()).default({}),
  /** The generator of the shuffled reduction order (null when the order is fixed). */
  orderRngState: z.array(z.number()).nullable().default(null),
  /** Multiplier of the scheduled learning rate (halved by each lower-lr recovery), and recoveries made. */
  lrScale: z.number().positive().default(1),
  recoveries: z.number().int().min(0).default(0),
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
  /** Continue from this checkpoint (its config is `config`, or the config of a run branched from it). */
  resume?: CheckpointState;
  /** Loader batches to skip before the first step (manual recovery past bad data). */
  skipBatches?: number;
  /** The run a resumed run branched from (recorded in its start event). */
  branchOf?: { run: string; step: number };
  /** Called after every step and evaluation. */
  onProgress?: (progress: TrainProgress) => void;
  /** Hooks where a lab breaks training on purpose (src/lab/faults.ts). */
  intervention?: Intervention;
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
  const hooks = options.intervention ?? {};
  const thresholds = config.alerts;

  const gradPrecision = config.precision.gradients;
  const scaling = (gradPrecision === "fp16" || config.precision.activations === "fp16") && config.precision.lossScaling;
  let state: TrainerState = {
    rngState: createRng(config.seed + 1).state(),
    cursor: { batches: 0, rngState: createRng(config.seed + 2).state() },
    tokens: 0,
    elapsedMs: 0,
    recentLosses: [],
    recentGradNorms: [],
    lastHeld: {},
    orderRngState: config.reduction.order === "shuffled" ? createRng(config.reduction.orderSeed).state() : null,
    lrScale: 1,
    recoveries: 0,
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
  let dropoutRng = rngFromState(state.rngState);
  const loaderAt = (cursor: LoaderCursor): BatchLoader =>
    createBatchLoader({ streams: corpus.train, probabilities: corpus.probabilities, batchSize: B, blockSize: T, seed: config.seed, cursor });
  let loader = loaderAt(state.cursor as LoaderCursor);
  const skipFrom = loader.cursor().batches;
  for (let i = 0; i < (options.skipBatches ?? 0); i++) loader.next();
  const emit = (event: RunEvent) => sink.event(event);
  /**
   * Writes a detector's alert when its condition holds after a window of steps without it:
   * a condition that lasts, or comes and goes near its threshold, is one incident, one alert.
   * Returns whether an alert was written.
   */
  const raise = (step: number, alert: Alert | null): boolean => {
    if (alert === null) return false;
    const last = state.lastHeld[alert.detector];
    state.lastHeld = { ...state.lastHeld, [alert.detector]: step };
    if (last !== undefined && step - last <= thresholds.spikeWindow) return false;
    emit({ t: now(), step, kind: "alert", alert: alert.detector, message: alert.message, evidence: alert.evidence, ...(alert.layer ? { layer: alert.layer } : {}) });
    return true;
  };
  const now = () => Date.now();

  emit({
    t: now(),
    step: startStep,
    kind: "start",
    ...(resume ? { resumedFrom: resume.step } : {}),
    ...(options.skipBatches ? { skippedBatches: [skipFrom, loader.cursor().batches] as [number, number] } : {}),
    ...(options.branchOf ? { branchOf: options.branchOf } : {}),
    steps: config.steps,
    parameters: countParameters(model.config).reported,
    unigramEntropy: corpus.unigramEntropy,
    trainTokens: corpus.train.reduce((s, x) => s + x.length, 0),
    validationTokens: corpus.validation.reduce((s, x) => s + x.length, 0),
  });

  const arena = createArena();
  const before = params.map((p) => new Float32Array(p.data.length)); // the weights before each update
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

  // In-memory snapshots for recovery: everything the loop carries, every snapshotEvery steps.
  const recovery = config.recovery;
  interface Snapshot { step: number; weights: Record<string, Float32Array>; optimizer: ReturnType<typeof exportAdamWState>; trainer: TrainerState }
  const snapshots: Snapshot[] = [];
  const takeSnapshot = (done: number) => {
    state.rngState = dropoutRng.state();
    state.cursor = loader.cursor();
    snapshots.push({ step: done, weights: exportWeights(model), optimizer: exportAdamWState(optimizer), trainer: structuredClone(state) });
    // Keep what a rollback can reach: the newest snapshot at least rollbackSteps back, and later ones.
    while (snapshots.length > 1 && snapshots[1].step <= done - recovery.rollbackSteps) snapshots.shift();
  };
  /** Restores the newest snapshot at least rollbackSteps before `alertStep`; returns its step. */
  const rollBack = (alertStep: number): number => {
    const target = [...snapshots].reverse().find((s) => s.step <= alertStep - recovery.rollbackSteps) ?? snapshots[0];
    snapshots.splice(snapshots.indexOf(target) + 1);
    // The snapshot's detector memory comes back with it: a spike on the new path is a new incident.
    const { recoveries, lrScale } = state;
    loadWeights(model, target.weights);
    importAdamWState(optimizer, target.optimizer);
    state = { ...structuredClone(target.trainer), recoveries: recoveries + 1, lrScale };
    dropoutRng = rngFromState(state.rngState);
    loader = loaderAt(state.cursor as LoaderCursor);
    return target.step;
  };
  const recoverFromSpike = (alertStep: number): number | null => {
    if (recovery.onSpike === "none" || state.recoveries >= recovery.maxRecoveries || snapshots.length === 0) return null;
    const toStep = rollBack(alertStep);
    let skippedBatches: [number, number] | undefined;
    if (recovery.onSpike === "rollback") {
      const from = loader.cursor().batches;
      for (let i = 0; i < recovery.skipBatches; i++) loader.next();
      skippedBatches = [from, loader.cursor().batches]; // where the loader is now: what was skipped, not what was asked
    } else {
      state.lrScale /= 2;
    }
    const did = skippedBatches ? `skipped loader batches ${skippedBatches[0]}–${skippedBatches[1] - 1}` : `halved the learning rate (×${state.lrScale} from now on)`;
    emit({ t: now(), step: toStep, kind: "recovery", action: recovery.onSpike, alertStep, toStep, ...(skippedBatches ? { skippedBatches } : {}), lrScale: state.lrScale, message: `loss spike at step ${alertStep}: rolled back to step ${toStep} and ${did}` });
    return toStep;
  };
  if (recovery.onSpike !== "none") takeSnapshot(startStep);

  for (let step = startStep; step < config.steps; step++) {
    await new Promise((resolve) => setImmediate(resolve)); // let signals (Ctrl-C) and I/O callbacks run
    if (options.shouldStop?.()) {
      if (step === 0) return finish("interrupted", 0, "interrupted before the first step: nothing to resume");
      if (lastCheckpointStep !== step) checkpoint(step, state.lastEval?.step === step ? state.lastEval.valLoss : null);
      return finish("interrupted", step, `interrupted after step ${step}; continue with --resume`);
    }
    hooks.beforeStep?.(step, model, optimizer);
    const started = performance.now();
    const scheduled = warmupCosineLr(step, schedule);
    const lr = (hooks.lr?.(step, scheduled) ?? scheduled) * state.lrScale;
    const done = step + 1;
    const measure = done === 1 || done % config.log.layerStatsEvery === 0; // step 1: the signals at initialisation

    // Forward and backward over the micro-batches; parameter grads accumulate the mean (times
    // the loss scale under fp16 loss scaling). Measure steps probe the first micro-batch.
    zeroGrad(model.parameters);
    const scale = state.lossScale?.scale ?? 1;
    const seed = (scale * (hooks.gradSeedScale?.(step) ?? 1)) / gradAccumulation;
    let loss = 0;
    let attentionMax: number[] = [];
    let logits: LogitStats | undefined;
    const batches = Array.from({ length: gradAccumulation }, () => {
      const index = loader.cursor().batches;
      const served = loader.next();
      return hooks.batch ? hooks.batch(index, served, step) : served;
    });
    for (const [micro, batch] of reductionOrder(batches, state).entries()) {
      const probe: AttentionProbe | undefined = measure && micro === 0 ? { attention: [] } : undefined;
      loss += withArena(arena, () => {
        const result = forward(model, batch.inputs, B, T, batch.targets, { training: true, rng: dropoutRng, probe, precision: config.precision.activations });
        if (probe) {
          attentionMax = probe.attention.map(({ q, k }) => maxAttentionLogit(q, k));
          logits = logitStats(result.logits.data, model.config.vocabSize);
        }
        backward(result.loss!, [seed]);
        return result.loss!.data[0];
      });
    }
    loss /= gradAccumulation;

    // Emulated low precision: the gradients as a half-precision backward leaves them (fp16
    // overflows to inf, underflows to 0), then unscaled in fp32.
    let underflow: { underflowFraction: number } | object = {};
    if (gradPrecision !== "fp32") {
      let nonzeroBefore = 0;
      let nonzeroAfter = 0;
      for (const p of params) {
        nonzeroBefore += countNonzero(p.grad);
        roundInPlace(p.grad, gradPrecision);
        nonzeroAfter += countNonzero(p.grad);
        if (scale !== 1) for (let i = 0; i < p.grad.length; i++) p.grad[i] /= scale;
      }
      underflow = { underflowFraction: nonzeroBefore === 0 ? 0 : (nonzeroBefore - nonzeroAfter) / nonzeroBefore };
    }
    let skipped = false;
    if (state.lossScale && config.precision.dynamicLossScale) {
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
      const layer = bad.tensor === "loss" ? {} : { layer: layerOf(bad.tensor.replace(/^grad of /, "")) };
      const message = `step ${done}: ${bad.tensor} holds ${bad.value}; stopped before the update; no weights were changed by this step`;
      emit({ t: now(), step: done, kind: "alert", alert: "non-finite", message, tensor: bad.tensor, ...layer }); // the value (NaN or ±Inf) is in the message: JSON has no such numbers
      return finish("stopped", step, message);
    }

    // Every step: the update-ratio detector needs each layer's ‖Δθ‖/‖θ‖ (a copy of the weights, reused).
    const normsBefore = parameterGradNorms(params);
    params.forEach((p, i) => before[i].set(p.data));
    const norm = skipped ? 0 : o.gradClip > 0 ? clipGradNorm(params, o.gradClip) : gradNorm(params);
    if (!skipped) adamwStep(optimizer, lr);

    const stepMs = performance.now() - started;
    state.tokens += B * T * gradAccumulation;
    state.elapsedMs += stepMs;
    stepsTimed++;
    timedMs += stepMs;
    const tokensPerSecond = (B * T * gradAccumulation) / (stepMs / 1000);
    const scaled = state.lossScale ? { lossScale: state.lossScale.scale, skipped } : {};
    emit({ t: now(), step: done, kind: "train", loss, lr, gradNorm: norm, tokens: state.tokens, tokensPerSecond, elapsedMs: state.elapsedMs, rssBytes: process.memoryUsage.rss(), ...scaled, ...underflow });

    // The detectors: each step's loss and gradient norm against the window, the probed signals on measure steps.
    const spiked = raise(done, detect.detectLossSpike(done, state.recentLosses, loss, thresholds));
    if (!skipped) {
      state.recentGradNorms = [...state.recentGradNorms, norm].slice(-(thresholds.spikeWindow + detect.JUMP_STEPS));
      raise(done, detect.detectGradNormJump(done, state.recentGradNorms, thresholds));
    }
    raise(done, detect.detectLossStuck(done, o.warmupSteps, state.recentLosses, model.config.vocabSize, thresholds));
    const updates = layerStats(params, normsBefore, before);
    if (!skipped) raise(done, detect.detectUpdateRatio(done, o.warmupSteps, updates, thresholds));
    if (measure) {
      const vRms = adamSecondMomentRms(optimizer);
      const layers = updates.map((stat) => {
        const block = /^h\.(\d+)$/.exec(stat.layer);
        const attention = block && attentionMax.length > Number(block[1]) ? { maxAttentionLogit: attentionMax[Number(block[1])] } : {};
        return { ...stat, adamVRms: vRms.get(stat.layer) ?? 0, ...attention };
      });
      emit({ t: now(), step: done, kind: "layers", layers, ...(logits ? { logits } : {}) });
      raise(done, detect.detectAttentionLogitGrowth(done, attentionMax, thresholds));
      if (logits) raise(done, detect.detectOutputLogitDivergence(done, logits, thresholds));
    }
    state.recentLosses = [...state.recentLosses, loss].slice(-thresholds.spikeWindow);
    if (spiked) {
      const toStep = recoverFromSpike(done);
      if (toStep !== null) {
        step = toStep - 1; // the loop's step++ makes it toStep
        continue;
      }
    }

    const isLast = done === config.steps;
    let valLoss: number | null = null;
    if (done % config.eval.every === 0 || isLast) {
      valLoss = evaluate(done);
      if (valLoss === null) return finish("stopped", done, `step ${done}: the evaluation loss is not finite`);
      raise(done, detect.detectTrainValGap(done, state.recentLosses, valLoss, thresholds));
      state.lastEval = { step: done, valLoss };
      if (state.bestValLoss === null || valLoss < state.bestValLoss) state.bestValLoss = valLoss;
    }
    if (done % config.checkpoint.every === 0 || isLast) checkpoint(done, valLoss);
    if (recovery.onSpike !== "none" && done % recovery.snapshotEvery === 0) takeSnapshot(done);
    options.onProgress?.({ step: done, steps: config.steps, loss, valLoss: state.lastEval?.valLoss ?? null, tokensPerSecond, etaSeconds: ((config.steps - done) * timedMs) / stepsTimed / 1000 });
  }
  return finish("completed", config.steps, `completed ${config.steps} steps`);
}

/**
 * The micro-batches in the order their gradients are summed: as served, or shuffled by the
 * state's order generator (Fisher–Yates), which advances.
 */
function reductionOrder<T>(items: T[], state: TrainerState): T[] {
  if (state.orderRngState === null) return items;
  const rng = rngFromState(state.orderRngState);
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  state.orderRngState = rng.state();
  return order;
}

function countNonzero(values: Float32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) n++;
  return n;
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
