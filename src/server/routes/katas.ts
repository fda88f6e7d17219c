/** /api/katas: the list, one kata with its history, checks, the reference, interviews, stored checks. */
import { Hono } from "hono";
import { z } from "zod";
import {
  CheckRequest,
  CheckResponse,
  InterviewRequest,
  InterviewResponse,
  KataResponse,
  KataSlug,
  KatasResponse,
  SolutionRequest,
  SolutionResponse,
  StoredCheckResponse,
  type CheckSummary,
} from "../../api/katas.js";
import { InputError, NotFoundError } from "../../errors.js";
import { findKata, loadKatas } from "../../katas/catalogue.js";
import { findCheck, listChecks, type KataCheck } from "../../katas/history.js";
import { interviewSummary, liveInterviews, showsHint, startInterview, type InterviewSession } from "../../katas/interview.js";
import { functionName, KATA_AREAS } from "../../katas/kata.js";
import { checkKata, listKataSummaries, readDrafts, revealCost, revealSolution, saveSolution, withoutHint, writeKataFile, type KataContext } from "../../katas/practice.js";
import type { ServerContext } from "../context.js";
import { jsonBody, param, reply } from "../validate.js";

const summaryOf = (c: KataCheck): CheckSummary => ({
  uid: c.uid,
  checkedAt: c.checkedAt.toISOString(),
  lang: c.lang,
  mode: c.mode,
  verdict: c.verdict,
  passed: c.passed,
  total: c.total,
  durationMs: c.durationMs,
});

export function katasRoutes(ctx: ServerContext): Hono {
  const katas = () => loadKatas().katas;
  const kataOf = (slug: string) => findKata(katas(), slug);
  const kataContext = (): KataContext => ({ db: ctx.db(), home: ctx.home, now: ctx.now });
  /** Interviews started by this server, by id (an interview lasts minutes; a restart ends it). */
  const interviews = new Map<string, InterviewSession>();

  return new Hono()
    .get("/", (c) =>
      reply(c, KatasResponse, {
        areas: [...KATA_AREAS],
        katas: listKataSummaries(ctx.db(), katas(), ctx.now()).map((k) => ({ ...k, due: k.due?.toISOString() ?? null })),
        problems: loadKatas().problems,
      }),
    )
    .get("/:slug", (c) => {
      const kata = kataOf(param(c, "slug", KataSlug));
      const summary = listKataSummaries(ctx.db(), [kata], ctx.now())[0];
      return reply(c, KataResponse, {
        kata: {
          slug: kata.slug,
          title: kata.title,
          area: kata.area,
          difficulty: kata.difficulty,
          minutes: kata.minutes,
          functions: { py: kata.functions, ts: kata.functions.map((f) => functionName(f, "ts")) },
          statement: kata.statement,
          edges: kata.tests.edges,
          random: kata.tests.random,
          starter: kata.starter,
        },
        drafts: readDrafts(ctx.home, kata.slug),
        history: listChecks(ctx.db(), kata.slug).map(summaryOf).reverse(),
        status: summary.status,
        due: summary.due?.toISOString() ?? null,
        revealCost: revealCost(kataContext(), kata),
      });
    })
    .post("/:slug/check", async (c) => {
      const kata = kataOf(param(c, "slug", KataSlug));
      const body = await jsonBody(c, CheckRequest);
      const session = body.mode === "interview" && body.sessionId !== undefined ? interviews.get(body.sessionId) : undefined;
      if (body.mode === "interview" && (!session || session.slug !== kata.slug)) {
        throw new NotFoundError("no such interview on this server", "start an interview again");
      }
      if (body.mode === "mock" && body.sessionId === undefined) throw new InputError("request body: sessionId: the mock interview's id is needed");
      if (session && session.lang !== body.lang) throw new InputError(`request body: lang: this interview is in ${session.lang}`, "hand it in, then start another in the other language");
      // The code is kept where the CLI keeps it, so both surfaces work on one file.
      if (session) writeKataFile(session.path, body.code);
      else if (body.mode === "practice") saveSolution(ctx.home, kata.slug, body.lang, body.code);
      const { check, round } = await checkKata(kataContext(), kata, body.lang, body.code, { mode: body.mode, sessionId: session?.id ?? body.sessionId ?? null });
      const interview = session ? interviewSummary(ctx.db(), session, ctx.now()) : null;
      const hint = showsHint({ mode: body.mode, final: body.final, passed: check.verdict === "passed", deadline: session?.deadline ?? null, now: ctx.now() });
      return reply(c, CheckResponse, {
        uid: check.uid,
        result: hint ? check.result : withoutHint(check.result),
        round: round ? { outcome: round.outcome, due: round.state?.due.toISOString() ?? null } : null,
        interview: interview ? { checks: interview.checks, passed: interview.passed, line: interview.line } : null,
      });
    })
    .post("/:slug/solution", async (c) => {
      const kata = kataOf(param(c, "slug", KataSlug));
      const { giveUp } = await jsonBody(c, SolutionRequest);
      const reveal = revealSolution(kataContext(), kata, { giveUp });
      return reply(c, SolutionResponse, {
        solution: reveal.solution,
        bugs: reveal.bugs,
        followups: reveal.followups,
        references: kata.references,
        gaveUp: reveal.gaveUp ? { due: reveal.gaveUp.state?.due.toISOString() ?? null } : null,
      });
    })
    .post("/:slug/interview", async (c) => {
      const kata = kataOf(param(c, "slug", KataSlug));
      const { lang, minutes } = await jsonBody(c, InterviewRequest);
      const session = startInterview(ctx.home, kata, lang, minutes ?? kata.minutes, ctx.now());
      const kept = liveInterviews(interviews.values(), ctx.now());
      interviews.clear();
      for (const s of [...kept, session]) interviews.set(s.id, s);
      return reply(c, InterviewResponse, { id: session.id, startedAt: session.startedAt.toISOString(), deadline: session.deadline.toISOString(), starter: kata.starter[lang] }, 201);
    })
    .get("/:slug/checks/:uid", (c) => {
      const kata = kataOf(param(c, "slug", KataSlug));
      const check = findCheck(ctx.db(), param(c, "uid", z.string().uuid()));
      if (!check || check.slug !== kata.slug) throw new NotFoundError("no such check of this kata");
      return reply(c, StoredCheckResponse, { check: summaryOf(check), code: check.code, result: check.result });
    });
}
