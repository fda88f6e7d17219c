/**
 * The plan of a learning-rate sweep (`dojo lab sweep`), after Wortsman et al. 2023: every
 * learning rate × every variant × every seed is one short pretraining run from a preset,
 * and the runs differ in nothing else.
 *
 * Variants (the two mitigations the paper reproduces at small scale, alone and together):
 *   baseline         the preset's GPT-2 architecture
 *   qk-norm          qk-layernorm: LayerNorm of queries and keys per head, against attention-logit growth
 *   z-loss           1e-4 · (log Z)² added to the loss (PaLM's coefficient), against output-logit divergence
 *   qk-norm+z-loss   both
 *
 * Every run shares the paper's optimizer recipe, scaled to a run of a few hundred steps:
 * AdamW with β2 = 0.95, linear warmup over the first 5% of steps, cosine decay to 1e-5 (or
 * to the peak lr, if lower), gradient clipping at the preset's 1.0, and independent weight
 * decay θ ← (1 − λ·η_t/η_max)·θ with the paper's λ = 1e-4, so that a learning-rate sweep does
 * not also sweep the decay. λ is kept at the paper's value rather than scaled up to give a run
 * of a few hundred steps the paper's total decay over its far longer runs: a λ that large
 * pulls a small model's weights toward zero faster than Adam moves them, and the sweep would
 * measure the decay instead of the learning rate (tiny, 400 steps at lr 3e-3: validation loss
 * 1.91 with λ = 0.025, 1.47 with λ = 1e-4). At λ = 1e-4 a few hundred steps shrink the weights
 * by at most a few percent, so the decay barely acts here; it is in the recipe so that a
 * longer sweep (`--steps`) follows the paper.
 *
 * A run evaluates once, at its last step (no arithmetic prompts, no samples), logs per-layer
 * signals about 40 times, keeps no checkpoints, and uses one kernel thread: two runs train at
 * a time, one per core.
 */
import { InputError } from "../errors.js";
import { parseChoice, parsePositiveInt } from "../flag-values.js";
import { resolveConfig, type ConfigOverrides, type PresetName, type TrainConfig } from "../train/config.js";

export const SWEEP_VARIANTS = ["baseline", "qk-norm", "z-loss", "qk-norm+z-loss"] as const;
export type SweepVariant = (typeof SWEEP_VARIANTS)[number];

/** PaLM's z-loss coefficient, which Wortsman et al. use. */
export const Z_LOSS_COEFFICIENT = 1e-4;
/** Wortsman et al.'s independent weight decay λ. */
export const INDEPENDENT_WEIGHT_DECAY = 1e-4;

/** The full sweep: the learning rates of the paper's range that a CPU can cover, two seeds. */
export const DEFAULT_LRS = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1] as const;
export const DEFAULT_SEEDS = 2;
/**
 * Steps per run by preset. Tiny's 300 steps take about 9 CPU-seconds each, so the 48 runs of
 * the default sweep take about 4 minutes on two idle cores and stay under 15 on a machine
 * whose cores are shared with other work (measured: 400 steps took 14.5 minutes at a load
 * average of 6). A baby step costs about 12 tiny ones.
 */
export const DEFAULT_STEPS: Record<PresetName, number> = { tiny: 300, baby: 200 };

/** `--quick`: four learning rates two decades apart and wider, one seed, half the steps (16 runs). */
export const QUICK = { lrs: [1e-3, 1e-2, 1e-1, 3e-1], seeds: 1, steps: { tiny: 200, baby: 50 } as Record<PresetName, number> } as const;

/** More runs than this is almost surely a typo in a flag (the default sweep has 48). */
const MAX_RUNS = 2000;
/** Measurements of the per-layer signals (attention logits, output logits) per run. */
const SIGNAL_POINTS = 40;

/** What every run of a sweep shares besides the preset (recorded in sweep.json and the report). */
export interface SweepSettings {
  warmupSteps: number;
  /** Cosine floor: 1e-5, or the peak lr when that is lower. */
  minLr: number;
  beta2: number;
  weightDecay: number;
  weightDecayMode: "independent";
  zLoss: number;
  gradClip: number;
  /** Steps between measurements of the attention and output logits. */
  signalEvery: number;
}

