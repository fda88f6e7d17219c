/**
 * The mock interview page's contract: start an interview, see where it is (the question to
 * answer and its segment's clock), count a stored attempt as the answer, stop early, and the
 * summary. Each question is asked, revealed and stored through the drill routes (src/api/drill.ts).
 */
import { z } from "zod";
import { IsoDate } from "./common.js";

/** A mock interview's id (a UUID: never a path). */
export const MockId = z.string().uuid();

export const MockRole = z.enum(["scientist", "engineer"]);

export const StartMockRequest = z.strictObject({
  minutes: z.number().int().min(1).max(240),
  role: MockRole,
  /** Picks the questions among equally weak cards; from the clock when absent. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});

export const AnswerMockRequest = z.strictObject({
  /** The attempt stored (POST /api/drill/attempts with this interview's mockId) for the current question. */
  uid: z.string().uuid(),
});

export const MockSummary = z.object({
  id: z.string(),
  role: MockRole,
  minutes: z.number().int(),
  seed: z.number().int().optional(),
  startedAt: IsoDate,
  segments: z.array(
    z.object({
      name: z.string(),
      questions: z.number().int(),
      coverage: z.number().nullable(),
      minutes: z.number(),
      allottedMinutes: z.number(),
      overtimeMinutes: z.number(),
    }),
  ),
  weakestAreas: z.array(z.object({ area: z.string(), coverage: z.number(), attempts: z.number().int() })),
  finished: z.boolean(),
});
export type MockSummary = z.infer<typeof MockSummary>;

export const MockResponse = z.object({
  id: z.string(),
  role: MockRole,
  minutes: z.number().int(),
  seed: z.number().int().nullable(),
  startedAt: IsoDate,
  /** The plan while under way; the segments reached once over. */
  segments: z.array(z.object({ name: z.string(), questions: z.number().int() })),
  /** The question to answer now, and its segment's clock as of this response; null once over. */
  current: z
    .object({
      segment: z.number().int(),
      question: z.number().int(),
      cardId: z.string(),
      /** The coding segment's kata (then cardId is "kata/<slug>"): written and checked through /api/katas, handed in at POST /api/mock/:id/kata. */
      kata: z.string().nullable(),
      /**
       * The experiment-judgment segment's incident (then cardId is "incident"): a drill of
       * /api/incidents/sessions, counted at POST /api/mock/:id/incident once answered.
       */
      incident: z.string().nullable(),
      segmentEndsAt: IsoDate,
      leftMs: z.number(),
      overtimeMs: z.number(),
      /** "2 min 30 s left in this segment", or "overtime: 1 min 0 s past this segment's end". */
      clock: z.string(),
    })
    .nullable(),
  summary: MockSummary.nullable(),
  /** The Markdown summary in the workspace ("mocks/<id>.md"), once written. */
  report: z.string().nullable(),
});
export type MockResponse = z.infer<typeof MockResponse>;
