/**
 * Interview mode: one timed attempt at a kata from a fresh starter, with the kata's time
 * budget. Its checks are stored with the session's id, so the summary (time used, checks,
 * whether it passed) is read back from them.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { formatDuration } from "../drill/practice.js";
import { plural } from "../report/plural.js";
import type { Db } from "../store/open.js";
import { listChecks, type CheckMode } from "./history.js";
import type { Kata, Language } from "./kata.js";
import { writeKataFile } from "./practice.js";

export interface InterviewSession {
  id: string;
  slug: string;
  lang: Language;
  /** The interview's own copy of the starter: katas/interview/<slug>.<ext>. */
  path: string;
  startedAt: Date;
  deadline: Date;
}

/** Starts an interview: the starter copied afresh (an interview is from memory), the clock set. */
export function startInterview(home: string, kata: Kata, lang: Language, minutes: number, now: Date): InterviewSession {
  const path = writeKataFile(join(home, "katas", "interview", `${kata.slug}.${lang}`), kata.starter[lang]);
  return { id: randomUUID(), slug: kata.slug, lang, path, startedAt: now, deadline: new Date(now.getTime() + minutes * 60_000) };
}

export interface InterviewSummary {
  checks: number;
  passed: boolean;
  /** From the start to the first passing check (or to `now`), ms. */
  usedMs: number;
  budgetMs: number;
  line: string;
}

/** How the interview went, from its stored checks. */
export function interviewSummary(db: Db, session: InterviewSession, now: Date): InterviewSummary {
  const checks = listChecks(db, session.slug).filter((c) => c.sessionId === session.id);
  const pass = checks.find((c) => c.verdict === "passed");
  const usedMs = (pass ? pass.checkedAt : now).getTime() - session.startedAt.getTime();
  const budgetMs = session.deadline.getTime() - session.startedAt.getTime();
  const line = pass
    ? `Passed in ${formatDuration(usedMs)} of ${formatDuration(budgetMs)}, after ${checks.indexOf(pass) + 1} of ${checks.length} checks.`
    : `Not passed: ${plural(checks.length, "check")} in ${formatDuration(usedMs)} (budget ${formatDuration(budgetMs)}).`;
  return { checks: checks.length, passed: pass !== undefined, usedMs, budgetMs, line };
}

/**
 * Whether a check's result shows its hint: always in practice; in an interview or a mock
 * interview's coding segment only at the hand-in (`final`), once it passes, or past the deadline.
 */
export function showsHint(check: { mode: CheckMode; final: boolean; passed: boolean; deadline: Date | null; now: Date }): boolean {
  if (check.mode === "practice" || check.final || check.passed) return true;
  return check.deadline !== null && check.now.getTime() >= check.deadline.getTime();
}

/** The interviews still worth keeping at `now`: those that ended less than a day ago. */
export function liveInterviews(sessions: Iterable<InterviewSession>, now: Date): InterviewSession[] {
  return [...sessions].filter((s) => now.getTime() - s.deadline.getTime() < 86_400_000);
}
