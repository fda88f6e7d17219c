/**
 * Kata checks and round outcomes in dojo.db. A check is one run of the judge (the code,
 * the result, how long it took); an outcome ends a round on a kata: passed on the first
 * check of the round, passed after failures, or given up, with the FSRS rating it gave.
 */
import type { Db } from "../store/open.js";
import { statement } from "../store/statements.js";
import type { CheckResult, Verdict } from "./judge.js";
import type { Language } from "./kata.js";

/** practice (`dojo kata check`), interview (timed, hints at the end) or mock (a mock interview's coding segment). */
export type CheckMode = "practice" | "interview" | "mock";

export interface KataCheck {
  uid: string;
  slug: string;
  lang: Language;
  checkedAt: Date;
  durationMs: number;
  code: string;
  seed: number;
  verdict: Verdict;
  passed: number;
  total: number;
  result: CheckResult;
  mode: CheckMode;
  sessionId: string | null;
}

export type RoundOutcome = "passed-first-try" | "passed-after-failures" | "gave-up";

export interface KataOutcome {
  slug: string;
  at: Date;
  outcome: RoundOutcome;
  rating: number;
  /** Checks in the round. */
  checks: number;
}

export function insertCheck(db: Db, c: KataCheck): void {
  statement(
    db,
    `INSERT INTO kata_checks (uid, slug, lang, checked_at, duration_ms, code, seed, verdict, passed, total, result, mode, session_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(c.uid, c.slug, c.lang, c.checkedAt.toISOString(), Math.round(c.durationMs), c.code, c.seed, c.verdict, c.passed, c.total, JSON.stringify(c.result), c.mode, c.sessionId);
}

interface CheckRow {
  uid: string;
  slug: string;
  lang: Language;
  checked_at: string;
  duration_ms: number;
  code: string;
  seed: number;
  verdict: Verdict;
  passed: number;
  total: number;
  result: string;
  mode: CheckMode;
  session_id: string | null;
}

const toCheck = (r: CheckRow): KataCheck => ({
  uid: r.uid,
  slug: r.slug,
  lang: r.lang,
  checkedAt: new Date(r.checked_at),
  durationMs: r.duration_ms,
  code: r.code,
  seed: r.seed,
  verdict: r.verdict,
  passed: r.passed,
  total: r.total,
  result: JSON.parse(r.result) as CheckResult,
  mode: r.mode,
  sessionId: r.session_id,
});

/** The checks of one kata (or of all), oldest first. */
export function listChecks(db: Db, slug?: string): KataCheck[] {
  const rows = (
    slug === undefined
      ? statement(db, "SELECT * FROM kata_checks ORDER BY checked_at, id").all()
      : statement(db, "SELECT * FROM kata_checks WHERE slug = ? ORDER BY checked_at, id").all(slug)
  ) as CheckRow[];
  return rows.map(toCheck);
}

/** One check by uid, or null. */
export function findCheck(db: Db, uid: string): KataCheck | null {
  const row = statement(db, "SELECT * FROM kata_checks WHERE uid = ?").get(uid) as CheckRow | undefined;
  return row ? toCheck(row) : null;
}

/** Per kata: the number of checks and whether any passed (for lists, without reading the code). */
export function checkCounts(db: Db): Map<string, { checks: number; passes: number }> {
  const rows = statement(db, "SELECT slug, COUNT(*) AS checks, SUM(verdict = 'passed') AS passes FROM kata_checks GROUP BY slug").all() as {
    slug: string;
    checks: number;
    passes: number;
  }[];
  return new Map(rows.map((r) => [r.slug, { checks: r.checks, passes: r.passes }]));
}

export function insertOutcome(db: Db, o: KataOutcome): void {
  statement(db, "INSERT INTO kata_outcomes (slug, at, outcome, rating, checks) VALUES (?, ?, ?, ?, ?)").run(o.slug, o.at.toISOString(), o.outcome, o.rating, o.checks);
}

/** The outcomes of one kata (or of all), oldest first. */
export function listOutcomes(db: Db, slug?: string): KataOutcome[] {
  const rows = (
    slug === undefined
      ? statement(db, "SELECT * FROM kata_outcomes ORDER BY at, id").all()
      : statement(db, "SELECT * FROM kata_outcomes WHERE slug = ? ORDER BY at, id").all(slug)
  ) as { slug: string; at: string; outcome: RoundOutcome; rating: number; checks: number }[];
  return rows.map((r) => ({ slug: r.slug, at: new Date(r.at), outcome: r.outcome, rating: r.rating, checks: r.checks }));
}
