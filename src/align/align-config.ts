/**
 * The settings of each alignment stage, as stored in its run folder's config.json. Every
 * stage names the runs it starts from (a lab run id for the base model, align run ids after
 * that), so a run can be resumed, re-read and reported without anything but its folder and
 * its parents'.
 *
 *   sft    base model  → policy trained on demonstrations (answer tokens only)
 *   pairs  policy      → sampled answers, labelled by the labeller (no training)
 *   rm     sft + pairs → reward model (Bradley–Terry)
 *   dpo    sft + pairs → policy (DPO / IPO against the frozen SFT model)
 *   rl     sft + rm    → policy (GRPO or RLOO against the reward model, KL to the SFT model)
 */
import { z } from "zod";

const positiveInt = z.number().int().positive();
const probability = z.number().min(0).max(1);

/** How answers are sampled from a policy: at most maxTokens, ended by a newline. */
export const samplingSettings = z.strictObject({
  temperature: z.number().min(0),
  maxTokens: positiveInt.max(256),
});

/** The world the lab's truth comes from (src/align/world.ts); stages inherit their parent's. */
export const worldSettings = z.strictObject({
  seed: z.number().int().min(0),
  people: positiveInt,
  frequentShare: probability,
  rareShare: probability,
  frequentMentions: positiveInt,
  rareMentions: positiveInt,
  sums: positiveInt,
});

export const labellerSettings = z.strictObject({
  q: probability,
  bias: z.enum(["none", "length", "confident", "flattery"]),
  strength: probability,
  noise: z.number().min(0).max(0.5),
});

/** What every training stage shares: the optimizer, evaluation and checkpoint cadence, the engine. */
const training = {
  seed: z.number().int().min(0),
  steps: positiveInt,
  batchSize: positiveInt,
  lr: z.number().positive(),
  warmupSteps: z.number().int().min(0),
  weightDecay: z.number().min(0),
  gradClip: z.number().min(0),
  evalEvery: positiveInt,
  checkpointEvery: positiveInt,
  /** Answers sampled per evaluation prompt by the gold evaluation. */
  evalSamples: positiveInt,
  sampling: samplingSettings,
  backend: z.enum(["ts", "wasm"]),
  threads: z.number().int().min(1).max(2),
};

export const sftConfig = z.strictObject({
  stage: z.literal("sft"),
  createdAt: z.string().optional(),
  /** The lab run (pretraining on the world's documents) whose newest checkpoint is the starting model. */
  base: z.string().min(1),
  world: worldSettings,
  /** Demonstrations written per SFT prompt, each in a freshly drawn answer style. */
  demonstrationsPerPrompt: positiveInt,
  ...training,
});

export const pairsConfig = z.strictObject({
  stage: z.literal("pairs"),
  createdAt: z.string().optional(),
  /** The align run whose newest checkpoint samples the answers. */
  policy: z.string().min(1),
  world: worldSettings,
  seed: z.number().int().min(0),
  /** Answers sampled per prompt; every two of them make a pair (k·(k−1)/2 per prompt). */
  answersPerPrompt: z.number().int().min(2).max(8),
  sampling: samplingSettings,
  labeller: labellerSettings,
  backend: z.enum(["ts", "wasm"]),
  threads: z.number().int().min(1).max(2),
});

export const rmConfig = z.strictObject({
  stage: z.literal("rm"),
  createdAt: z.string().optional(),
  /** The SFT run whose weights initialise the backbone. */
  init: z.string().min(1),
  pairs: z.string().min(1),
  world: worldSettings,
  ...training,
});

export const dpoConfig = z.strictObject({
  stage: z.literal("dpo"),
  createdAt: z.string().optional(),
  /** The SFT run: the starting policy and the frozen reference. */
  policy: z.string().min(1),
  pairs: z.string().min(1),
  world: worldSettings,
  beta: z.number().positive(),
  labelSmoothing: z.number().min(0).lt(0.5),
  lossType: z.enum(["sigmoid", "ipo"]),
  ...training,
});

export const rlConfig = z.strictObject({
  stage: z.literal("rl"),
  createdAt: z.string().optional(),
  policy: z.string().min(1),
  rewardModel: z.string().min(1),
  world: worldSettings,
  algorithm: z.enum(["grpo", "rloo"]),
  /** β of the KL penalty to the reference (k3 per token in GRPO's loss; k1 per sequence in RLOO's reward). */
  klCoef: z.number().min(0),
  /** Completions sampled per prompt (GRPO's group, RLOO's k). */
  groupSize: z.number().int().min(2).max(16),
  /** Gradient steps on each batch of rollouts; above 1 the policy moves and the ratio clip acts. */
  updatesPerBatch: positiveInt.max(8),
  /** PPO's clip range ε on the ratio π/π_old. */
  clipRange: z.number().positive(),
  ...training,
});

/** A pipeline's record, pipeline.json: its world, its labeller and every run it made. */
export const pipelineRecord = z.strictObject({
  worldSeed: z.number().int(),
  labeller: labellerSettings,
  /** The lab run the base model was pretrained in. */
  base: z.string(),
  sft: z.string(),
  pairs: z.string(),
  rm: z.string(),
  dpo: z.array(z.object({ beta: z.number(), run: z.string() })),
  rl: z.array(z.object({ klCoef: z.number(), run: z.string() })),
  elapsedMs: z.number(),
});
export type PipelineRecord = z.infer<typeof pipelineRecord>;

export const alignConfigSchema = z.discriminatedUnion("stage", [sftConfig, pairsConfig, rmConfig, dpoConfig, rlConfig]);

export type SftConfig = z.infer<typeof sftConfig>;
export type PairsConfig = z.infer<typeof pairsConfig>;
export type RmConfig = z.infer<typeof rmConfig>;
export type DpoConfig = z.infer<typeof dpoConfig>;
export type RlConfig = z.infer<typeof rlConfig>;
export type AlignConfig = z.infer<typeof alignConfigSchema>;
export type AlignStage = AlignConfig["stage"];
export type TrainingSettings = Pick<SftConfig, keyof typeof training>;
export type WorldSettings = z.infer<typeof worldSettings>;
export type SamplingSettings = z.infer<typeof samplingSettings>;
export type LabellerSettings = z.infer<typeof labellerSettings>;
