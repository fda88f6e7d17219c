import { describe, expect, it } from "vitest";
import { recordAttempt } from "../../src/drill/history.js";
import { RATINGS } from "../../src/drill/scheduler.js";
import type { HomeResponse } from "../../src/api/home.js";
import { testServer } from "./api-client.js";

const NOW = new Date("2026-12-06T15:00:00Z");

describe("GET /api/home", () => {
  it("on a new workspace: nothing due, no streak, 84 empty days, and the first drill as the next step", async () => {
    const home = await testServer({ now: () => NOW }).getJson<HomeResponse>("/api/home");
    expect(home.due).toBe(0);
    expect(home.nextDue).toBeNull();
    expect(home.streakDays).toBe(0);
    expect(home.heatmap).toHaveLength(84);
    expect(home.heatmap.every((d) => d.reviews === 0)).toBe(true);
    expect(home.weakestAreas).toEqual([]);
    expect(home.lastRun).toBeNull();
    expect(home.next).toMatchObject({ label: "drill --new 5", why: "start with five questions", href: "/drill?new=5" });
    expect(home.next.command).toMatch(/dojo drill --new 5$/);
  });

  it("after answers on two days: the streak, the heatmap, the weakest area first and the cards due", async () => {
    const server = testServer({ now: () => NOW });
    const db = server.ctx.db();
    const { cards } = server.ctx.bank();
    const systems = cards.find((c) => c.area === "systems")!;
    const scaling = cards.find((c) => c.area === "scaling")!;
    const answer = (card: typeof systems, at: string, covered: number) =>
      recordAttempt(
        db,
        { cardId: card.id, startedAt: at, durationMs: 60_000, answer: "x", rubricTicks: card.rubric.map((_, i) => i < covered), suggestedRating: RATINGS.again, rating: RATINGS.again, followup: null, mockId: null },
        new Date(at),
      );
    // Again on both: FSRS schedules a failed new card minutes ahead, so both are due by 15:00.
    answer(systems, "2026-12-05T09:00:00Z", 1);
    answer(scaling, "2026-12-06T09:00:00Z", scaling.rubric.length);
    const home = await server.getJson<HomeResponse>("/api/home");
    expect(home.answered).toBe(2);
    expect(home.due).toBe(2);
    expect(home.streakDays).toBe(2);
    expect(home.heatmap.slice(-3).map((d) => d.reviews)).toEqual([0, 1, 1]);
    // systems covered 1 of its rubric points, scaling all of them: systems is the weaker.
    expect(home.weakestAreas.map((a) => a.area)).toEqual(["systems", "scaling"]);
    expect(home.weakestAreas[0].coverage).toBeCloseTo(1 / systems.rubric.length, 12);
    expect(home.weakestAreas[1].coverage).toBe(1);
    expect(home.next).toMatchObject({ label: "drill", why: "2 cards due for review", href: "/drill" });
  });
});
