/**
 * Preference pairs: k answers sampled from a policy for each prompt, every two distinct ones
 * a pair, each pair labelled by the labeller (a stand-in for people, possibly narrow). The
 * record keeps the texts and the labeller's probability, so any later stage can re-grade the
 * answers with the world's grader and ask how often the labeller sided with the truth.
 */
import { z } from "zod";
import type { Gpt } from "../nn/gpt.js";
import { bootstrapMean } from "../stats/bootstrap.js";
import type { Rng } from "../stats/prng.js";
import type { LabTokenizer } from "../train/lab-tokenizer.js";
import type { PairsConfig } from "./align-config.js";
import { packCompletions, type CompletionBatch } from "./completions.js";
import { gradeAnswer } from "./grader.js";
import { agreesWithGold, labelPair } from "./labeller.js";
import { answerPrompts } from "./policy-answers.js";
import type { StageEvaluation } from "./stage-loop.js";
import type { World, WorldPrompt } from "./world.js";

export const pairRecord = z.strictObject({
  promptId: z.string(),
  /** "train" pairs teach reward models and DPO; "heldout" pairs (the world's eval prompts) measure them. */
  use: z.enum(["train", "heldout"]),
  prompt: z.string(),
  chosen: z.string(),
  rejected: z.string(),
  /** The labeller's probability of preferring `chosen` when it labelled the pair. */
  probability: z.number().min(0).max(1),
});
export type PairRecord = z.infer<typeof pairRecord>;

/** The prompts pairs are made for: SFT and preference prompts to train on, eval prompts held out. */
export function pairPrompts(world: World): Array<{ prompt: WorldPrompt; use: PairRecord["use"] }> {
  const use = { sft: "train", prefs: "train", eval: "heldout" } as const;
  return world.prompts.flatMap((prompt) => (prompt.split === "sft" || prompt.split === "prefs" || prompt.split === "eval" ? [{ prompt, use: use[prompt.split] }] : []));
}

/**
 * Samples and labels the pairs of one prompt: every two answers with different texts.
 *
 * @example labelledPairs(config, policy, tokenizer, { prompt, use: "train" }, rng).length // up to k(k−1)/2
 */
export function labelledPairs(config: PairsConfig, policy: Gpt, tokenizer: LabTokenizer, item: { prompt: WorldPrompt; use: PairRecord["use"] }, rng: Rng): PairRecord[] {
  const answers = answerPrompts(policy, tokenizer, [item.prompt], config.answersPerPrompt, config.sampling, rng);
  const pairs: PairRecord[] = [];
  for (let i = 0; i < answers.length; i++) {
    for (let j = i + 1; j < answers.length; j++) {
      const [a, b] = [answers[i], answers[j]];
      if (a.text === b.text) continue; // identical answers carry no preference
      const { preferA, probability } = labelPair(config.labeller, a.grade, b.grade, rng);
      const [chosen, rejected] = preferA ? [a, b] : [b, a];
      pairs.push({ promptId: item.prompt.id, use: item.use, prompt: item.prompt.prompt, chosen: chosen.text, rejected: rejected.text, probability: preferA ? probability : 1 - probability });
    }
  }
  return pairs;
}

/**
 * N pairs as one batch of 2N completions: the chosen answers in rows 0..N−1, the rejected in N..2N−1.
 *
 * @example pairBatch(tokenizer, pairs, 96).B // 2 · pairs.length
 */
export function pairBatch(tokenizer: LabTokenizer, pairs: readonly PairRecord[], blockSize: number): CompletionBatch {
  return packCompletions(tokenizer, [...pairs.map((p) => ({ prompt: p.prompt, answer: p.chosen })), ...pairs.map((p) => ({ prompt: p.prompt, answer: p.rejected }))], blockSize);
}

/** The world prompt of each record, by id (InputError-free: a pair from another world is a bug in the caller). */
export function promptOf(world: World): (record: PairRecord) => WorldPrompt {
  const byId = new Map(world.prompts.map((p) => [p.id, p]));
  return (record) => {
    const prompt = byId.get(record.promptId);
    if (prompt === undefined) throw new Error(`pair for unknown prompt ${record.promptId}: the pairs come from another world`);
    return prompt;
  };
}

/**
 * What the labelled pairs say about the labeller: agreement with gold where the answers' gold
 * scores differ, and how often the chosen answer is the longer, the more confident, the
 * flattering one (a narrow labeller's fingerprint), with 95% bootstrap intervals.
 */
export function pairsSummary(records: readonly PairRecord[], world: World, seed: number): StageEvaluation {
  const prompt = promptOf(world);
  const graded = records.map((r) => ({ chosen: gradeAnswer(prompt(r), r.chosen), rejected: gradeAnswer(prompt(r), r.rejected) }));
  const metrics: Record<string, number> = { "pairs/train": records.filter((r) => r.use === "train").length, "pairs/heldout": records.filter((r) => r.use === "heldout").length };
  const intervals: Record<string, [number, number]> = {};
  const add = (name: string, values: number[]) => {
    if (values.length === 0) return;
    const result = bootstrapMean(values, { method: "percentile", nResamples: 1000, seed });
    metrics[name] = result.estimate;
    intervals[name] = [result.low, result.high];
  };
  add("labeller/gold_agreement", graded.flatMap(({ chosen, rejected }) => { const agrees = agreesWithGold(chosen, rejected, true); return agrees === null ? [] : [+agrees]; }));
  add("labeller/gold_differs", graded.map(({ chosen, rejected }) => +(chosen.score !== rejected.score)));
  add("chosen/longer", graded.flatMap(({ chosen, rejected }) => (chosen.length === rejected.length ? [] : [+(chosen.length > rejected.length)])));
  add("chosen/flattering", graded.flatMap(({ chosen, rejected }) => (chosen.flattering === rejected.flattering ? [] : [+chosen.flattering])));
  add("chosen/abstained", graded.flatMap(({ chosen, rejected }) => ((chosen.verdict === "abstained") === (rejected.verdict === "abstained") ? [] : [+(chosen.verdict === "abstained")])));
  return { metrics, intervals, n: records.length, samples: records.slice(0, 6).map((r) => ({ prompt: r.prompt, answer: `${JSON.stringify(r.chosen)} ≻ ${JSON.stringify(r.rejected)}`, verdict: `p=${r.probability.toFixed(2)}` })) };
}
