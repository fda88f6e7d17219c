/**
 * The drill page's contract: the queue, a question, the model answer after the answer is
 * in, the suggested rating for the ticked rubric, the stored attempt, the follow-up, and
 * spoken answers recorded under their attempt.
 */
import { z } from "zod";
import { CardId, IsoDate } from "./common.js";

export const RatingName = z.enum(["again", "hard", "good", "easy"]);

/** An attempt's id: a UUID the page chooses before the answer (so it can never name a path). */
export const AttemptUid = z.string().uuid();

/** Filters and the new-card limit, as query strings. */
export const QueueQuery = z.strictObject({
  area: z.string().optional(),
  kind: z.string().optional(),
  difficulty: z.enum(["1", "2", "3"]).optional(),
  new: z.string().regex(/^\d{1,4}$/, "a whole number").optional(),
});

export const QueueResponse = z.object({
  cards: z.array(z.object({ id: z.string(), title: z.string(), area: z.string(), kind: z.string(), difficulty: z.number().int(), due: z.boolean() })),
  /** Due now in the filtered cards, and when the next one comes due after now. */
  dueNow: z.number().int(),
  nextDue: IsoDate.nullable(),
  /** What the filters can choose from. */
  areas: z.array(z.string()),
  kinds: z.array(z.string()),
});
export type QueueResponse = z.infer<typeof QueueResponse>;

export const QuestionRequest = z.strictObject({ cardId: CardId });
export const QuestionResponse = z.object({
  cardId: z.string(),
  title: z.string(),
  /** "systems · quantitative · difficulty 2" */
  label: z.string(),
  /** Markdown: the question, and for a quantitative card the problem drawn for this review. */
  text: z.string(),
  prompt: z.string(),
  /** When the question was shown: the drawn numbers depend on it. */
  startedAt: IsoDate,
  /** Recommended speaking time for an answer aloud, in seconds. */
  speakingTargetSeconds: z.number().int(),
});
export type QuestionResponse = z.infer<typeof QuestionResponse>;

const answerText = z.string().max(100_000);

export const RevealRequest = z.strictObject({ cardId: CardId, startedAt: IsoDate, answer: answerText });
export const EarlierAttempt = z.object({
  uid: z.string(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  coverage: z.number(),
  rating: RatingName,
  answer: z.string(),
});
export const RevealResponse = z.object({
  /** Markdown with maths. */
  modelAnswer: z.string(),
  rubric: z.array(z.string()),
  /** For a quantitative card: the verdict on the typed number (null when none was typed) and the worked solution. */
  numeric: z.object({ correct: z.boolean(), verdict: z.string(), detail: z.string() }).nullable(),
  solution: z.string().nullable(),
  earlier: z.array(EarlierAttempt),
});
export type RevealResponse = z.infer<typeof RevealResponse>;

export const SuggestRequest = RevealRequest.extend({ ticks: z.array(z.boolean()).max(50) });
export const SuggestResponse = z.object({ rating: RatingName, coverage: z.number(), basis: z.string() });
export type SuggestResponse = z.infer<typeof SuggestResponse>;

export const AttemptRequest = z.strictObject({
  /** Chosen by the page before the answer, so a recording can be filed under it. */
  uid: AttemptUid,
  cardId: CardId,
  startedAt: IsoDate,
  durationMs: z.number().int().min(0).max(86_400_000),
  answer: answerText,
  ticks: z.array(z.boolean()).max(50),
  rating: RatingName,
  mockId: z.string().max(100).optional(),
  /** Which follow-up to offer; by default the next in turn for the card. */
  followupIndex: z.number().int().min(0).max(100).optional(),
});
export const AttemptResponse = z.object({
  uid: z.string(),
  /** The card's next review. */
  due: IsoDate,
  /** The share of rubric points ticked. */
  coverage: z.number(),
  followup: z.object({ question: z.string() }).nullable(),
});
export type AttemptResponse = z.infer<typeof AttemptResponse>;

export const FollowupRequest = z.strictObject({ answer: answerText });
export const FollowupResponse = z.object({ answer: z.string() });

/** A recording is uploaded raw (audio/webm) with its length in the query string. */
export const RecordingQuery = z.strictObject({
  durationMs: z.string().regex(/^\d{1,8}$/, "a whole number of milliseconds"),
});
export const Recording = z.object({
  attemptUid: z.string(),
  cardId: z.string(),
  durationMs: z.number().int(),
  bytes: z.number().int(),
  recordedAt: IsoDate,
});
export type Recording = z.infer<typeof Recording>;

export const RecordingsQuery = z.strictObject({ cardId: CardId });
export const RecordingsResponse = z.object({
  /** The card's recordings, newest first, each with its attempt's date. */
  recordings: z.array(Recording.extend({ startedAt: z.string() })),
});
export type RecordingsResponse = z.infer<typeof RecordingsResponse>;
