/**
 * One run of a sweep: train in memory (no run folder, no checkpoints) and keep what the
 * sweep's analysis reads from its events:
 *
 *   initialLoss      the loss of the first step, measured before any update: ℓ0 of LR sensitivity
 *                    (null in the freak case of a first step that already stopped on a NaN)
 *   finalValLoss     validation loss of the evaluation after the last step (null if the run diverged)
 *   finalTrainLoss   training loss of that evaluation, on fixed windows as the validation loss is
 *   diverged         a loss, weight or gradient became NaN/Inf and the trainer stopped the run;
 *                    the sweep then counts its final loss as initialLoss, as the paper caps at ℓ0
 *   finalLoss        finalValLoss, or initialLoss for a diverged run (the paper's cap)
 *   attention        [step, max attention logit over all layers] at each measured step
 *   logitMean, logZ  [step, value] of the output logits' mean and mean log Z at each measured step
 */
import { prepareCorpus, type PreparedCorpus } from "./corpus.js";
import type { RunEvent } from "../train/events.js";
import type { TrainConfig } from "../train/config.js";
import { train } from "../train/trainer.js";
import { sweepRunConfig, type SweepJob, type SweepPlan } from "./sweep-plan.js";

export interface SweepRunResult extends SweepJob {
  status: "completed" | "stopped" | "interrupted";
  diverged: boolean;
  /** Optimizer steps completed. */
  stepsDone: number;
  initialLoss: number | null;
  finalValLoss: number | null;
  finalTrainLoss: number | null;
  finalLoss: number | null;
  attention: [number, number][];
  logitMean: [number, number][];
  logZ: [number, number][];
  /** Training time in ms (evaluation excluded). */
  trainMs: number;
  /** Why the run stopped early, when it did. */
  message?: string;
}

/**
 * Reads a sweep run's result from its events.
 *
 * @example summarizeSweepRun({ variant: "baseline", lr: 0.01, seed: 1 }, events).finalLoss // the last evaluation's valLoss
 */
export function summarizeSweepRun(job: SweepJob, events: readonly RunEvent[]): SweepRunResult {
  let initialLoss: number | null = null;
  let stepsDone = 0;
  let trainMs = 0;
  let lastEval: { valLoss: number; trainLoss: number } | null = null;
  let end: Extract<RunEvent, { kind: "end" }> | null = null;
  const attention: [number, number][] = [];
  const logitMean: [number, number][] = [];
  const logZ: [number, number][] = [];
  for (const event of events) {
    if (event.kind === "train") {
      if (initialLoss === null && Number.isFinite(event.loss)) initialLoss = event.loss;
      stepsDone = event.step;
      trainMs = event.elapsedMs;
    } else if (event.kind === "eval") {
      lastEval = { valLoss: event.valLoss, trainLoss: event.trainLoss };
    } else if (event.kind === "layers") {
      // Only finite values: sweep.json is JSON, which has no NaN or Infinity (logits can
      // overflow in the step before a run stops).
      const logits = event.layers.flatMap((layer) => (layer.maxAttentionLogit === undefined ? [] : [layer.maxAttentionLogit]));
      if (logits.length > 0 && logits.every(Number.isFinite)) attention.push([event.step, Math.max(...logits)]);
      if (event.logits && Number.isFinite(event.logits.mean) && Number.isFinite(event.logits.logZ)) {
        logitMean.push([event.step, event.logits.mean]);
        logZ.push([event.step, event.logits.logZ]);
      }
    } else if (event.kind === "end") {
      end = event;
    }
  }
  if (end === null) throw new Error(`sweep run ${describeJob(job)} logged no end event`);
  const diverged = end.status === "stopped";
  const finalValLoss = diverged ? null : (lastEval?.valLoss ?? null);
  return {
    ...job,
    status: end.status,
    diverged,
    stepsDone,
    initialLoss,
    finalValLoss,
    finalTrainLoss: diverged ? null : (lastEval?.trainLoss ?? null),
    finalLoss: finalValLoss ?? initialLoss,
    attention,
    logitMean,
    logZ,
    trainMs,
    ...(end.status === "completed" ? {} : { message: end.message }),
  };
}

/** "baseline lr=0.01 seed 1", for messages. */
export function describeJob(job: SweepJob): string {
  return `${job.variant} lr=${job.lr} seed ${job.seed}`;
}

/**
 * The corpora of a worker's runs, prepared once per distinct data setting (the runs of one
 * seed share a corpus: its documents, split and tokenizer follow from the seed).
 */
export function corpusCache(): (config: TrainConfig) => PreparedCorpus {
  const cache = new Map<string, PreparedCorpus>();
  return (config) => {
    const key = JSON.stringify([config.seed, config.data, config.tokenizer, config.model.blockSize, config.eval.arithmeticPrompts]);
    let corpus = cache.get(key);
    if (corpus === undefined) {
      corpus = prepareCorpus(config);
      cache.set(key, corpus);
    }
    return corpus;
  };
}

/**
 * Trains one run of the plan in this process and returns its result.
 *
 * @example const result = await runSweepJob(plan, { variant: "qk-norm", lr: 0.1, seed: 1 }, corpusCache());
 */
export async function runSweepJob(plan: SweepPlan, job: SweepJob, corpusFor: (config: TrainConfig) => PreparedCorpus): Promise<SweepRunResult> {
  const config = sweepRunConfig(plan, job);
  const events: RunEvent[] = [];
  await train({
    config,
    corpus: corpusFor(config),
    sink: { event: (event) => events.push(event), checkpoint: () => ({ path: "(memory)", best: false }) },
  });
  return summarizeSweepRun(job, events);
}
