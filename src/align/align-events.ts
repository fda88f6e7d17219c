/**
 * An align run's log, `align/<id>/events.jsonl`: one JSON object per line with the wall time
 * `t` (ms), the `step` and a `kind`. Metrics are named maps, so each stage logs what its
 * method is known by (TRL's names for DPO: "rewards/chosen", "logps/rejected", …).
 *
 *   start       the run begins or resumes (resumedFrom)
 *   step        after each optimizer step (or, for pairs, each labelled prompt): the stage's metrics
 *   eval        the gold evaluation: accuracy, abstention, length, KL, win rate, each with its interval
 *   checkpoint  a checkpoint was written
 *   end         completed or interrupted
 */
import { z } from "zod";

const base = { t: z.number(), step: z.number().int().nonnegative() };
const metrics = z.record(z.string(), z.number());
/** A 95% interval [low, high] per metric that has one. */
const intervals = z.record(z.string(), z.tuple([z.number(), z.number()]));

export const alignEventSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("start"), stage: z.string(), steps: z.number().int(), resumedFrom: z.number().int().optional() }),
  z.object({ ...base, kind: z.literal("step"), metrics }),
  z.object({ ...base, kind: z.literal("eval"), metrics, intervals, n: z.number().int(), samples: z.array(z.object({ prompt: z.string(), answer: z.string(), verdict: z.string() })) }),
  z.object({ ...base, kind: z.literal("checkpoint"), path: z.string() }),
  z.object({ ...base, kind: z.literal("end"), status: z.enum(["completed", "interrupted"]), elapsedMs: z.number() }),
]);

export type AlignEvent = z.infer<typeof alignEventSchema>;
export type StepEvent = Extract<AlignEvent, { kind: "step" }>;
export type AlignEvalEvent = Extract<AlignEvent, { kind: "eval" }>;
