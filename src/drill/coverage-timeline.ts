/**
 * Practice over time, one row per UTC day: how many questions were answered, their mean
 * rubric coverage, and a rolling mean that smooths the days with few answers.
 */
import { utcDay } from "../home/activity.js";
import type { AttemptScore } from "./history.js";
import { rubricCoverage } from "./rubric.js";

const DAY_MS = 86_400_000;

/** The rolling mean covers the answers of this many days, ending on the day it is shown for. */
export const ROLLING_DAYS = 7;
/** The timeline reaches back at most this many days… */
export const TIMELINE_MAX_DAYS = 90;
/** …and shows at least this many, so a first week of practice still has an axis. */
export const TIMELINE_MIN_DAYS = 14;

export interface TimelineDay {
  day: string;
  attempts: number;
  /** Mean rubric coverage of that day's answers (null on a day without any). */
  coverage: number | null;
  /** Mean coverage of every answer in the ROLLING_DAYS days ending that day (null when there is none). */
  rollingCoverage: number | null;
}

/**
 * One row per UTC day from the day of the first attempt to `now`'s day, at least
 * TIMELINE_MIN_DAYS and at most TIMELINE_MAX_DAYS days. The rolling mean weighs every
 * answer equally (a day of ten answers counts ten times a day of one).
 */
export function coverageTimeline(attempts: readonly AttemptScore[], now: Date): TimelineDay[] {
  // Per day, the answers and the sum of their coverage: a mean over any run of days is Σsum / Σcount.
  const byDay = new Map<string, { count: number; sum: number }>();
  let first: string | null = null;
  for (const a of attempts) {
    const day = a.startedAt.slice(0, 10);
    const entry = byDay.get(day);
    if (entry) {
      entry.count++;
      entry.sum += rubricCoverage(a.rubricTicks);
    } else byDay.set(day, { count: 1, sum: rubricCoverage(a.rubricTicks) });
    if (first === null || day < first) first = day;
  }
  const today = Date.parse(utcDay(now));
  const span = first === null ? 0 : Math.round((today - Date.parse(first)) / DAY_MS) + 1;
  const length = Math.min(TIMELINE_MAX_DAYS, Math.max(TIMELINE_MIN_DAYS, span));
  return Array.from({ length }, (_, i) => {
    const start = today - (length - 1 - i) * DAY_MS;
    const own = byDay.get(utcDay(new Date(start)));
    let count = 0;
    let sum = 0;
    for (let k = 0; k < ROLLING_DAYS; k++) {
      const entry = byDay.get(utcDay(new Date(start - k * DAY_MS)));
      if (entry) {
        count += entry.count;
        sum += entry.sum;
      }
    }
    return { day: utcDay(new Date(start)), attempts: own?.count ?? 0, coverage: own ? own.sum / own.count : null, rollingCoverage: count ? sum / count : null };
  });
}
