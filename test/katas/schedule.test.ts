// Katas in the FSRS queue: a round's outcome decides the rating (first-try pass Good,
// pass after failures Hard, giving up Again), only a new or due kata is rated, and the
// solution opens after a first check or by giving up.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rating, State } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { findKata, loadKatas } from "../../src/katas/catalogue.js";
import { insertCheck, listOutcomes, type KataCheck } from "../../src/katas/history.js";
import type { Verdict } from "../../src/katas/judge.js";
import { revealSolution } from "../../src/katas/practice.js";
import { closeRound, currentRound, kataStates, roundOutcome } from "../../src/katas/schedule.js";
import { openStore } from "../../src/store/open.js";
import { loadReviewStates } from "../../src/drill/history.js";
import { bestNextCommand, homeStatusOf } from "../../src/home/status.js";

const kata = findKata(loadKatas().katas, "pass-at-k");
const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 9, minute));
let n = 0;
const check = (verdict: Verdict, minute: number): KataCheck => ({
  uid: `check-${n++}`,
  slug: "pass-at-k",
  lang: "py",
  checkedAt: at(minute),
  durationMs: 200,
  code: "def pass_at_k(n, c, k): ...",
  seed: 1,
  verdict,
  passed: verdict === "passed" ? 35 : 10,
  total: 35,
  result: {} as KataCheck["result"],
  mode: "practice",
  sessionId: null,
});
const freshDb = () => openStore(join(mkdtempSync(join(tmpdir(), "lmdojo-kata-schedule-")), "dojo.db"));

describe("the round on a kata", () => {
  it("passes on the first try, after failures, or not yet", () => {
    expect(roundOutcome([check("passed", 1)], false)).toBe("passed-first-try");
    expect(roundOutcome([check("failed", 1), check("timeout", 2), check("passed", 3)], false)).toBe("passed-after-failures");
    expect(roundOutcome([check("failed", 1)], false)).toBeNull();
    expect(roundOutcome([], false)).toBeNull();
    expect(roundOutcome([check("failed", 1)], true)).toBe("gave-up");
  });

  it("starts after the last rating and after an earlier pass", () => {
    const checks = [check("failed", 1), check("passed", 2), check("failed", 3), check("passed", 4)];
    expect(currentRound(checks, undefined).map((c) => c.checkedAt.getUTCMinutes())).toEqual([3, 4]);
    const rated = { last_review: at(2), due: at(2) } as Parameters<typeof currentRound>[1];
    expect(currentRound(checks.slice(0, 3), rated).map((c) => c.checkedAt.getUTCMinutes())).toEqual([3]);
  });
});

describe("what counts in a round", () => {
  it("leaves out practice while the kata was not due, and checks that could not run", () => {
    const db = freshDb();
    insertCheck(db, check("passed", 1));
    const first = closeRound(db, "pass-at-k", at(1))!; // Good: due some minutes later
    const dueMinute = Math.ceil((first.state!.due.getTime() - at(0).getTime()) / 60_000);
    insertCheck(db, check("failed", dueMinute - 1)); // practice before it was due
    insertCheck(db, check("no-runtime", dueMinute + 1)); // no Python: not an attempt
    insertCheck(db, check("passed", dueMinute + 2));
    expect(closeRound(db, "pass-at-k", at(dueMinute + 2))?.outcome).toBe("passed-first-try");
  });

  it("after giving up, opening the solution again once due asks for an attempt or an explicit give-up", () => {
    const db = freshDb();
    const home = mkdtempSync(join(tmpdir(), "lmdojo-kata-home-"));
    insertCheck(db, check("failed", 1));
    const first = revealSolution({ db, home, now: () => at(2) }, kata);
    expect(first.gaveUp?.outcome).toBe("gave-up");
    const later = new Date(first.gaveUp!.state!.due.getTime() + 60_000);
    expect(() => revealSolution({ db, home, now: () => later }, kata)).toThrow(/pass-at-k is due: attempt it before opening the solution/);
    expect(revealSolution({ db, home, now: () => later }, kata, { giveUp: true }).gaveUp?.outcome).toBe("gave-up");
    expect(listOutcomes(db).map((o) => o.outcome)).toEqual(["gave-up", "gave-up"]);
    // Not due: free to read, nothing rated.
    expect(revealSolution({ db, home, now: () => new Date(later.getTime() + 1000) }, kata).gaveUp).toBeNull();
    expect(listOutcomes(db)).toHaveLength(2);
  });
});

