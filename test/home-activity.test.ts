import { describe, expect, it } from "vitest";
import { reviewHeatmap, reviewStreak } from "../src/home/activity.js";

const NOW = new Date("2026-12-06T15:00:00Z");

describe("review activity by UTC day", () => {
  it("counts reviews per day over the days ending today, oldest first, with empty days as 0", () => {
    const at = ["2026-12-04T23:59:59Z", "2026-12-05T00:00:00Z", "2026-12-05T10:00:00Z", "2026-12-06T01:00:00Z", "2026-11-01T10:00:00Z"];
    // Three days ending 6 Dec: 4 Dec has 1, 5 Dec has 2 (midnight belongs to the new day), 6 Dec has 1; 1 Nov is outside.
    expect(reviewHeatmap(at, NOW, 3)).toEqual([
      { day: "2026-12-04", reviews: 1 },
      { day: "2026-12-05", reviews: 2 },
      { day: "2026-12-06", reviews: 1 },
    ]);
    expect(reviewHeatmap([], NOW, 84)).toHaveLength(84);
    expect(reviewHeatmap([], NOW, 84)[0].day).toBe("2026-09-14"); // 6 Dec minus 83 days
  });

  it("counts the streak back from today, or from yesterday while today has no review yet", () => {
    expect(reviewStreak([], NOW)).toBe(0);
    // 4, 5 and 6 Dec: 3 days.
    expect(reviewStreak(["2026-12-04T09:00:00Z", "2026-12-05T09:00:00Z", "2026-12-06T09:00:00Z"], NOW)).toBe(3);
    // Nothing yet today, 4 and 5 Dec reviewed: the streak of 2 still stands.
    expect(reviewStreak(["2026-12-04T09:00:00Z", "2026-12-05T09:00:00Z"], NOW)).toBe(2);
    // A gap on 5 Dec: only today counts.
    expect(reviewStreak(["2026-12-03T09:00:00Z", "2026-12-04T09:00:00Z", "2026-12-06T09:00:00Z"], NOW)).toBe(1);
    // Last review two days ago: the streak is broken.
    expect(reviewStreak(["2026-12-04T09:00:00Z"], NOW)).toBe(0);
  });
});
