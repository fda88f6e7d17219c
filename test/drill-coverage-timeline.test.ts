import { describe, expect, it } from "vitest";
import { coverageTimeline } from "../src/drill/coverage-timeline.js";
import type { Attempt } from "../src/drill/history.js";

const attempt = (startedAt: string, rubricTicks: boolean[]): Attempt => ({
  uid: startedAt,
  cardId: "evaluation/metric-families",
  startedAt,
  durationMs: 1000,
  answer: "",
  rubricTicks,
  suggestedRating: null,
  rating: 3,
  followup: null,
  followupAnswer: null,
  mockId: null,
});

describe("coverageTimeline", () => {
  it("reaches back at most 90 days, and its first rolling mean still counts the answers just before them", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    // 90 days ending 6 Dec start on 8 Sep; 5 Sep is in the 7-day window of 8 Sep, 1 Jun is long before.
    const timeline = coverageTimeline([attempt("2026-06-01T10:00:00Z", [false]), attempt("2026-09-05T10:00:00Z", [true, false]), attempt("2026-09-08T10:00:00Z", [true])], now);
    expect(timeline).toHaveLength(90);
    expect(timeline[0]).toEqual({ day: "2026-09-08", attempts: 1, coverage: 1, rollingCoverage: 0.75 });
    expect(timeline[6].rollingCoverage).toBe(1);
    expect(timeline[7].rollingCoverage).toBeNull();
  });
});