describe("rating a kata", () => {
  it("rates a first-try pass Good and a pass after failures Hard, as FSRS reviews", () => {
    const db = freshDb();
    insertCheck(db, check("passed", 1));
    const good = closeRound(db, "pass-at-k", at(1));
    expect(good?.outcome).toBe("passed-first-try");
    expect(good?.state?.state).toBe(State.Learning);
    expect(listOutcomes(db)).toMatchObject([{ slug: "pass-at-k", outcome: "passed-first-try", rating: Rating.Good, checks: 1 }]);

    const other = freshDb();
    insertCheck(other, check("failed", 1));
    insertCheck(other, check("passed", 2));
    expect(closeRound(other, "pass-at-k", at(2))?.outcome).toBe("passed-after-failures");
    expect(listOutcomes(other)[0].rating).toBe(Rating.Hard);
    // Hard schedules a new card sooner than Good does.
    expect(kataStates(other).get("pass-at-k")!.due.getTime() - at(2).getTime()).toBeLessThan(good!.state!.due.getTime() - at(1).getTime());
  });

  it("does not rate a kata that is not due: the check is practice", () => {
    const db = freshDb();
    insertCheck(db, check("passed", 1));
    const first = closeRound(db, "pass-at-k", at(1))!;
    insertCheck(db, check("passed", 2));
    const early = closeRound(db, "pass-at-k", at(2));
    expect(early?.state).toBeNull();
    expect(kataStates(db).get("pass-at-k")!.due).toEqual(first.state!.due);
    expect(listOutcomes(db)).toHaveLength(1);
  });

  it("opens the solution only after a check, or by giving up, which rates Again", () => {
    const db = freshDb();
    const ctx = { db, home: mkdtempSync(join(tmpdir(), "lmdojo-kata-home-")), now: () => at(5) };
    expect(() => revealSolution(ctx, kata)).toThrow(/no check of pass-at-k yet/);
    const reveal = revealSolution(ctx, kata, { giveUp: true });
    expect(reveal.solution.py).toContain("def pass_at_k");
    expect(reveal.gaveUp?.outcome).toBe("gave-up");
    expect(listOutcomes(db)).toMatchObject([{ outcome: "gave-up", rating: Rating.Again, checks: 0 }]);
  });

  it("a kata rated comes due like a card, and the home screen sends the user to it", () => {
    const db = freshDb();
    insertCheck(db, check("failed", 1));
    closeRound(db, "pass-at-k", at(1), true);
    const due = kataStates(db).get("pass-at-k")!.due;
    const status = (now: Date) => homeStatusOf({ cards: [], bankProblems: 0, states: loadReviewStates(db), answered: 0, home: "/nonexistent", now });
    expect(status(new Date(due.getTime() - 1000)).katasDue).toEqual([]);
    expect(status(due).katasDue).toEqual(["pass-at-k"]);
    expect(bestNextCommand(status(due))).toMatchObject({ args: "kata interview pass-at-k", page: "/katas/pass-at-k" });
  });

  it("revealing after a passed round costs nothing", () => {
    const db = freshDb();
    insertCheck(db, check("failed", 1));
    insertCheck(db, check("passed", 2));
    closeRound(db, "pass-at-k", at(2));
    const reveal = revealSolution({ db, home: "/nonexistent", now: () => at(3) }, kata);
    expect(reveal.gaveUp).toBeNull();
    expect(listOutcomes(db).map((o) => o.outcome)).toEqual(["passed-after-failures"]);
  });
});
