/**
 * What the home screen (`dojo` with no subcommand) says about a workspace: the bank, the
 * cards due and when the next one comes due, the last lab run, and the single best next
 * command with the reason for it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CONTENT_DIR, loadBank } from "../drill/bank.js";
import { loadReviewStates } from "../drill/history.js";
import { countDue, nextDue } from "../drill/queue.js";
import type { ReviewState } from "../drill/scheduler.js";
import { runsFolder } from "../lab/run-folder.js";
import { lastReadableRun, type RunSummary } from "../lab/runs.js";
import { plural } from "../report/plural.js";
import { openStore } from "../store/open.js";
import type { Card } from "../drill/card.js";
import { statement } from "../store/statements.js";
import { dueKatas } from "../katas/schedule.js";
import { dueIncidents } from "../lab/incidents/schedule.js";

/** The workspace as the home screen reports it. */
export interface HomeStatus {
  cards: number;
  areas: number;
  /** Problems found in the bank (each invalid card is left out of every session). */
  bankProblems: number;
  /** Cards reviewed before whose due date has come. */
  due: number;
  /** The earliest due date still ahead; null when no card is scheduled. */
  nextDue: Date | null;
  /** Questions answered so far. */
  answered: number;
  /** Cards never answered. */
  unseen: number;
  /** Katas rated before whose due date has come, most overdue first (by slug). */
  katasDue: string[];
  /** Incidents rated before whose due date has come (a count: their names would give answers away). */
  incidentsDue: number;
  /** The newest lab run (dojo lab runs' first line); null before the first. */
  lastRun: RunSummary | null;
}

/** The command to run next, without the `dojo` in front, why, and the web app's page for it. */
export interface NextCommand {
  args: string;
  why: string;
  /** The same step in the web app, e.g. "/drill?new=5". */
  page: string;
}

/** Answers after which a timed mock interview is worth more than another batch of new cards. */
export const ANSWERS_BEFORE_MOCK = 20;

/**
 * Reads the home screen's facts from the workspace folder `home` without writing to it
 * (a workspace without a database yet has answered nothing).
 */
export function readHomeStatus(home: string, now: Date, contentDir: string = CONTENT_DIR): HomeStatus {
  const { cards, problems } = loadBank(contentDir);
  const dbPath = join(home, "dojo.db");
  const facts = { cards, bankProblems: problems.length, home, now };
  if (!existsSync(dbPath)) return homeStatusOf({ ...facts, states: new Map(), answered: 0 });
  const db = openStore(dbPath);
  try {
    const answered = (statement(db, "SELECT count(*) AS n FROM attempts").get() as { n: number }).n;
    return homeStatusOf({ ...facts, states: loadReviewStates(db), answered });
  } finally {
    db.close();
  }
}

/** The home screen's facts from the cards' FSRS states and the number of answers so far, already read. */
export function homeStatusOf(input: {
  cards: readonly Card[];
  bankProblems: number;
  states: ReadonlyMap<string, ReviewState>;
  answered: number;
  home: string;
  now: Date;
}): HomeStatus {
  const { cards, states, now } = input;
  return {
    cards: cards.length,
    areas: new Set(cards.map((c) => c.area)).size,
    bankProblems: input.bankProblems,
    due: countDue(cards, states, now),
    nextDue: nextDue(cards, states, now),
    answered: input.answered,
    unseen: cards.filter((c) => !states.has(c.id)).length,
    katasDue: dueKatas(states, now),
    incidentsDue: dueIncidents(states, now).length,
    lastRun: lastReadableRun(runsFolder(input.home)),
  };
}

/**
 * The single best next command, first rule that applies: review the cards that are due; then
 * the katas that are due (from memory, in interview mode's fresh file); then the incidents due;
 * on a fresh workspace, a first short drill; continue a lab run that stopped, was
 * interrupted or crashed; pretrain a first model; learn more new cards; then a timed mock interview.
 */
export function bestNextCommand(s: HomeStatus): NextCommand {
  if (s.due > 0) return { args: "drill", why: `${plural(s.due, "card")} due for review`, page: "/drill" };
  if (s.katasDue.length > 0) {
    const slug = s.katasDue[0];
    return { args: `kata interview ${slug}`, why: `${plural(s.katasDue.length, "kata")} due: ${slug} first, from memory`, page: `/katas/${slug}` };
  }
  if (s.incidentsDue > 0) return { args: "incident", why: `${plural(s.incidentsDue, "incident")} due: diagnose a training run`, page: "/incidents" };
  if (s.answered === 0) return { args: "drill --new 5", why: "start with five questions", page: "/drill?new=5" };
  if (s.lastRun && (s.lastRun.status === "stopped" || s.lastRun.status === "interrupted" || s.lastRun.status === "crashed")) {
    return { args: `lab pretrain --resume ${s.lastRun.id}`, why: `your last run ${s.lastRun.status} at step ${s.lastRun.stepsDone} of ${s.lastRun.stepsTotal}`, page: `/lab/runs/${s.lastRun.id}` };
  }
  if (s.lastRun === null) return { args: "lab pretrain --preset tiny", why: "pretrain your first tiny GPT, about 10 seconds", page: "/lab?preset=tiny" };
  if (s.answered < ANSWERS_BEFORE_MOCK && s.unseen > 0) return { args: "drill --new 5", why: "nothing is due: learn five new cards", page: "/drill?new=5" };
  return { args: "mock --minutes 20", why: "nothing is due: a timed mock interview", page: "/mock?minutes=20" };
}