export interface SweepPlan {
  preset: PresetName;
  steps: number;
  /** Ascending. */
  lrs: number[];
  variants: SweepVariant[];
  seeds: number[];
  quick: boolean;
  /** The concrete kernel backend every run uses ("wasm" or "ts"). */
  backend: "wasm" | "ts";
  settings: SweepSettings;
  /** Config overrides applied under the sweep's own (a smaller model or corpus, e.g. in tests). */
  baseOverrides?: ConfigOverrides;
}

/** One run of the sweep. */
export interface SweepJob {
  variant: SweepVariant;
  lr: number;
  seed: number;
}

/** The flags of `dojo lab sweep` as text, before parsing; absent ones take the defaults (or --quick's). */
export interface SweepRequest {
  lr?: string;
  variants?: string;
  seeds?: string;
  preset?: string;
  steps?: string;
  quick?: boolean;
}

/**
 * The plan a request asks for, every value checked (bad input is one InputError naming the flag).
 * `backend` is the concrete kernel backend; `baseOverrides` goes under every run's config.
 *
 * @example planSweep({ lr: "1e-3,1e-2", variants: "baseline,qk-norm", seeds: "1" }, "wasm").lrs // [0.001, 0.01]
 */
export function planSweep(request: SweepRequest, backend: "wasm" | "ts", baseOverrides?: ConfigOverrides): SweepPlan {
  const preset = parseChoice<PresetName>("--preset", request.preset ?? "tiny", ["tiny", "baby"]);
  const quick = request.quick === true;
  const lrs = request.lr === undefined ? [...(quick ? QUICK.lrs : DEFAULT_LRS)] : parseLearningRates("--lr", request.lr);
  const variants = request.variants === undefined ? [...SWEEP_VARIANTS] : parseVariants("--variants", request.variants);
  const seedCount = request.seeds === undefined ? (quick ? QUICK.seeds : DEFAULT_SEEDS) : parsePositiveInt("--seeds", request.seeds, "seeds per learning rate and variant, e.g. 2");
  const steps = request.steps === undefined ? (quick ? QUICK.steps : DEFAULT_STEPS)[preset] : parsePositiveInt("--steps", request.steps, "optimizer steps of each run");
  const runs = lrs.length * variants.length * seedCount;
  if (runs > MAX_RUNS) throw new InputError(`the sweep would train ${runs} runs (${lrs.length} learning rates × ${variants.length} variants × ${seedCount} seeds), more than ${MAX_RUNS}`, "use fewer learning rates or seeds");
  const plan: SweepPlan = {
    preset,
    steps,
    lrs,
    variants,
    seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
    quick,
    backend,
    settings: sweepSettings(preset, steps),
    ...(baseOverrides === undefined ? {} : { baseOverrides }),
  };
  // A bad base override (or a preset the sweep cannot run) is reported now, before any folder is made.
  for (const lr of [lrs[0], lrs.at(-1)!]) sweepRunConfig(plan, { variant: variants[0], lr, seed: plan.seeds[0] });
  return plan;
}

/** The shared settings for `steps` steps of `preset`. */
function sweepSettings(preset: PresetName, steps: number): SweepSettings {
  return {
    warmupSteps: Math.floor(0.05 * steps),
    minLr: 1e-5,
    beta2: 0.95,
    weightDecay: INDEPENDENT_WEIGHT_DECAY,
    weightDecayMode: "independent",
    zLoss: Z_LOSS_COEFFICIENT,
    gradClip: resolveConfig(preset, []).optimizer.gradClip,
    signalEvery: Math.max(1, Math.round(steps / SIGNAL_POINTS)),
  };
}

/**
 * Learning rates from "1e-3,3e-3,0.01": each a number in (0, 10], none twice, at least two
 * (a sensitivity over one learning rate is 0 by definition); returned ascending.
 *
 * @example parseLearningRates("--lr", "1e-2, 1e-3") // [0.001, 0.01]
 */
