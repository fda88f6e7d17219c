/**
 * A pretraining run's configuration: a preset, optionally overlaid by a JSON file and then
 * by command-line flags, resolved into one plain object that is written to the run's
 * `config.json` and stored in every checkpoint. Everything a run does follows from it and
 * the seed, so two runs with the same config.json compute the same numbers.
 *
 * Presets:
 *   tiny   2 layers × width 64 on a 1 MB synthetic corpus: about 10 s on 2 cores (wasm kernels)
 *   baby   nanoGPT's "baby GPT" CPU recipe (README, shakespeare_char): 4 layers, 4 heads,
 *          width 128, block 64, batch 12, lr 1e-3 with 100 warmup steps and cosine decay to
 *          1e-4 at 2000 steps, AdamW betas (0.9, 0.99), weight decay 0.1, clip 1.0, no dropout
 */
import { z } from "zod";
import { formatPath, InputError } from "../errors.js";
import { ACTIVATIONS } from "../nn/config.js";
import { GRAD_SCALER_DEFAULTS } from "./loss-scaler.js";
import { FAULT_NAMES } from "./fault-names.js";

const positiveInt = z.number().int().min(1);

/** The detectors' default thresholds, set from clean tiny and baby runs (none fires on them) and the faults they catch. */
export const ALERT_DEFAULTS = {
  spikeWindow: 50,
  spikeSigma: 6,
  spikeMinRise: 0.1,
  gradJump: 6,
  attentionLogitMax: 50,
  logZMax: 15,
  stuckMargin: 0.1,
  gapNats: 0.5,
  updateRatioMin: 1e-5,
  updateRatioMax: 0.1,
} as const;

