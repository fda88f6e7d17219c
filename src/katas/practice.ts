/**
 * Practising katas, for every surface (the CLI and the web app call these): the list with
 * each kata's schedule, starting one (the starter copied into the workspace), checking a
 * solution (judged, stored, and rated when its round ends), revealing the reference, and
 * the history of checks.
 */
import { randomInt, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ReviewState } from "../drill/scheduler.js";
import { InputError, NotFoundError } from "../errors.js";
import type { Db } from "../store/open.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { checkCounts, insertCheck, listChecks, type CheckMode, type KataCheck } from "./history.js";
import { judge, type CheckResult } from "./judge.js";
import { LANGUAGES, type Kata, type KataArea, type Language } from "./kata.js";
import { closeRound, currentRound, isRatable, kataStates, type RatedRound } from "./schedule.js";

export interface KataContext {
  db: Db;
  /** The workspace folder. */
  home: string;
  now: () => Date;
}

export type KataStatus = "new" | "due" | "scheduled";

export interface KataSummary {
  slug: string;
  title: string;
  area: KataArea;
  difficulty: number;
  minutes: number;
  status: KataStatus;
  /** When it comes due (null for a kata never rated). */
  due: Date | null;
  checks: number;
  passes: number;
}

/** Every kata (of `area`, when given) with its schedule and checks. */
export function listKataSummaries(db: Db, katas: readonly Kata[], now: Date, area?: KataArea): KataSummary[] {
  const states = kataStates(db);
  const counts = checkCounts(db);
  return katas
    .filter((k) => area === undefined || k.area === area)
    .map((k) => {
      const state = states.get(k.slug);
      const count = counts.get(k.slug) ?? { checks: 0, passes: 0 };
      return {
        slug: k.slug,
        title: k.title,
        area: k.area,
        difficulty: k.difficulty,
        minutes: k.minutes,
        status: statusOf(state, now),
        due: state?.due ?? null,
        checks: count.checks,
        passes: count.passes,
      };
    });
}

const statusOf = (state: ReviewState | undefined, now: Date): KataStatus => (state === undefined ? "new" : state.due.getTime() <= now.getTime() ? "due" : "scheduled");

/** Where the user's solution of `slug` in `lang` lives: katas/<slug>.<ext> in the workspace. */
export const solutionPath = (home: string, slug: string, lang: Language): string => join(home, "katas", `${slug}.${lang}`);

/**
 * Copies the starter into the workspace, unless a solution is already there (a user's work
 * is never overwritten). Returns its path and whether it was created now.
 */
export function startKata(home: string, kata: Kata, lang: Language): { path: string; created: boolean } {
  const path = solutionPath(home, kata.slug, lang);
  if (existsSync(path)) return { path, created: false };
  return { path: saveSolution(home, kata.slug, lang, kata.starter[lang]), created: true };
}

/**
 * The solution file to check: `file` when given (its extension names the language), else
 * katas/<slug>.<lang> (or, without a language, whichever of .py and .ts exists, the newer if both).
 */
export function findSolutionFile(home: string, slug: string, options: { file?: string; lang?: Language }): { path: string; lang: Language } {
  if (options.file) {
    const ext = options.file.split(".").pop() ?? "";
    const lang = options.lang ?? ((LANGUAGES as readonly string[]).includes(ext) ? (ext as Language) : null);
    if (!lang) throw new InputError(`${options.file}: cannot tell the language from the name`, "name the file .py or .ts, or pass --lang py|ts");
    if (!existsSync(options.file)) throw new NotFoundError(`${options.file}: no such file`);
    return { path: options.file, lang };
  }
  const candidates = (options.lang ? [options.lang] : LANGUAGES)
    .map((lang) => ({ path: solutionPath(home, slug, lang), lang }))
    .filter((c) => existsSync(c.path))
    .sort((a, b) => statSync(b.path).mtimeMs - statSync(a.path).mtimeMs);
  if (candidates.length === 0) {
    throw new NotFoundError(`no solution of ${slug} in ${join(home, "katas")}`, `dojo kata start ${slug} copies the starter there`);
  }
  return candidates[0];
}

