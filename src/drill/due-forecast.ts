/**
 * How many cards come due on each of the coming days, from their FSRS states: the review
 * load ahead, by UTC calendar day (as the home page's heatmap counts days).
 */
import { utcDay } from "../home/activity.js";
import type { ReviewState } from "./scheduler.js";

const DAY_MS = 86_400_000;

/**
 * Cards coming due per UTC day over the `days` days starting with `now`'s day. Today counts
 * every card due by the end of the day, overdue ones included; cards due after the last day
 * are not counted.
 *
 * @example dueForecast(states, new Date("2026-12-06T12:00:00Z"), 2)
 * // [{ day: "2026-12-06", due: 3 }, { day: "2026-12-07", due: 1 }]
 */
export function dueForecast(states: ReadonlyMap<string, ReviewState>, now: Date, days: number): Array<{ day: string; due: number }> {
  const today = Date.parse(utcDay(now));
  const counts = new Array<number>(days).fill(0);
  for (const state of states.values()) {
    const index = Math.max(0, Math.floor((state.due.getTime() - today) / DAY_MS));
    if (index < days) counts[index]++;
  }
  return counts.map((due, i) => ({ day: utcDay(new Date(today + i * DAY_MS)), due }));
}