export const trainConfigSchema = z.strictObject({
  preset: z.enum(["tiny", "baby", "custom"]),
  seed: z.number().int().min(0),
  data: z.strictObject({
    /** "synthetic" (the generated corpus) or the absolute path of a UTF-8 text file. */
    source: z.string().min(1),
    /** sha256 of the text file, recorded when the run starts (absent for synthetic data). */
    sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** Size of the synthetic corpus in characters. */
    syntheticChars: positiveInt,
    /** Expected share of documents held out for validation. */
    validationFraction: z.number().gt(0).lt(1),
    /** Mixture temperature T: domain i is drawn with p_i ∝ n_i^(1/T); 1 = proportional to size. */
    mixtureTemperature: z.number().positive(),
  }),
  tokenizer: z.strictObject({
    kind: z.enum(["char", "bpe"]),
    /** Vocabulary size of a trained byte-level BPE (256 bytes + merges). */
    bpeVocabSize: z.number().int().min(257),
  }),
  // Upper bounds keep a typo from asking a CPU for gigabytes (attention is [B, nHead, T, T]).
  model: z.strictObject({
    nLayer: positiveInt.max(64),
    nHead: positiveInt.max(64),
    nEmbd: positiveInt.max(4096),
    blockSize: positiveInt.max(4096),
    dropout: z.number().min(0).lt(1),
    bias: z.boolean(),
    /**
     * The MLP's GELU (src/nn/config.ts Activation). The presets use exact "gelu"; a stored
     * config without the field (a run's config.json or checkpoint sidecar) comes from a run
     * trained with the tanh form, so the missing field reads as "gelu_tanh".
     */
    activation: z.enum(ACTIVATIONS).default("gelu_tanh"),
    // The architecture options of src/nn (GptConfig). A stored config without them comes from
    // a run made before they could be chosen: GPT-2's choices, which it trained with.
    /** "layernorm" (GPT-2) or "rmsnorm". */
    norm: z.enum(["layernorm", "rmsnorm"]).default("layernorm"),
    /** "learned" position embeddings (GPT-2) or "rotary" (RoPE). */
    positions: z.enum(["learned", "rotary"]).default("learned"),
    /** LayerNorm of queries and keys per head (qk-layernorm), against attention-logit growth. */
    qkNorm: z.boolean().default(false),
    /** Tie the output head to the token embedding (GPT-2) or give it its own weight. */
    tiedHead: z.boolean().default(true),
    /** z-loss coefficient: coefficient × (log Z)² added to the loss (PaLM: 1e-4); 0 is off. */
    zLoss: z.number().min(0).default(0),
  }),
  /** Sequences per micro-batch. */
  batchSize: positiveInt,
  /** Micro-batches whose gradients are averaged into one optimizer step. */
  gradAccumulation: positiveInt,
  /** Optimizer steps of the whole run. */
  steps: positiveInt,
  optimizer: z.strictObject({
    lr: z.number().positive(),
    minLr: z.number().min(0),
    warmupSteps: z.number().int().min(0),
    /** Step where the cosine decay reaches minLr (nanoGPT's lr_decay_iters). */
    decaySteps: positiveInt,
    beta1: z.number().min(0).lt(1),
    beta2: z.number().min(0).lt(1),
    /** Adam's ε, added to √v̂ in the denominator (torch's default 1e-8). */
    eps: z.number().positive().default(1e-8),
    weightDecay: z.number().min(0),
    /**
     * "coupled": AdamW's θ ← (1 − η_t·λ)·θ, the decay scaled by the learning rate (torch).
     * "independent": θ ← (1 − λ·η_t/η_max)·θ, decoupled from the learning rate's size and
     * following only its schedule (Wortsman et al. 2023, "independent weight decay"), so that
     * a learning-rate sweep does not also sweep the decay.
     */
    weightDecayMode: z.enum(["coupled", "independent"]).default("coupled"),
    /** Clip the global gradient norm to this value; 0 turns clipping off. */
    gradClip: z.number().min(0),
    /** Decay "matrices" only (nanoGPT's groups) or "all" parameters, LayerNorm gains and biases too. */
    decayParameters: z.enum(["matrices", "all"]).default("matrices"),
  }),
  /**
   * Emulated low precision (src/tensor/precision.ts): `activations` rounds every matmul output and
   * the gradient flowing back into it, as autocast does; `gradients` rounds every parameter
   * gradient after backward as a half-precision backward would leave it. With fp16,
   * `lossScaling` multiplies the loss by a dynamic scale first and divides it out after
   * (PyTorch's GradScaler), skipping the steps whose scaled gradients overflow. A stored
   * config without the section trained in fp32.
   */
  precision: z
    .strictObject({
      /** Matmul outputs and the gradients flowing into them in the training forward (autocast; src/nn/gpt.ts). */
      activations: z.enum(["fp32", "bf16", "fp16"]).default("fp32"),
      gradients: z.enum(["fp32", "bf16", "fp16"]).default("fp32"),
      lossScaling: z.boolean().default(true),
      /** The loss scale to start from (GradScaler's init_scale, 2^16). */
      initialLossScale: z.number().positive().default(GRAD_SCALER_DEFAULTS.initScale),
      /** Adjust the scale as GradScaler does; false keeps it fixed and applies overflowing steps (a static scale). */
      dynamicLossScale: z.boolean().default(true),
    })
    .prefault({}),
  /**
   * What the run does when the loss-spike detector fires: "none" goes on; "rollback" restores
   * the newest in-memory snapshot at least `rollbackSteps` before the alert and skips the next
   * `skipBatches` loader batches (PaLM's recipe, Chowdhery et al. 2022 §5.1); "lower-lr"
   * restores the same snapshot and halves the learning rate from there on.
   */
  recovery: z
    .strictObject({
      onSpike: z.enum(["none", "rollback", "lower-lr"]).default("none"),
      skipBatches: z.number().int().min(0).default(200),
      snapshotEvery: positiveInt.default(25),
      rollbackSteps: z.number().int().min(0).default(25),
      /** Recoveries allowed in one run; later spikes are only reported. */
      maxRecoveries: z.number().int().min(0).default(3),
    })
    .prefault({}),
  /**
   * The order in which the micro-batch gradients of a step are summed. "fixed" (loader order)
   * makes a run bitwise reproducible; "shuffled" sums them in an order drawn anew every step
   * from `orderSeed`, as atomics, thread counts or all-reduce algorithms reorder float sums on
   * real clusters: the same set of gradients, rounded differently. Two runs with different
   * order seeds are the same training, not the same bits.
   */
  reduction: z
    .strictObject({ order: z.enum(["fixed", "shuffled"]).default("fixed"), orderSeed: z.number().int().min(0).default(0) })
    .prefault({}),
  /**
   * A fault the failure lab injects on purpose (src/lab/faults.ts): its name, the 0-based
   * step it starts at, and how many loader batches a data fault corrupts. Null for a
   * healthy run. The fault's own config changes (e.g. no warmup) are already in the fields above.
   */
  fault: z
    .strictObject({ name: z.enum(FAULT_NAMES), at: z.number().int().min(0), window: positiveInt })
    .nullable()
    .default(null),
  eval: z.strictObject({
    /** Evaluate every this many steps (and after the last step). */
    every: positiveInt,
    /** Windows of blockSize tokens per domain and split (train, validation) at each evaluation: a fixed set, so evaluations compare. */
    windows: positiveInt,
    /** Held-out arithmetic prompts answered by greedy decoding at each evaluation. */
    arithmeticPrompts: z.number().int().min(0),
    samples: z.number().int().min(0),
    sampleTokens: positiveInt,
  }),
  log: z.strictObject({
    /** Write per-layer gradient norms and update ratios every this many steps. */
    layerStatsEvery: positiveInt,
  }),
  checkpoint: z.strictObject({
    /** Save every this many steps (and at the end). */
    every: positiveInt,
    /** Keep the newest this many checkpoints, plus the one with the best validation loss. */
    keepLast: positiveInt,
  }),
  /** The detectors' thresholds (src/train/detectors.ts). A stored config without a field uses today's default. */
  alerts: z.strictObject({
    /** Steps in the trailing window the loss, gradient-norm and stuck detectors compare against. */
    spikeWindow: z.number().int().min(2),
    /** A loss more than this many robust standard deviations above the window's median is a spike… */
    spikeSigma: z.number().positive(),
    /** …if it is also this many nats above the median (a late, very flat window has a tiny MAD). */
    spikeMinRise: z.number().min(0).default(ALERT_DEFAULTS.spikeMinRise),
    /** A recent median gradient norm above this multiple of the window's median is a jump. */
    gradJump: z.number().gt(1).default(ALERT_DEFAULTS.gradJump),
    /** A max attention logit above this means attention is nearly one-hot. */
    attentionLogitMax: z.number().positive().default(ALERT_DEFAULTS.attentionLogitMax),
    /** |mean log Z| of the output logits above this is divergence. */
    logZMax: z.number().positive().default(ALERT_DEFAULTS.logZMax),
    /** After warmup, a median loss within this many nats of ln V is stuck. */
    stuckMargin: z.number().positive().default(ALERT_DEFAULTS.stuckMargin),
    /** Validation loss this many nats above the recent training loss is a gap. */
    gapNats: z.number().positive().default(ALERT_DEFAULTS.gapNats),
    /** The healthy range of a layer's ‖Δθ‖/‖θ‖ per step after warmup. */
    updateRatioMin: z.number().min(0).default(ALERT_DEFAULTS.updateRatioMin),
    updateRatioMax: z.number().positive().default(ALERT_DEFAULTS.updateRatioMax),
  }),
  /** Kernel threads: 1, or 2 to share each large matmul (and, on wasm, attention) with a worker thread (bit-identical to 1). */
  threads: z.number().int().min(1).max(2),
  /**
   * Kernel backend (src/tensor/backend.ts): "wasm" (WebAssembly SIMD) or "ts"; "auto" is
   * resolved to one of them when a run starts. Backends round differently, so a run
   * resumes on the backend it started with.
   */
  backend: z.enum(["auto", "ts", "wasm"]),
});

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type PresetName = "tiny" | "baby";

