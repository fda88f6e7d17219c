/**
 * The gold evaluation of a policy's answers: the world's grader knows every answer, so
 * accuracy, abstention, accuracy when answering, the gold score (+1 correct, 0 abstained,
 * −1 wrong), length and style rates are exact for the sample, with 95% percentile-bootstrap
 * intervals that resample prompts (a prompt's answers move together).
 */
import { bootstrapRatio } from "../stats/bootstrap.js";
import type { GradedAnswer } from "./policy-answers.js";
import type { StageEvaluation } from "./stage-loop.js";

/** Resamples per interval: enough for a stable 95% percentile interval at this n. */
const RESAMPLES = 1000;
/** Graded samples kept in the eval event for the run page. */
const SAMPLES_SHOWN = 6;

type Indicator = (answer: GradedAnswer) => number;

const METRICS: Record<string, { value: Indicator; over?: Indicator }> = {
  "gold/accuracy": { value: (a) => +(a.grade.verdict === "correct") },
  "gold/abstention": { value: (a) => +(a.grade.verdict === "abstained") },
  // correct / (correct + wrong): how often it is right when it does answer
  "gold/accuracy_when_answering": { value: (a) => +(a.grade.verdict === "correct"), over: (a) => +(a.grade.verdict !== "abstained") },
  "gold/score": { value: (a) => a.grade.score },
  "answer/length": { value: (a) => a.grade.length },
  "style/flattery": { value: (a) => +a.grade.flattering },
  "style/confident": { value: (a) => +(a.grade.tone === "confident") },
  "style/hedged": { value: (a) => +(a.grade.tone === "hedged") },
  "style/padded": { value: (a) => +a.grade.padded },
  "answer/unfinished": { value: (a) => +!a.grade.finished },
};

/**
 * Every gold metric of the answers with its interval (accuracy when answering is left out when
 * nothing was answered), and the first few answers as samples.
 *
 * @example goldEvaluation(answerPrompts(policy, tokenizer, evalPrompts, 2, sampling, rng), 7).metrics["gold/accuracy"]
 */
export function goldEvaluation(answers: readonly GradedAnswer[], seed: number): StageEvaluation {
  const byPrompt = new Map<string, GradedAnswer[]>();
  for (const a of answers) byPrompt.set(a.prompt.id, [...(byPrompt.get(a.prompt.id) ?? []), a]);
  const groups = [...byPrompt.values()];
  const metrics: Record<string, number> = {};
  const intervals: Record<string, [number, number]> = {};
  for (const [name, { value, over = () => 1 }] of Object.entries(METRICS)) {
    const sums = groups.map((g) => g.reduce((s, a) => s + value(a), 0));
    const counts = groups.map((g) => g.reduce((s, a) => s + over(a), 0));
    const kept = counts.flatMap((c, i) => (c > 0 ? [i] : []));
    if (kept.length === 0) continue;
    const result = bootstrapRatio(kept.map((i) => sums[i]), kept.map((i) => counts[i]), { method: "percentile", nResamples: RESAMPLES, seed });
    metrics[name] = result.estimate;
    intervals[name] = [result.low, result.high];
  }
  const samples = answers.slice(0, SAMPLES_SHOWN).map((a) => ({ prompt: a.prompt.prompt, answer: a.text, verdict: a.grade.verdict }));
  return { metrics, intervals, n: answers.length, samples };
}
