/**
 * The optimization loop every training stage of the alignment lab shares (SFT, reward model,
 * DPO, RL): per step, the stage fills the gradients and reports its metrics; the loop clips,
 * steps AdamW on a warmup-cosine schedule, logs, evaluates and checkpoints. The stage's
 * randomness comes from one generator whose state is saved in each checkpoint, and evaluation
 * draws from its own generator seeded by the step, so a resumed run continues bit for bit.
 */
import { InputError } from "../errors.js";
import type { CheckpointState } from "../lab/checkpoint.js";
import { adamw, adamwStep, clipGradNorm, exportAdamWState, gradNorm, importAdamWState, warmupCosineLr, type AdamWState, type Parameter } from "../optim/index.js";
import { createRng, rngFromState, type Rng } from "../stats/prng.js";
import { zeroGrad, type Tensor } from "../tensor/tensor.js";
import type { Json } from "../train/checkpoint-state.js";
import type { TrainingSettings } from "./align-config.js";
import type { AlignEvent } from "./align-events.js";

/** What an evaluation reports: metrics, their 95% intervals, n and a few graded samples. */
export interface StageEvaluation {
  metrics: Record<string, number>;
  intervals: Record<string, [number, number]>;
  n: number;
  samples: Array<{ prompt: string; answer: string; verdict: string }>;
}

export interface Stage {
  settings: TrainingSettings;
  /** The trained tensors, named as the checkpoint stores them. */
  parameters: Array<Tensor & Parameter>;
  /** Fills the parameters' gradients for one step (they are zero on entry) and returns its metrics. */
  step(rng: Rng, step: number): Record<string, number>;
  /** Evaluates the current model; `rng` is seeded by the step. */
  evaluate(rng: Rng, step: number): StageEvaluation;
  /** Config and tokenizer stored in each checkpoint's sidecar. */
  checkpointConfig: Json;
  tokenizer: Json;
  /** State the stage carries between steps (e.g. rollouts reused for several updates), saved in checkpoints. */
  saveState?(): Json;
  restoreState?(state: Json): void;
}

export interface StageRunOptions {
  /** Receives every event in order (the run folder's events.jsonl). */
  event(event: AlignEvent): void;
  /** Stores a checkpoint and returns its path. */
  checkpoint(state: CheckpointState): string;
  /** Continue from this checkpoint of the same run. */
  resume?: CheckpointState;
  onProgress?: (step: number, metrics: Record<string, number>) => void;
  /** Polled between steps: true ends the run as interrupted after a checkpoint. */
  shouldStop?: () => boolean;
  stage: string;
  now?: () => number;
}

/** The schedule's floor as a share of the peak learning rate. */
const MIN_LR_SHARE = 0.1;

/**
 * Runs the stage from step 0 (after evaluating the starting model) or from a checkpoint.
 *
 * @example await runStage(sftStage(...), { stage: "sft", event: (e) => appendAlignEvent(dir, e), checkpoint: (s) => saveAlignCheckpoint(dir, s) })
 */
export async function runStage(stage: Stage, options: StageRunOptions): Promise<{ status: "completed" | "interrupted"; step: number }> {
  const { settings } = stage;
  const now = options.now ?? Date.now;
  const started = now();
  const params = stage.parameters as Parameter[];
  const optimizer = adamw(params, { lr: settings.lr, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: settings.weightDecay });
  const schedule = { lr: settings.lr, minLr: settings.lr * MIN_LR_SHARE, warmupSteps: Math.min(settings.warmupSteps, settings.steps - 1), decaySteps: settings.steps }; // a run shorter than its warmup warms up to its last step
  let rng = createRng(settings.seed);
  let step = 0;
  if (options.resume) {
    const resume = options.resume;
    for (const p of stage.parameters) {
      const values = resume.weights[p.name];
      if (values === undefined || values.length !== p.data.length) throw new InputError(`the checkpoint has no weight "${p.name}" of ${p.data.length} values`, "resume a run from its own checkpoints");
      p.data.set(values);
    }
    importAdamWState(optimizer, resume.optimizer as AdamWState);
    const trainer = resume.trainer as { rngState: number[]; stage?: Json };
    rng = rngFromState(trainer.rngState);
    if (trainer.stage !== undefined) stage.restoreState?.(trainer.stage);
    step = resume.step;
  }
  options.event({ t: now(), step, kind: "start", stage: options.stage, steps: settings.steps, ...(options.resume ? { resumedFrom: step } : {}) });
  const evaluate = (at: number) => options.event({ t: now(), step: at, kind: "eval", ...stage.evaluate(createRng(settings.seed * 1_000_003 + at), at) });
  const checkpoint = (at: number) => {
    const weights = Object.fromEntries(stage.parameters.map((p) => [p.name, p.data.slice()]));
    const shapes = Object.fromEntries(stage.parameters.map((p) => [p.name, [...p.shape]]));
    const path = options.checkpoint({ step: at, weights, shapes, optimizer: exportAdamWState(optimizer), valLoss: null, config: stage.checkpointConfig, tokenizer: stage.tokenizer, trainer: { rngState: rng.state(), ...(stage.saveState ? { stage: stage.saveState() } : {}) } });
    options.event({ t: now(), step: at, kind: "checkpoint", path });
  };
  if (step === 0) evaluate(0);
  while (step < settings.steps) {
    // Hand control back once a step, so a signal handler (Ctrl-C, the web's Stop) can ask to stop.
    await new Promise((resolve) => setImmediate(resolve));
    zeroGrad(stage.parameters);
    const metrics = stage.step(rng, step + 1);
    const norm = settings.gradClip > 0 ? clipGradNorm(params, settings.gradClip) : gradNorm(params);
    const lr = warmupCosineLr(step, schedule);
    adamwStep(optimizer, lr);
    step++;
    const logged = { ...metrics, lr, grad_norm: norm };
    options.event({ t: now(), step, kind: "step", metrics: logged });
    options.onProgress?.(step, logged);
    const last = step === settings.steps;
    if (step % settings.evalEvery === 0 || last) evaluate(step);
    if (step % settings.checkpointEvery === 0 || last) checkpoint(step);
    if (!last && options.shouldStop?.()) {
      if (step % settings.checkpointEvery !== 0) checkpoint(step);
      options.event({ t: now(), step, kind: "end", status: "interrupted", elapsedMs: now() - started });
      return { status: "interrupted", step };
    }
  }
  options.event({ t: now(), step, kind: "end", status: "completed", elapsedMs: now() - started });
  return { status: "completed", step };
}
