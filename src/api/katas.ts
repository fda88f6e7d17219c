/**
 * Katas: the list with schedules (GET /api/katas), one kata with its history
 * (GET /api/katas/:slug), a check (POST /api/katas/:slug/check), the reference
 * (POST /api/katas/:slug/solution), an interview (POST /api/katas/:slug/interview) and a
 * stored check (GET /api/katas/:slug/checks/:uid).
 */
import { z } from "zod";
import { IsoDate } from "./common.js";

/** A kata's slug: lower-case letters, digits and dashes. */
export const KataSlug = z.string().max(80).regex(/^[a-z0-9-]+$/, "kata: lower-case letters, digits and '-'");
export const Lang = z.enum(["py", "ts"]);
const Verdict = z.enum(["passed", "failed", "syntax-error", "error-on-load", "missing-function", "refused", "timeout", "memory", "output", "crashed", "no-runtime"]);

export const KatasResponse = z.object({
  areas: z.array(z.string()),
  katas: z.array(
    z.object({
      slug: KataSlug,
      title: z.string(),
      area: z.string(),
      difficulty: z.number().int(),
      minutes: z.number().int(),
      status: z.enum(["new", "due", "scheduled"]),
      due: IsoDate.nullable(),
      checks: z.number().int(),
      passes: z.number().int(),
    }),
  ),
  /** Kata folders that did not load, one line each. */
  problems: z.array(z.string()),
});
export type KatasResponse = z.infer<typeof KatasResponse>;

export const CheckSummary = z.object({
  uid: z.string(),
  checkedAt: IsoDate,
  lang: Lang,
  mode: z.enum(["practice", "interview", "mock"]),
  verdict: Verdict,
  passed: z.number().int(),
  total: z.number().int(),
  durationMs: z.number(),
});
export type CheckSummary = z.infer<typeof CheckSummary>;

export const KataResponse = z.object({
  kata: z.object({
    slug: KataSlug,
    title: z.string(),
    area: z.string(),
    difficulty: z.number().int(),
    minutes: z.number().int(),
    /** Function names by language. */
    functions: z.object({ py: z.array(z.string()), ts: z.array(z.string()) }),
    /** Markdown. */
    statement: z.string(),
    edges: z.array(z.string()),
    random: z.number().int(),
    starter: z.object({ py: z.string(), ts: z.string() }),
  }),
  /** The user's solution files in the workspace (katas/<slug>.py|ts), null where none. */
  drafts: z.object({ py: z.string().nullable(), ts: z.string().nullable() }),
  history: z.array(CheckSummary),
  status: z.enum(["new", "due", "scheduled"]),
  due: IsoDate.nullable(),
  /** What revealing the solution now costs: nothing, giving up (rated Again), or an attempt first (or an explicit give-up). */
  revealCost: z.enum(["free", "gives-up", "needs-attempt"]),
});
export type KataResponse = z.infer<typeof KataResponse>;

/** At most 256 KB of code: a kata solution is a page or two. */
export const CheckRequest = z.object({
  lang: Lang,
  code: z.string().max(256 * 1024),
  /** interview or mock: checks belong to the session (an interview's, or the mock interview's id) and come back without hints until `final`. */
  mode: z.enum(["practice", "interview", "mock"]).default("practice"),
  sessionId: z.string().uuid().optional(),
  final: z.boolean().default(false),
});
export type CheckRequest = z.input<typeof CheckRequest>;

const Hint = z.object({ bug: z.string().optional(), text: z.string() });
export const CheckResultBody = z.object({
  slug: KataSlug,
  lang: Lang,
  seed: z.number().int(),
  verdict: Verdict,
  summary: z.string(),
  passed: z.number().int(),
  total: z.number().int(),
  cases: z.array(
    z.object({
      name: z.string(),
      fn: z.string(),
      status: z.enum(["passed", "wrong", "error", "timeout", "not-run"]),
      ms: z.number().nullable(),
      message: z.string().optional(),
    }),
  ),
  failure: z
    .object({
      name: z.string(),
      fn: z.string(),
      inputs: z.array(z.string()),
      expected: z.string(),
      actual: z.string().nullable(),
      index: z.array(z.number().int()).optional(),
      message: z.string(),
      line: z.number().int().nullable().optional(),
      hint: Hint.optional(),
    })
    .nullable(),
  printed: z.string(),
  userMs: z.number(),
  totalMs: z.number(),
  networkIsolated: z.boolean(),
  confined: z.boolean(),
});

export const CheckResponse = z.object({
  uid: z.string(),
  result: CheckResultBody,
  /** How the round ended when this check passed: the rating, and the next due date (null when not due: practice). */
  round: z.object({ outcome: z.enum(["passed-first-try", "passed-after-failures", "gave-up"]), due: IsoDate.nullable() }).nullable(),
  /** In an interview: how it stands. */
  interview: z.object({ checks: z.number().int(), passed: z.boolean(), line: z.string() }).nullable(),
});
export type CheckResponse = z.infer<typeof CheckResponse>;

export const SolutionRequest = z.object({ giveUp: z.boolean().default(false) });
export type SolutionRequest = z.input<typeof SolutionRequest>;

export const SolutionResponse = z.object({
  solution: z.object({ py: z.string(), ts: z.string() }),
  bugs: z.array(z.object({ id: z.string(), mistake: z.string(), symptom: z.string(), hint: z.string() })),
  followups: z.array(z.object({ question: z.string(), answer: z.string() })),
  references: z.array(z.string()),
  /** Set when revealing counted as giving up: the new due date (null when the kata was not due). */
  gaveUp: z.object({ due: IsoDate.nullable() }).nullable(),
});
export type SolutionResponse = z.infer<typeof SolutionResponse>;

export const InterviewRequest = z.object({ lang: Lang, minutes: z.number().int().min(1).max(120).optional() });
export type InterviewRequest = z.input<typeof InterviewRequest>;

export const InterviewResponse = z.object({ id: z.string().uuid(), startedAt: IsoDate, deadline: IsoDate, starter: z.string() });
export type InterviewResponse = z.infer<typeof InterviewResponse>;

export const StoredCheckResponse = z.object({ check: CheckSummary, code: z.string(), result: CheckResultBody });
export type StoredCheckResponse = z.infer<typeof StoredCheckResponse>;
