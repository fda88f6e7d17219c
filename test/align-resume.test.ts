import { describe, expect, it } from "vitest";
import { stageDefaults } from "../src/align/align-presets.js";
import { createRewardModel } from "../src/align/reward-model.js";
import { rlStage } from "../src/align/rl-stage.js";
import { sftStage } from "../src/align/sft.js";
import { runStage, type Stage } from "../src/align/stage-loop.js";
import { generateWorld, worldText } from "../src/align/world.js";
import type { CheckpointState } from "../src/lab/checkpoint.js";
import { gptConfig } from "../src/nn/config.js";
import { createGpt } from "../src/nn/gpt.js";
import { createRng } from "../src/stats/prng.js";
import { labTokenizer } from "../src/train/lab-tokenizer.js";

// A one-layer GPT on the world's characters: enough to exercise every stage's state, small enough to run in seconds.
const defaults = stageDefaults(0);
const world = generateWorld({ ...defaults.sft.world, people: 24, sums: 8 });
const tokenizer = labTokenizer({ kind: "char", vocab: [...new Set(worldText(world))].sort() });
const model = (seed: number) => createGpt(gptConfig({ vocabSize: tokenizer.vocabSize, blockSize: 96, nLayer: 1, nHead: 2, nEmbd: 16 }), seed);
const short = { steps: 4, evalEvery: 4, checkpointEvery: 2, evalSamples: 1, sampling: { temperature: 1, maxTokens: 8 }, backend: "ts" as const };

/** Runs a stage to the end, or until `stopAt`, keeping its checkpoints and final weights. */
async function run(stage: Stage, options: { stopAt?: number; resume?: CheckpointState } = {}) {
  const checkpoints: CheckpointState[] = [];
  const losses: number[] = [];
  let step = 0;
  await runStage(stage, {
    stage: "test",
    event: () => {},
    checkpoint: (state) => (checkpoints.push(structuredClone(state)), `step-${state.step}`),
    resume: options.resume,
    onProgress: (s, metrics) => ((step = s), losses.push(metrics.loss)),
    shouldStop: () => options.stopAt !== undefined && step >= options.stopAt,
  });
  return { checkpoints, losses, weights: stage.parameters.map((p) => p.data.slice()) };
}

async function expectResumesBitForBit(makeStage: () => Stage) {
  const straight = await run(makeStage());
  const interrupted = await run(makeStage(), { stopAt: 2 });
  expect(interrupted.checkpoints.at(-1)!.step).toBe(2);
  const resumed = await run(makeStage(), { resume: interrupted.checkpoints.at(-1) });
  expect([...interrupted.losses, ...resumed.losses]).toEqual(straight.losses);
  resumed.weights.forEach((w, i) => expect(w).toEqual(straight.weights[i]));
}

describe("align stages resume bit for bit", () => {
  it("SFT", async () => {
    await expectResumesBitForBit(() => sftStage({ ...defaults.sft, ...short, base: "unused", world: world.options }, world, model(1), tokenizer));
  });

  it("RL, including a batch of rollouts reused across the checkpoint", async () => {
    // updatesPerBatch 3 with checkpoints every 2 steps: step 3 reuses the rollout of step 1, saved in the step-2 checkpoint.
    const config = { ...defaults.rl, ...short, updatesPerBatch: 3, batchSize: 4, groupSize: 2, policy: "unused", rewardModel: "unused", world: world.options };
    const prompts = world.prompts.filter((p) => p.split === "rl");
    const noEvaluation = () => ({ metrics: {}, intervals: {}, n: 0, samples: [] });
    await expectResumesBitForBit(() => rlStage(config, prompts, model(1), model(1), createRewardModel(model(3), createRng(4)), tokenizer, noEvaluation));
  });
});
