/**
 * Alignment drills: a pipeline's drills with each one's schedule (GET /api/align/drills?pipeline=ID)
 * and the user's rating of one after its answer is revealed (POST /api/align/drills/:id/rate).
 */
import { z } from "zod";
import { RatingName } from "./drill.js";
import { IsoDate } from "./common.js";

/** A pipeline's id: a folder name under the workspace's align folder. */
export const AlignPipelineId = z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a pipeline id such as 20261207-080000-pipeline");

/** A drill's id, "<pipeline>/<kind>" or "<pipeline>/<kind>/<run>" (sent URL-encoded as one path segment). */
export const AlignDrillId = z.string().min(1).max(300).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*){1,2}$/, "a drill id such as 20261207-080000-pipeline/kl-knob");

/** One number a drill shows, with `shown`, its value and interval as the model answer writes them ("0.15 [0.13, 0.17]"). */
export const AlignEvidence = z.object({ label: z.string(), value: z.number(), interval: z.tuple([z.number(), z.number()]).optional(), shown: z.string() });

/** A drill, its schedule, and why it is asked now. */
export const AlignDrillEntry = z.object({
  id: AlignDrillId,
  kind: z.string(),
  question: z.string(),
  evidence: z.array(AlignEvidence),
  modelAnswer: z.string(),
  rubric: z.array(z.string()),
  /** When it comes due; null when never rated. */
  due: IsoDate.nullable(),
});
export type AlignDrillEntry = z.infer<typeof AlignDrillEntry>;

/** GET /api/align/drills?pipeline=ID */
export const AlignDrillsQuery = z.object({ pipeline: AlignPipelineId });

export const AlignDrillsResponse = z.object({
  pipeline: AlignPipelineId,
  drills: z.array(AlignDrillEntry),
  /** The drill to ask now (due, else new, else the next to come due) and why; null when the pipeline has none. */
  next: z.object({ id: AlignDrillId, reason: z.enum(["due", "new", "review"]) }).nullable(),
});
export type AlignDrillsResponse = z.infer<typeof AlignDrillsResponse>;

/** POST /api/align/drills/:id/rate */
export const AlignDrillRateRequest = z.strictObject({ rating: RatingName });

export const AlignDrillRateResponse = z.object({
  /** Whether the rating moved the schedule (false: the drill was not due, so this was practice). */
  rated: z.boolean(),
  /** When the drill comes due now. */
  due: IsoDate.nullable(),
});
export type AlignDrillRateResponse = z.infer<typeof AlignDrillRateResponse>;