const shared: Pick<TrainConfig, "seed" | "tokenizer" | "gradAccumulation" | "precision" | "recovery" | "fault" | "reduction" | "log" | "alerts" | "threads" | "backend"> = {
  seed: 1337,
  fault: null,
  reduction: { order: "fixed", orderSeed: 0 },
  precision: { activations: "fp32", gradients: "fp32", lossScaling: true, initialLossScale: GRAD_SCALER_DEFAULTS.initScale, dynamicLossScale: true },
  recovery: { onSpike: "none", skipBatches: 200, snapshotEvery: 25, rollbackSteps: 25, maxRecoveries: 3 },
  tokenizer: { kind: "char", bpeVocabSize: 512 },
  gradAccumulation: 1,
  log: { layerStatsEvery: 10 },
  alerts: { ...ALERT_DEFAULTS },
  threads: 2,
  backend: "auto",
};

/** GPT-2's architecture choices, which the presets keep: LayerNorm, learned positions, a tied head, no qk-layernorm or z-loss. */
const GPT2_CHOICES = { norm: "layernorm", positions: "learned", qkNorm: false, tiedHead: true, zLoss: 0 } as const;

/** The presets; read them through resolveConfig, which copies (their sections share `shared`'s objects). */
export const PRESETS: Record<PresetName, TrainConfig> = {
  tiny: {
    ...shared,
    preset: "tiny",
    data: { source: "synthetic", syntheticChars: 1_000_000, validationFraction: 0.1, mixtureTemperature: 1 },
    model: { nLayer: 2, nHead: 2, nEmbd: 64, blockSize: 64, dropout: 0, bias: false, activation: "gelu", ...GPT2_CHOICES },
    batchSize: 8,
    steps: 600,
    optimizer: { lr: 3e-3, minLr: 3e-4, warmupSteps: 50, decaySteps: 600, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, weightDecayMode: "coupled", gradClip: 1, decayParameters: "matrices" },
    eval: { every: 100, windows: 32, arithmeticPrompts: 50, samples: 2, sampleTokens: 80 },
    checkpoint: { every: 200, keepLast: 2 },
  },
  baby: {
    ...shared,
    preset: "baby",
    data: { source: "synthetic", syntheticChars: 2_000_000, validationFraction: 0.1, mixtureTemperature: 1 },
    model: { nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, dropout: 0, bias: false, activation: "gelu", ...GPT2_CHOICES },
    batchSize: 12,
    steps: 2000,
    optimizer: { lr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 2000, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, weightDecayMode: "coupled", gradClip: 1, decayParameters: "matrices" },
    eval: { every: 250, windows: 64, arithmeticPrompts: 100, samples: 2, sampleTokens: 120 },
    checkpoint: { every: 250, keepLast: 2 },
  },
};