export function parseLearningRates(flag: string, text: string): number[] {
  const hint = "a comma-separated list of peak learning rates, e.g. 1e-3,1e-2,1e-1";
  const parts = text.split(",").map((part) => part.trim());
  if (parts.every((part) => part === "")) throw new InputError(`${flag}: no learning rates given`, hint);
  const lrs = parts.map((part) => {
    const lr = Number(part);
    if (part === "" || !Number.isFinite(lr)) throw new InputError(`${flag}: "${part}" is not a number`, hint);
    if (!(lr > 0 && lr <= 10)) throw new InputError(`${flag}: ${part} is not a learning rate in (0, 10]`, hint);
    return lr;
  });
  const twice = lrs.find((lr, i) => lrs.indexOf(lr) !== i);
  if (twice !== undefined) throw new InputError(`${flag}: ${twice} is listed twice`, hint);
  if (lrs.length < 2) throw new InputError(`${flag}: one learning rate; a sweep needs at least two`, hint);
  return lrs.sort((a, b) => a - b);
}

/**
 * Variants from "baseline,qk-norm": each one of SWEEP_VARIANTS, none twice, kept in the order given.
 *
 * @example parseVariants("--variants", "baseline, z-loss") // ["baseline", "z-loss"]
 */
export function parseVariants(flag: string, text: string): SweepVariant[] {
  const hint = `one or more of ${SWEEP_VARIANTS.join(", ")}, comma-separated`;
  const parts = text.split(",").map((part) => part.trim());
  if (parts.every((part) => part === "")) throw new InputError(`${flag}: no variants given`, hint);
  const variants = parts.map((part) => {
    if (!(SWEEP_VARIANTS as readonly string[]).includes(part)) throw new InputError(`${flag}: unknown variant "${part}"`, hint);
    return part as SweepVariant;
  });
  const twice = variants.find((v, i) => variants.indexOf(v) !== i);
  if (twice !== undefined) throw new InputError(`${flag}: ${twice} is listed twice`, hint);
  return variants;
}

/**
 * The runs of a plan: seed by seed, each learning rate with every variant, so that the runs
 * finished first already compare the variants.
 *
 * @example sweepJobs(plan)[0] // { variant: "baseline", lr: 0.001, seed: 1 }
 */
export function sweepJobs(plan: SweepPlan): SweepJob[] {
  return plan.seeds.flatMap((seed) => plan.lrs.flatMap((lr) => plan.variants.map((variant) => ({ variant, lr, seed }))));
}

/** A variant's architecture switches. */
export function variantModel(variant: SweepVariant, zLoss = Z_LOSS_COEFFICIENT): { qkNorm: boolean; zLoss: number } {
  return { qkNorm: variant.includes("qk-norm"), zLoss: variant.includes("z-loss") ? zLoss : 0 };
}

/**
 * The resolved config of one run: the preset, the plan's base overrides, then the sweep's
 * recipe and the run's variant, learning rate and seed.
 *
 * @example sweepRunConfig(plan, { variant: "qk-norm", lr: 0.01, seed: 1 }).model.qkNorm // true
 */
export function sweepRunConfig(plan: SweepPlan, job: SweepJob): TrainConfig {
  const { steps, settings: s } = plan;
  const sweep: ConfigOverrides = {
    seed: job.seed,
    steps,
    threads: 1,
    backend: plan.backend,
    model: variantModel(job.variant, s.zLoss),
    optimizer: {
      lr: job.lr,
      minLr: Math.min(s.minLr, job.lr),
      warmupSteps: s.warmupSteps,
      decaySteps: steps,
      beta2: s.beta2,
      weightDecay: s.weightDecay,
      weightDecayMode: s.weightDecayMode,
      gradClip: s.gradClip,
    },
    eval: { every: steps, arithmeticPrompts: 0, samples: 0 },
    log: { layerStatsEvery: s.signalEvery },
    checkpoint: { every: steps, keepLast: 1 },
    recovery: { onSpike: "none" },
    fault: null,
  };
  const layers = [...(plan.baseOverrides ? [{ overrides: plan.baseOverrides, source: "the sweep's base config" }] : []), { overrides: sweep, source: "the sweep" }];
  return resolveConfig(plan.preset, layers);
}
