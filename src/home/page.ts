/**
 * The web app's home page as data: the home screen's facts (status.ts) plus the review
 * streak, a 12-week heatmap and the weakest areas.
 */
import type { Card } from "../drill/card.js";
import { listAttemptScores, loadReviewStates } from "../drill/history.js";
import { areaProgress } from "../drill/progress.js";
import type { Db } from "../store/open.js";
import { reviewHeatmap, reviewStreak } from "./activity.js";
import { bestNextCommand, homeStatusOf } from "./status.js";
import { dojoCommand } from "./command.js";

/** Twelve weeks of review activity. */
export const HEATMAP_DAYS = 84;
/** How many weak areas the home page names. */
export const WEAK_AREAS_SHOWN = 3;

export function homePage(input: { cards: readonly Card[]; bankProblems: number; db: Db; home: string; now: Date }) {
  const { cards, db, now } = input;
  // Read once, used by the status, the activity and the weakest areas alike.
  const states = loadReviewStates(db);
  const attempts = listAttemptScores(db);
  const status = homeStatusOf({ ...input, states, answered: attempts.length });
  const startedAt = attempts.map((a) => a.startedAt);
  const next = bestNextCommand(status);
  const weakest = areaProgress(cards, states, attempts, now)
    .filter((row) => row.coverage !== null)
    .slice(0, WEAK_AREAS_SHOWN);
  const lastRun = status.lastRun;
  return {
    cards: status.cards,
    areas: status.areas,
    due: status.due,
    katasDue: status.katasDue,
    incidentsDue: status.incidentsDue,
    nextDue: status.nextDue?.toISOString() ?? null,
    answered: status.answered,
    streakDays: reviewStreak(startedAt, now),
    heatmap: reviewHeatmap(startedAt, now, HEATMAP_DAYS),
    weakestAreas: weakest.map((row) => ({ area: row.area, retention: row.retention, coverage: row.coverage })),
    lastRun: lastRun && {
      id: lastRun.id,
      status: lastRun.status,
      stepsDone: lastRun.stepsDone,
      stepsTotal: lastRun.stepsTotal,
      valLoss: lastRun.bestValLoss,
    },
    next: { label: next.args, why: next.why, href: next.page, command: `${dojoCommand()} ${next.args}` },
  };
}
