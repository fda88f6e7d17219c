/**
 * Supervised fine-tuning on demonstrations: for each SFT prompt of the world, answers written
 * in freshly drawn styles (an opener, a confident or hedged tone, padding, or none), stating
 * the gold value for a person the documents mention and "I don't know" for one they never
 * mention. The loss is the mean cross-entropy over answer tokens only: prompt tokens are
 * masked out, so the model learns to answer, not to write questions.
 */
import { forward, type Gpt } from "../nn/gpt.js";
import { createRng, type Rng } from "../stats/prng.js";
import { backward } from "../tensor/tensor.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";
import type { SftConfig } from "./align-config.js";
import { ABSTAIN, sampleStyle, writeAnswer } from "./answer-style.js";
import { packCompletions, type Completion } from "./completions.js";
import { evaluatePolicy } from "./policy-evaluation.js";
import { alignCheckpointConfig } from "./stage-models.js";
import type { Stage } from "./stage-loop.js";
import type { World, WorldPrompt } from "./world.js";

/** What a demonstration answers: the gold value, or an abstention when the person is absent from the documents. */
export function demonstratedCore(prompt: WorldPrompt): string {
  return prompt.tier === "absent" ? ABSTAIN : prompt.gold;
}

/**
 * `perPrompt` demonstrations of every SFT prompt, each in a style drawn from `rng`.
 *
 * @example sftDemonstrations(world, 2, createRng(1))[0] // { prompt: "Q: Where was Mira Tolvan born?\nA:", answer: " I think Karsk.\n" }
 */
export function sftDemonstrations(world: World, perPrompt: number, rng: Rng): Completion[] {
  return world.prompts
    .filter((p) => p.split === "sft")
    .flatMap((p) => Array.from({ length: perPrompt }, () => ({ prompt: p.prompt, answer: writeAnswer(demonstratedCore(p), sampleStyle(rng)) })));
}

/**
 * The SFT stage on `policy` (trained in place).
 *
 * @example runStage(sftStage(config, world, policy, tokenizer), { stage: "sft", event, checkpoint })
 */
export function sftStage(config: SftConfig, world: World, policy: Gpt, tokenizer: LabTokenizer): Stage {
  const demonstrations = sftDemonstrations(world, config.demonstrationsPerPrompt, createRng(config.seed + 1));
  const evalPrompts = world.prompts.filter((p) => p.split === "eval");
  return {
    settings: config,
    parameters: policy.parameters,
    step(rng) {
      const batch = packCompletions(tokenizer, Array.from({ length: config.batchSize }, () => demonstrations[rng.nextInt(demonstrations.length)]), policy.config.blockSize);
      // Answer tokens only: packCompletions puts the ignore index on every prompt position.
      const { loss } = forward(policy, batch.ids, batch.B, batch.T, batch.targets, { training: true, rng });
      backward(loss!);
      return { loss: loss!.data[0] };
    },
    evaluate: (rng, step) => evaluatePolicy(policy, { tokenizer, prompts: evalPrompts, samples: config.evalSamples, sampling: config.sampling }, rng, config.seed + step),
    checkpointConfig: alignCheckpointConfig(policy.config, config),
    tokenizer: tokenizer.spec as never,
  };
}
