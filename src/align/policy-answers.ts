/**
 * Answers sampled from a policy and graded against the world's truth: the evidence every
 * evaluation, preference pair and RL rollout of the alignment lab is built from.
 */
import { generate } from "../nn/generate.js";
import type { Gpt } from "../nn/gpt.js";
import type { Rng } from "../stats/prng.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";
import type { SamplingSettings } from "./align-config.js";
import { gradeAnswer, type Grade } from "./grader.js";
import type { WorldPrompt } from "./world.js";

export interface GradedAnswer {
  prompt: WorldPrompt;
  /** What the model wrote after "A:", ending with "\n" when it finished within the token budget. */
  text: string;
  grade: Grade;
}

/**
 * One answer to `prompt` (its "Q: …\nA:" text): sampled token by token with a KV cache until
 * a newline or `sampling.maxTokens` tokens.
 *
 * @example sampleAnswer(policy, tokenizer, "Q: What is 23+41?\nA:", { temperature: 1, maxTokens: 40 }, rng) // " 64.\n"
 */
export function sampleAnswer(model: Gpt, tokenizer: LabTokenizer, prompt: string, sampling: SamplingSettings, rng: Rng): string {
  const promptIds = tokenizer.encode(prompt);
  const room = model.config.blockSize - promptIds.length;
  const ids = generate(model, promptIds, Math.min(sampling.maxTokens, room), { temperature: sampling.temperature }, rng, { kvCache: true, stopToken: newlineId(tokenizer) });
  return tokenizer.decode(ids.slice(promptIds.length));
}

/** The token id of "\n", which ends every answer. */
export function newlineId(tokenizer: LabTokenizer): number {
  const ids = tokenizer.encode("\n");
  if (ids.length !== 1) throw new Error(`the tokenizer encodes "\\n" as ${ids.length} tokens; answers end at a single newline token`);
  return ids[0];
}

/**
 * `perPrompt` graded answers to each prompt, prompt by prompt.
 *
 * @example answerPrompts(policy, tokenizer, world.prompts.filter((p) => p.split === "eval"), 2, sampling, rng)
 */
export function answerPrompts(model: Gpt, tokenizer: LabTokenizer, prompts: readonly WorldPrompt[], perPrompt: number, sampling: SamplingSettings, rng: Rng): GradedAnswer[] {
  const answers: GradedAnswer[] = [];
  for (const prompt of prompts) {
    for (let i = 0; i < perPrompt; i++) {
      const text = sampleAnswer(model, tokenizer, prompt.prompt, sampling, rng);
      answers.push({ prompt, text, grade: gradeAnswer(prompt, text) });
    }
  }
  return answers;
}
