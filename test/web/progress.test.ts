import { describe, expect, it } from "vitest";
import type { ProgressResponse } from "../../src/api/progress.js";
import { recordAttempt, saveReviewState } from "../../src/drill/history.js";
import { newReviewState, RATINGS } from "../../src/drill/scheduler.js";
import { testServer } from "./api-client.js";

const NOW = new Date("2026-12-06T12:00:00Z");
const ticks = (covered: number, of: number) => Array.from({ length: of }, (_, i) => i < covered);

/**
 * A workspace with a hand-checkable history:
 * - evaluation/llm-judge-biases, rated Again once a day at 09:00 from 27 Nov to 6 Dec, the
 *   first five answers covering nothing, the last five everything (an Again is due a minute later);
 * - ablations/decoding-held-constant, rated Hard on 5 Dec, 3 of 5 rubric points (due minutes later);
 * - taste/kill-criteria, rated Good at NOW, 2 of 5 points (a new card's Good is due 10 minutes later);
 * - architecture/mqa-gqa-mla, never answered, with a stored state reviewed at NOW and due on 9 Dec.
 */
function seeded() {
  const server = testServer({ now: () => NOW });
  const db = server.ctx.db();
  const answer = (cardId: string, at: string, rating: 1 | 2 | 3 | 4, rubricTicks: boolean[]) =>
    recordAttempt(
      db,
      { cardId, startedAt: at, durationMs: 60_000, answer: "", rubricTicks, suggestedRating: null, rating, followup: null, mockId: null },
      new Date(at),
    );
  for (let i = 0; i < 10; i++) {
    const at = new Date(Date.parse("2026-11-27T09:00:00Z") + i * 86_400_000).toISOString();
    answer("evaluation/llm-judge-biases", at, RATINGS.again, ticks(i < 5 ? 0 : 5, 5));
  }
  answer("ablations/decoding-held-constant", "2026-12-05T10:00:00.000Z", RATINGS.hard, ticks(3, 5));
  answer("taste/kill-criteria", NOW.toISOString(), RATINGS.good, ticks(2, 5));
  saveReviewState(db, "architecture/mqa-gqa-mla", { ...newReviewState(NOW), state: 2, stability: 3, reps: 1, last_review: NOW, due: new Date("2026-12-09T08:00:00Z") });
  return server;
}

describe("GET /api/progress", () => {
  it("gives the per-area table of dojo progress, weakest first", async () => {
    const { areas, answered } = await seeded().getJson<ProgressResponse>("/api/progress");
    expect(answered).toBe(12);
    expect(areas.slice(0, 4).map((a) => a.area)).toEqual(["taste", "evaluation", "ablations", "architecture"]);
    const row = (area: string) => areas.find((a) => a.area === area)!;
    // Reviewed at NOW: recall probability exactly 1; due 10 minutes later, so not due now.
    expect(row("taste")).toMatchObject({ seen: 1, retention: 1, dueNow: 0, coverage: 0.4, trend: null });
    // Mean of five 0s and five 1s; the last five minus the five before: +1.
    expect(row("evaluation")).toMatchObject({ seen: 1, dueNow: 1, coverage: 0.5, trend: 1 });
    expect(row("ablations")).toMatchObject({ seen: 1, dueNow: 1, coverage: 0.6, trend: null });
    expect(row("architecture")).toMatchObject({ seen: 1, retention: 1, dueNow: 0, coverage: null, trend: null });
    // Reviewed three hours and a day ago: forgotten a little.
    for (const area of ["evaluation", "ablations"]) {
      expect(row(area).retention).toBeGreaterThan(0.5);
      expect(row(area).retention).toBeLessThan(1);
    }
    expect(row("papers")).toMatchObject({ seen: 0, retention: null, dueNow: 0, coverage: null, trend: null });
    expect(areas.find((a) => a.area === "evaluation")!.cards).toBeGreaterThan(1);
  });

  it("forecasts the cards due on each of the next 14 days, today with the overdue ones", async () => {
    const { forecast } = await seeded().getJson<ProgressResponse>("/api/progress");
    expect(forecast).toHaveLength(14);
    expect(forecast[0]).toEqual({ day: "2026-12-06", due: 3 });
    expect(forecast[13].day).toBe("2026-12-19");
    expect(forecast.filter((d) => d.due > 0)).toEqual([
      { day: "2026-12-06", due: 3 },
      { day: "2026-12-09", due: 1 },
    ]);
  });

  it("gives answers, mean coverage and its 7-day rolling mean per day, over at least 14 days", async () => {
    const { timeline, rollingDays } = await seeded().getJson<ProgressResponse>("/api/progress");
    expect(rollingDays).toBe(7);
    expect(timeline.map((d) => d.day)).toEqual([
      "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29",
      "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06",
    ]);
    expect(timeline.map((d) => d.attempts)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]);
    expect(timeline.map((d) => d.coverage)).toEqual([null, null, null, null, 0, 0, 0, 0, 0, 1, 1, 1, 0.8, 0.7]);
    const rolling = timeline.map((d) => d.rollingCoverage);
    expect(rolling.slice(0, 9)).toEqual([null, null, null, null, 0, 0, 0, 0, 0]);
    // 2 Dec: five 0s and a 1; 3 Dec: five 0s, two 1s; 4 Dec: 28 Nov on, four 0s, three 1s;
    // 5 Dec: three 0s, four 1s and 0.6; 6 Dec: two 0s, five 1s, 0.6 and 0.4.
    const expected = [1 / 6, 2 / 7, 3 / 7, 4.6 / 8, 6 / 9];
    rolling.slice(9).forEach((r, i) => expect(r).toBeCloseTo(expected[i], 12));
  });

  it("shows an empty workspace as zeros and empty days", async () => {
    const body = await testServer({ now: () => NOW }).getJson<ProgressResponse>("/api/progress");
    expect(body.answered).toBe(0);
    expect(body.forecast.every((d) => d.due === 0)).toBe(true);
    expect(body.timeline).toHaveLength(14);
    expect(body.timeline.at(-1)).toEqual({ day: "2026-12-06", attempts: 0, coverage: null, rollingCoverage: null });
    expect(body.areas.every((a) => a.seen === 0 && a.coverage === null)).toBe(true);
  });

  it("answers only GET, and nothing without the token", async () => {
    const { request } = testServer({ now: () => NOW });
    expect((await request("/api/progress", { json: {} })).status).toBe(404);
    expect((await request("/api/progress/..%2F..%2Fetc")).status).toBe(404);
    expect((await request("/api/progress", { headers: { "x-dojo-token": undefined } })).status).toBe(401);
  });
});
