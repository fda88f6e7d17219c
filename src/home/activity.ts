/**
 * Review activity by calendar day (UTC): the home page's heatmap and streak.
 */

const DAY_MS = 86_400_000;

/** "2026-12-06" for a time. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * Reviews per UTC day over the `days` days ending on `now`'s day, oldest first.
 *
 * @example reviewHeatmap(["2026-12-06T08:00:00Z"], new Date("2026-12-06T12:00:00Z"), 2)
 * // [{ day: "2026-12-05", reviews: 0 }, { day: "2026-12-06", reviews: 1 }]
 */
export function reviewHeatmap(startedAt: readonly string[], now: Date, days: number): Array<{ day: string; reviews: number }> {
  const counts = new Map<string, number>();
  for (const at of startedAt) {
    const day = at.slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const today = Date.parse(utcDay(now));
  return Array.from({ length: days }, (_, i) => {
    const day = utcDay(new Date(today - (days - 1 - i) * DAY_MS));
    return { day, reviews: counts.get(day) ?? 0 };
  });
}

/**
 * Consecutive days with at least one review, ending today, or ending yesterday when
 * nothing has been reviewed yet today (the streak is not broken until the day is over).
 */
export function reviewStreak(startedAt: readonly string[], now: Date): number {
  const days = new Set(startedAt.map((at) => at.slice(0, 10)));
  let day = Date.parse(utcDay(now));
  if (!days.has(utcDay(new Date(day)))) day -= DAY_MS;
  let streak = 0;
  while (days.has(utcDay(new Date(day)))) {
    streak++;
    day -= DAY_MS;
  }
  return streak;
}
