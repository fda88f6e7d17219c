/**
 * The web app's progress page as data: the per-area table of `dojo progress`, the review
 * load of the coming two weeks, and rubric coverage and answers per day.
 */
import type { Db } from "../store/open.js";
import type { Card } from "./card.js";
import { coverageTimeline, ROLLING_DAYS } from "./coverage-timeline.js";
import { dueForecast } from "./due-forecast.js";
import { listAttemptScores, loadReviewStates } from "./history.js";
import { areaProgress } from "./progress.js";

/** The forecast covers today and the 13 days after it. */
export const FORECAST_DAYS = 14;

/** Everything the progress page shows, from the workspace's history as of `now`. */
export function progressPage(input: { cards: readonly Card[]; db: Db; now: Date }) {
  const { cards, db, now } = input;
  const states = loadReviewStates(db);
  const attempts = listAttemptScores(db);
  return {
    answered: attempts.length,
    areas: areaProgress(cards, states, attempts, now),
    forecast: dueForecast(states, now, FORECAST_DAYS),
    rollingDays: ROLLING_DAYS,
    timeline: coverageTimeline(attempts, now),
  };
}