/** A check as it was stored, and the round it ended (null while the round goes on). */
export interface CheckOutcome {
  check: KataCheck;
  round: RatedRound | null;
}

/**
 * Judges `code` with a fresh seed, stores the check, and ends the round when it passed
 * (rating the kata when it is new or due).
 */
export async function checkKata(
  ctx: KataContext,
  kata: Kata,
  lang: Language,
  code: string,
  options: { mode?: CheckMode; sessionId?: string | null } = {},
): Promise<CheckOutcome> {
  const seed = randomInt(2 ** 31);
  const result = await judge(kata, lang, code, { seed });
  const now = ctx.now();
  const check: KataCheck = {
    uid: randomUUID(),
    slug: kata.slug,
    lang,
    checkedAt: now,
    durationMs: result.totalMs,
    code,
    seed,
    verdict: result.verdict,
    passed: result.passed,
    total: result.total,
    result,
    mode: options.mode ?? "practice",
    sessionId: options.sessionId ?? null,
  };
  insertCheck(ctx.db, check);
  const round = result.verdict === "passed" ? closeRound(ctx.db, kata.slug, now) : null;
  return { check, round };
}

/** A check's result with no hint, as interview mode shows it until the time is up. */
export function withoutHint(result: CheckResult): CheckResult {
  if (!result.failure?.hint) return result;
  const failure = { ...result.failure };
  delete failure.hint;
  return { ...result, failure };
}

export interface Reveal {
  solution: Record<Language, string>;
  bugs: Kata["bugs"];
  followups: Kata["followups"];
  /** Set when revealing ended a round without a pass: the kata was rated Again (or, not due, left alone). */
  gaveUp: RatedRound | null;
}

/**
 * The reference solutions, the common bugs and the follow-ups. Allowed after at least one
 * check, or when giving up; revealing before the round's pass counts as giving up.
 */
export function revealSolution(ctx: KataContext, kata: Kata, options: { giveUp?: boolean } = {}): Reveal {
  const cost = revealCost(ctx, kata);
  if (cost === "needs-attempt" && !options.giveUp) {
    const never = listChecks(ctx.db, kata.slug).length === 0;
    throw new InputError(
      never ? `no check of ${kata.slug} yet: the solution opens after a first attempt` : `${kata.slug} is due: attempt it before opening the solution`,
      `dojo kata check ${kata.slug}, or dojo kata solution ${kata.slug} --give-up (rated Again)`,
    );
  }
  const gaveUp = cost === "free" ? null : closeRound(ctx.db, kata.slug, ctx.now(), true);
  return { solution: kata.solution, bugs: kata.bugs, followups: kata.followups, gaveUp };
}

/**
 * What revealing the solution now costs: nothing ("free": the kata is not due, or its round
 * passed), giving up ("gives-up": the round has failed checks), or, with no attempt in the
 * round of a new or due kata, an attempt first or an explicit give-up ("needs-attempt").
 */
export function revealCost(ctx: KataContext, kata: Kata): "free" | "gives-up" | "needs-attempt" {
  const state = kataStates(ctx.db).get(kata.slug);
  if (!isRatable(state, ctx.now())) return "free";
  const round = currentRound(listChecks(ctx.db, kata.slug), state);
  if (round.length === 0) return "needs-attempt";
  return round.at(-1)?.verdict === "passed" ? "free" : "gives-up";
}

/** The code of a solution file, read for a check (one clear line when it cannot be). */
export function readSolution(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
}

/** Writes a kata file of the workspace (a solution, an interview's copy), creating its folder; returns its path. */
export function writeKataFile(path: string, code: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, code);
  return path;
}

/** Saves `code` as the user's solution file (the web editor's work, shared with the CLI's). */
export function saveSolution(home: string, slug: string, lang: Language, code: string): string {
  return writeKataFile(solutionPath(home, slug, lang), code);
}

/** The user's solution files of `slug`, by language (null where none). */
export function readDrafts(home: string, slug: string): Record<Language, string | null> {
  const read = (lang: Language) => {
    const path = solutionPath(home, slug, lang);
    return existsSync(path) ? readFileSync(path, "utf8") : null;
  };
  return { py: read("py"), ts: read("ts") };
}
