/**
 * Practice over time, one row per UTC day: how many questions were answered, their mean
 * rubric coverage, and a rolling mean that smooths the days with few answers.
 */
import { reviewHeatmap, utcDay } from "../home/activity.js";
import { mean } from "../stats/describe.js";
import type { Attempt } from "./history.js";
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
export function coverageTimeline(attempts: readonly Attempt[], now: Date): TimelineDay[] {
  const byDay = new Map<string, number[]>();
  for (const a of attempts) {
    const day = a.startedAt.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), rubricCoverage(a.rubricTicks)]);
  }
  const first = attempts.reduce<string | null>((min, a) => (min === null || a.startedAt < min ? a.startedAt : min), null);
  const span = first === null ? 0 : Math.round((Date.parse(utcDay(now)) - Date.parse(first.slice(0, 10))) / DAY_MS) + 1;
  const days = reviewHeatmap(
    attempts.map((a) => a.startedAt),
    now,
    Math.min(TIMELINE_MAX_DAYS, Math.max(TIMELINE_MIN_DAYS, span)),
  );
  const window = (day: string) =>
    Array.from({ length: ROLLING_DAYS }, (_, k) => byDay.get(utcDay(new Date(Date.parse(day) - k * DAY_MS))) ?? []).flat();
  return days.map((d) => {
    const today = byDay.get(d.day) ?? [];
    const rolling = window(d.day);
    return { day: d.day, attempts: d.reviews, coverage: today.length ? mean(today) : null, rollingCoverage: rolling.length ? mean(rolling) : null };
  });
}
