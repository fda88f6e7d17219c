/**
 * Supervised fine-tuning on demonstrations: for each SFT prompt of the world, answers written
 * in freshly drawn styles (an opener, a confident or hedged tone, padding, or none). What a
 * demonstration says is decided by what the base model knows, as R-Tuning does (Zhang et al.
 * 2023, "R-Tuning: Teaching Large Language Models to Refuse Unknown Questions"): the gold value
 * where the base model's greedy answer is already right, "I don't know" where it is not.
 * Demonstrating gold for facts the model never learned would teach it to answer whether it knows
 * or not (Gekhman et al. 2024, "Does Fine-Tuning LLMs on New Knowledge Encourage
 * Hallucinations?"), and demonstrating abstention by the world's tiers would teach it which
 * names were in the SFT set rather than what it knows. The loss is the mean cross-entropy over
 * answer tokens only: prompt tokens are masked out, so the model learns to answer, not to write
 * questions.
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
import { gradeAnswer } from "./grader.js";
import { sampleAnswer } from "./policy-answers.js";

/** Styles of the demonstrations: prefixes rarer than suffixes, since an opener or a tone word before the fact moves it away from how pretraining asked it. */
const SFT_STYLE_MIX = { opener: 0.1, confident: 0.1, hedged: 0.1, padding: 0.3 };

/**
 * The SFT prompts the base model answers correctly when decoding greedily: the ones whose
 * demonstrations state the gold value.
 */
export function knownPrompts(base: Gpt, tokenizer: LabTokenizer, prompts: readonly WorldPrompt[], maxTokens: number): Set<string> {
  const greedy = { temperature: 0, maxTokens };
  return new Set(prompts.filter((p) => gradeAnswer(p, sampleAnswer(base, tokenizer, p.prompt, greedy, createRng(0))).verdict === "correct").map((p) => p.id));
}

/**
 * `perPrompt` demonstrations of every SFT prompt, each in a style drawn from `rng`: the gold value
 * for a prompt in `known`, "I don't know" otherwise.
 *
 * @example sftDemonstrations(world, known, 2, createRng(1))[0] // { prompt: "Q: Where was Mira Tolvan born?\nA:", answer: " I think Karsk.\n" }
 */
export function sftDemonstrations(world: World, known: ReadonlySet<string>, perPrompt: number, rng: Rng): Completion[] {
  return world.prompts
    .filter((p) => p.split === "sft")
    .flatMap((p) => Array.from({ length: known.has(p.id) ? 3 * perPrompt : perPrompt }, () => ({ prompt: p.prompt, answer: writeAnswer(known.has(p.id) ? p.gold : ABSTAIN, sampleStyle(rng, SFT_STYLE_MIX)) })));
}

/**
 * The SFT stage on `policy` (trained in place).
 *
 * @example await runStage(sftStage(config, world, policy, tokenizer), { stage: "sft", event, checkpoint })
 */
export function sftStage(config: SftConfig, world: World, policy: Gpt, tokenizer: LabTokenizer): Stage {
  // Before any step: what the base model knows decides what each demonstration says.
  const known = knownPrompts(policy, tokenizer, world.prompts.filter((p) => p.split === "sft"), config.sampling.maxTokens);
  const demonstrations = sftDemonstrations(world, known, config.demonstrationsPerPrompt, createRng(config.seed + 1));
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
