// The mock interview's coding segment is a kata: the solution is written in a fresh file and
// run without hints, handed in, then the follow-up is talked through; the checks are stored
// with the mock's id and the segment's coverage is the share of cases passed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBank } from "../../src/drill/bank.js";
import { loadReviewStates } from "../../src/drill/history.js";
import { planMock, runMock, type KataChoice } from "../../src/drill/mock.js";
import { kataCardId } from "../../src/katas/schedule.js";
import type { Prompter } from "../../src/drill/prompter.js";
import { findKata, loadKatas } from "../../src/katas/catalogue.js";
import { listChecks } from "../../src/katas/history.js";
import { openStore } from "../../src/store/open.js";

const { cards } = loadBank();
const { katas } = loadKatas();
const softmax = findKata(katas, "stable-softmax");

describe("the coding segment of a mock interview", () => {
  it("picks the weakest kata whose budget fits the segment, the shortest when none fits", () => {
    const choices: KataChoice[] = [
      { slug: "long-weak", minutes: 40, strength: 0.1 },
      { slug: "short-strong", minutes: 10, strength: 0.9 },
      { slug: "short-weak", minutes: 10, strength: 0.3 },
    ];
    const plan = planMock(cards, () => 0.5, { role: "engineer", minutes: 60, seed: 1, katas: choices });
    expect(plan.map((p) => p.kata)).toEqual([null, null, "short-weak", null]);
    expect(plan[2].cards).toEqual([]);
    const tight = planMock(cards, () => 0.5, { role: "engineer", minutes: 8, seed: 1, katas: [choices[0], { slug: "medium", minutes: 30, strength: 0.9 }] });
    expect(tight[2].kata).toBe("medium");
  });

  it("runs a kata: tests without hints, hand-in, the follow-up, checks stored with the mock", async () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-mock-kata-"));
    const db = openStore(join(home, "dojo.db"));
    let time = new Date("2026-12-07T09:00:00Z").getTime();
    const shown: Array<[string, string]> = [];
    const file = join(home, "katas", "interview", "stable-softmax.py");
    let tests = 0;
    const prompter: Prompter = {
      show: (title, body) => void shown.push([title, body]),
      async answer() {
        time += 60_000;
        return "spoken answer";
      },
      checklist: async (_m, items) => items.map(() => true),
      async choose<T extends string>(message: string, _options: unknown, initial: T): Promise<T | null> {
        if (!message.startsWith(softmax.title)) return initial;
        // First a wrong solution, tested; then the right one, handed in.
        tests++;
        const source = tests === 1 ? "wrong/log-of-softmax.py" : "solution.py";
        writeFileSync(file, readFileSync(join("content", "katas", "stable-softmax", source), "utf8"));
        return (tests === 1 ? "check" : "done") as T;
      },
    };
    const ctx = { db, prompter, now: () => new Date(time), states: loadReviewStates(db) };
    const summary = await runMock(ctx, cards, { role: "scientist", minutes: 40, seed: 3, home, katas: [softmax], lang: "py" });
    expect(summary.finished).toBe(true);
    expect(summary.segments[2]).toMatchObject({ name: "coding talk-through", questions: 1, coverage: 1 });
    const testsShown = shown.find(([title]) => title === "Tests")![1];
    expect(testsShown).toContain("FAILED: 24/25 cases passed");
    expect(testsShown).not.toContain("hint:");
    const handedIn = shown.find(([title]) => title === "Handed in")![1];
    expect(handedIn).toContain("PASSED: all 25 cases passed");
    expect(handedIn).toContain("Common bugs:");
    expect(shown.find(([title]) => title === "A strong answer")![1]).toBe(softmax.followups[0].answer);
    const checks = listChecks(db, "stable-softmax");
    expect(checks.map((c) => [c.mode, c.sessionId, c.verdict])).toEqual([
      ["mock", summary.id, "failed"],
      ["mock", summary.id, "passed"],
    ]);
    expect(kataCardId("stable-softmax")).toBe("kata/stable-softmax");
  });
});