/** A partial config: any subset of fields, nested as in TrainConfig. */
export type ConfigOverrides = { [K in keyof TrainConfig]?: TrainConfig[K] extends object ? Partial<TrainConfig[K]> : TrainConfig[K] };

/**
 * Resolves a config: the preset, then each layer of overrides in order (a JSON file, then
 * flags), validated as a whole. `source` names where the overrides came from in errors.
 * When `steps` changes and no layer sets the decay end, the decay ends at the last step
 * (nanoGPT's recipe sets lr_decay_iters = max_iters); when no layer sets the warmup
 * either, it shrinks to a tenth of a run shorter than the preset's warmup allows.
 *
 * @example resolveConfig("tiny", [{ steps: 100, seed: 3 }]) // tiny, 100 steps, decay over 100
 */
export function resolveConfig(preset: PresetName, layers: ReadonlyArray<{ overrides: ConfigOverrides; source: string }>): TrainConfig {
  let config: Record<string, unknown> = structuredClone(PRESETS[preset]) as unknown as Record<string, unknown>;
  const sets = (key: "decaySteps" | "warmupSteps") => layers.some((l) => (l.overrides.optimizer as Record<string, unknown> | undefined)?.[key] !== undefined);
  for (const { overrides, source } of layers) config = mergeLayer(config, overrides as Record<string, unknown>, source);
  const schedule = config.optimizer as Record<string, unknown>;
  if (typeof config.steps === "number" && config.steps !== PRESETS[preset].steps) {
    if (!sets("decaySteps")) schedule.decaySteps = config.steps;
    if (!sets("warmupSteps") && typeof schedule.decaySteps === "number" && (schedule.warmupSteps as number) >= schedule.decaySteps) {
      schedule.warmupSteps = Math.floor(schedule.decaySteps / 10);
    }
  }
  const parsed = trainConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Name the layer (a file, a flag) that set the bad field, when one did.
    const source = [...layers].reverse().find((l) => valueAt(l.overrides, issue.path) !== undefined)?.source;
    const where = source === undefined ? "" : `${source}: `;
    throw new InputError(`${where}config field ${formatPath(issue.path)}: ${issue.message}`, "see `dojo lab pretrain --help` and the preset in src/train/config.ts");
  }
  const resolved = parsed.data;
  const { model, optimizer } = resolved;
  if (model.nEmbd % model.nHead !== 0) throw new InputError(`config: model.nEmbd ${model.nEmbd} is not divisible by model.nHead ${model.nHead}`, "each head gets nEmbd / nHead dimensions");
  if (optimizer.minLr > optimizer.lr) throw new InputError(`config: optimizer.minLr ${optimizer.minLr} is above optimizer.lr ${optimizer.lr}`);
  if (optimizer.decaySteps <= optimizer.warmupSteps) {
    throw new InputError(`config: optimizer.decaySteps ${optimizer.decaySteps} must exceed optimizer.warmupSteps ${optimizer.warmupSteps}`, "lower the warmup for short runs");
  }
  if (resolved.preset !== preset && resolved.preset !== "custom") throw new InputError(`config: preset "${resolved.preset}" differs from the preset used, "${preset}"`);
  return resolved;
}

