/**
 * The alignment lab's preset: every stage's settings, sized so the whole pipeline runs on a
 * laptop's CPU in minutes. The pretraining run is nanoGPT's baby GPT (4 layers, 4 heads, 128
 * wide) with a block of 96 characters, enough for a question and a padded answer.
 */
import type { ConfigOverrides } from "../train/config.js";
import type { DpoConfig, PairsConfig, RlConfig, RmConfig, SftConfig, TrainingSettings } from "./align-config.js";
import type { LabellerOptions } from "./labeller.js";
import { WORLD_DEFAULTS } from "./world.js";

export type AlignPresetName = "tiny";

/** Overrides of the lab's baby preset for the base model's pretraining on the world's documents. */
export const BASE_OVERRIDES: ConfigOverrides = {
  model: { blockSize: 96 },
  steps: 1000,
  eval: { every: 250, windows: 32, arithmeticPrompts: 0, samples: 2, sampleTokens: 96 },
  checkpoint: { every: 500, keepLast: 1 },
};

const sampling = { temperature: 0.7, maxTokens: 40 };
const engine = { backend: "wasm" as const, threads: 2 };

function training(overrides: Partial<TrainingSettings>): TrainingSettings {
  return { seed: 1, steps: 200, batchSize: 16, lr: 3e-4, warmupSteps: 10, weightDecay: 0, gradClip: 1, evalEvery: 50, checkpointEvery: 100, evalSamples: 2, sampling, ...engine, ...overrides };
}

/**
 * The labeller the tiny pipeline's preference data comes from: narrow by default, to show what
 * a narrow reward does. It decides by correctness only 30% of the time and otherwise always
 * prefers the more confident answer, so "I don't know" loses to a confident guess.
 */
export const PIPELINE_LABELLER: LabellerOptions = { q: 0.3, bias: "confident", strength: 1, noise: 0.02 };

export interface StageDefaults {
  sft: Omit<SftConfig, "base">;
  pairs: Omit<PairsConfig, "policy">;
  rm: Omit<RmConfig, "init" | "pairs">;
  dpo: Omit<DpoConfig, "policy" | "pairs">;
  rl: Omit<RlConfig, "policy" | "rewardModel">;
}

/** Each stage's settings for a world seed (the world is shared by every stage). */
export function stageDefaults(worldSeed: number): StageDefaults {
  const world = { seed: worldSeed, ...WORLD_DEFAULTS };
  return {
    sft: { stage: "sft", world, demonstrationsPerPrompt: 2, ...training({ steps: 100, lr: 2e-4, evalEvery: 100 }) },
    pairs: { stage: "pairs", world, seed: 2, answersPerPrompt: 6, sampling, labeller: PIPELINE_LABELLER, ...engine },
    rm: { stage: "rm", world, ...training({ seed: 3, steps: 80, lr: 3e-4, evalEvery: 40 }) },
    dpo: { stage: "dpo", world, beta: 0.1, labelSmoothing: 0, lossType: "sigmoid", ...training({ seed: 4, steps: 100, lr: 1e-4, batchSize: 8, evalEvery: 50, checkpointEvery: 50 }) },
    rl: { stage: "rl", world, algorithm: "grpo", klCoef: 0.02, groupSize: 4, updatesPerBatch: 2, clipRange: 0.2, ...training({ seed: 5, steps: 90, lr: 3e-5, batchSize: 16, evalEvery: 15, checkpointEvery: 30 }) },
  };
}
