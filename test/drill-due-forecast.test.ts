import { describe, expect, it } from "vitest";
import { dueForecast } from "../src/drill/due-forecast.js";
import { newReviewState, type ReviewState } from "../src/drill/scheduler.js";

const NOW = new Date("2026-12-06T12:00:00Z");
const dueAt = (iso: string): ReviewState => ({ ...newReviewState(NOW), due: new Date(iso) });

describe("dueForecast", () => {
  it("counts cards by the UTC day they come due, today with the overdue ones, nothing past the last day", () => {
    const states = new Map(
      Object.entries({
        overdue: dueAt("2026-11-01T00:00:00Z"),
        earlierToday: dueAt("2026-12-06T00:00:00Z"),
        laterToday: dueAt("2026-12-06T23:59:59Z"),
        tomorrowMidnight: dueAt("2026-12-07T00:00:00Z"),
        lastDay: dueAt("2026-12-08T23:59:59Z"),
        pastTheEnd: dueAt("2026-12-09T00:00:00Z"),
      }),
    );
    expect(dueForecast(states, NOW, 3)).toEqual([
      { day: "2026-12-06", due: 3 },
      { day: "2026-12-07", due: 1 },
      { day: "2026-12-08", due: 1 },
    ]);
  });
});