/** Reads overrides from a JSON file's text; unknown fields are reported when the whole config is validated. */
export function parseConfigFile(text: string, path: string): ConfigOverrides {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path}: not valid JSON (${(err as Error).message})`, "a config file is one JSON object, e.g. {\"steps\": 500}");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InputError(`${path}: expected a JSON object`, "a config file is one JSON object, e.g. {\"steps\": 500}");
  }
  return parsed as ConfigOverrides;
}

/** Overlays `layer` on `base` one level deep into sections; a field of the wrong shape is named with its source. */
/** The value at a field path (`["model", "nLayer"]`) of nested plain objects, or undefined. */
function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function mergeLayer(base: Record<string, unknown>, layer: Record<string, unknown>, source: string): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    const current = base[key];
    const isSection = current !== null && typeof current === "object";
    // null replaces a section (the schema says which may be null: a fault); other values must be objects.
    if (isSection && value !== null && (typeof value !== "object" || Array.isArray(value))) {
      throw new InputError(`${source}: field ${key} must be an object`, `e.g. {"${key}": ${JSON.stringify(current)}}`);
    }
    merged[key] = isSection && value !== null ? { ...(current as object), ...(value as object) } : value;
  }
  return merged;
}

/**
 * One `section.field=value` setting (`--set`) as overrides; the value is read as JSON when it
 * parses (numbers, true, null, "text"), else as a plain string.
 *
 * @example parseSetting("optimizer.lr=0.001") // { optimizer: { lr: 0.001 } }
 * @example parseSetting("fault=null") // { fault: null }
 */
export function parseSetting(text: string): ConfigOverrides {
  const match = /^([A-Za-z]+)(?:\.([A-Za-z0-9]+))?=(.*)$/s.exec(text);
  if (!match) throw new InputError(`--set ${text}: expected field=value or section.field=value`, "e.g. --set optimizer.lr=0.001 or --set steps=400");
  const [, key, field, raw] = match;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return (field === undefined ? { [key]: value } : { [key]: { [field]: value } }) as ConfigOverrides;
}

/**
 * `config` with overrides applied and validated again (a resumed run's changed settings);
 * `source` names them in errors.
 *
 * @example overrideConfig(config, [parseSetting("optimizer.lr=0.001")], "--set") // lr 0.001, the rest unchanged
 */
export function overrideConfig(config: TrainConfig, overrides: readonly ConfigOverrides[], source: string): TrainConfig {
  let merged = structuredClone(config) as unknown as Record<string, unknown>;
  for (const layer of overrides) merged = mergeLayer(merged, layer as Record<string, unknown>, source);
  const parsed = trainConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${source}: config field ${formatPath(issue.path)}: ${issue.message}`, "see the run's config.json for the fields");
  }
  return parsed.data;
}
