import { describe, expect, it } from "vitest";
import type { Card } from "../src/drill/card.js";
import { countDue, describeDue, filterCards, nextDue } from "../src/drill/queue.js";
import { newReviewState, type ReviewState } from "../src/drill/scheduler.js";

const NOW = new Date("2026-11-21T10:00:00Z");
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function card(id: string, extra: Partial<Card> = {}): Card {
  const [area] = id.split("/");
  return {
    id, area: area as Card["area"], title: id, kind: "concept", difficulty: 1, rubric: ["a", "b", "c"],
    followups: [], pitfalls: ["p"], related: [], references: [], question: "Q?", answer: "A.", file: `${id}.md`, ...extra,
  };
}

/** A reviewed card's state due at `due`. */
const dueAt = (due: Date): ReviewState => ({ ...newReviewState(NOW), due, reps: 1 });

describe("when cards come due", () => {
  const cards = [card("objectives/a"), card("objectives/b"), card("systems/c", { kind: "design" }), card("systems/d"), card("systems/new")];
  const states = new Map([
    ["objectives/a", dueAt(at(-30))], // overdue
    ["objectives/b", dueAt(at(90))],
    ["systems/c", dueAt(at(45))],
    ["systems/d", dueAt(at(60 * 24 * 3))],
  ]);

  it("counts the reviewed cards whose due date has come, never the new ones", () => {
    expect(countDue(cards, states, NOW)).toBe(1);
    expect(countDue(cards, states, at(90))).toBe(3); // a, c (45 min), b exactly at 90 min
  });

  it("gives the earliest due date still ahead, within the cards asked about", () => {
    expect(nextDue(cards, states, NOW)).toEqual(at(45)); // not a (past), not d (latest)
    expect(nextDue(filterCards(cards, { area: "objectives" }), states, NOW)).toEqual(at(90));
    expect(nextDue(filterCards(cards, { kind: "concept", area: "systems" }), states, NOW)).toEqual(at(60 * 24 * 3));
    expect(nextDue([card("systems/new")], states, NOW)).toBeNull();
  });

  it("says how long until then in minutes, hours or days, with the UTC time", () => {
    expect(describeDue(at(44.2), NOW)).toBe("in 45 min (2026-11-21 10:44 UTC)"); // minutes rounded up
    expect(describeDue(at(150), NOW)).toBe("in 3 h (2026-11-21 12:30 UTC)"); // 2.5 h rounds to 3
    expect(describeDue(at(60 * 24 * 3), NOW)).toBe("in 3 days (2026-11-24 10:00 UTC)"); // 72 h
    expect(describeDue(at(-5), NOW)).toBe("now");
  });
});
