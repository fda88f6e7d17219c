import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { loadBank } from "../src/drill/bank.js";
import { recordAttempt } from "../src/drill/history.js";
import { bestNextCommand, readHomeStatus, type HomeStatus } from "../src/home/status.js";
import type { RunSummary } from "../src/lab/runs.js";
import { openStore } from "../src/store/open.js";
import { PRESETS } from "../src/train/config.js";
import type { RunEvent } from "../src/train/events.js";

const NOW = new Date("2026-11-21T10:00:00Z");
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const run = (over: Partial<RunSummary>): RunSummary => ({
  id: "20261121-090000-tiny", status: "completed", preset: "tiny", data: "synthetic", stepsDone: 200, stepsTotal: 200,
  bestValLoss: 2.1, elapsedMs: 10_000, startedAt: NOW.getTime() - 3600_000, ...over,
});

/** A workspace where everything is done: nothing due, many answers, a completed run. */
const settled: HomeStatus = { cards: 246, areas: 14, bankProblems: 0, due: 0, nextDue: at(60), answered: 40, unseen: 100, katasDue: [], incidentsDue: 0, lastRun: run({}) };

describe("the best next command", () => {
  it("takes the first rule that applies, in order", () => {
    const cases: Array<[Partial<HomeStatus>, string]> = [
      [{ due: 3, answered: 0, lastRun: null, katasDue: ["rope"] }, "drill"], // due cards come before everything
      [{ katasDue: ["rope", "gelu"], answered: 0, lastRun: null, incidentsDue: 1 }, "kata interview rope"], // then due katas, most overdue first
      [{ incidentsDue: 2, answered: 0, lastRun: null }, "incident"], // then due incidents
      [{ answered: 0, lastRun: null }, "drill --new 5"], // a fresh workspace
      [{ lastRun: run({ status: "stopped", stepsDone: 40 }) }, "lab pretrain --resume 20261121-090000-tiny"],
      [{ lastRun: run({ status: "interrupted" }), answered: 3 }, "lab pretrain --resume 20261121-090000-tiny"],
      [{ lastRun: run({ status: "crashed" }), answered: 3 }, "lab pretrain --resume 20261121-090000-tiny"],
      [{ lastRun: null }, "lab pretrain --preset tiny"],
      [{ lastRun: run({ status: "running" }), answered: 19 }, "drill --new 5"], // fewer than 20 answers, cards left
      [{ answered: 19, unseen: 0 }, "mock --minutes 20"], // no new cards left
      [{ answered: 20, unseen: 5 }, "mock --minutes 20"], // 20 answers: time for a mock
      [{}, "mock --minutes 20"],
    ];
    for (const [over, args] of cases) expect([over, bestNextCommand({ ...settled, ...over }).args]).toEqual([over, args]);
    expect(bestNextCommand({ ...settled, due: 1 }).why).toBe("1 card due for review");
    expect(bestNextCommand({ ...settled, due: 2 }).why).toBe("2 cards due for review");
    expect(bestNextCommand({ ...settled, katasDue: ["rope", "gelu"] })).toEqual({ args: "kata interview rope", why: "2 katas due: rope first, from memory", page: "/katas/rope" });
    expect(bestNextCommand({ ...settled, lastRun: run({ status: "stopped", stepsDone: 40 }) }).why).toBe("your last run stopped at step 40 of 200");
  });
});

describe("the workspace as the home screen reads it", () => {
  const { cards } = loadBank();

  it("reads a workspace without a database as fresh, and writes nothing to it", () => {
    const home = join(mkdtempSync(join(tmpdir(), "lmdojo-home-")), "ws");
    const status = readHomeStatus(home, NOW);
    expect(status).toEqual({ cards: cards.length, areas: 14, bankProblems: 0, due: 0, nextDue: null, answered: 0, unseen: cards.length, katasDue: [], incidentsDue: 0, lastRun: null });
    expect(existsSync(home)).toBe(false);
  });

  it("counts due cards, finds the next due date, and takes the newest readable run from the runs list", () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-home-"));
    const db = openStore(join(home, "dojo.db"));
    const attempt = (cardId: string, rating: 1 | 2 | 3 | 4, when: Date) =>
      recordAttempt(db, { cardId, startedAt: when.toISOString(), durationMs: 60_000, answer: "", rubricTicks: [true], suggestedRating: rating, rating, followup: null, mockId: null }, when);
    // Again on a new card: due again 1 minute later (FSRS's first learning step); Easy: days later.
    const again = attempt(cards[0].id, Rating.Again, at(-600));
    const easy = attempt(cards[1].id, Rating.Easy, at(-600));
    const good = attempt(cards[2].id, Rating.Good, at(-5));
    db.close();
    expect(again.due.getTime()).toBeLessThan(NOW.getTime());
    expect(good.due.getTime()).toBeGreaterThan(NOW.getTime());
    expect(easy.due.getTime()).toBeGreaterThan(good.due.getTime());

    const runs = join(home, "runs");
    const writeRun = (id: string, events: RunEvent[]) => {
      mkdirSync(join(runs, id), { recursive: true });
      writeFileSync(join(runs, id, "config.json"), JSON.stringify({ ...PRESETS.tiny, createdAt: 0 }));
      writeFileSync(join(runs, id, "events.jsonl"), events.map((e) => JSON.stringify(e)).join("\n") + "\n");
    };
    const start = (t: number): RunEvent => ({ t, step: 0, kind: "start", steps: 200, parameters: 1000, unigramEntropy: 3, trainTokens: 10_000, validationTokens: 1000 });
    const train = (t: number, step: number): RunEvent => ({ t, step, kind: "train", loss: 2, lr: 1e-3, gradNorm: 1, tokens: step * 256, tokensPerSecond: 2560, elapsedMs: step * 100, rssBytes: 1e8 });
    writeRun("older", [start(at(-300).getTime()), train(at(-299).getTime(), 200), { t: at(-298).getTime(), step: 200, kind: "end", status: "completed", message: "" }]);
    writeRun("newer", [start(at(-60).getTime()), train(at(-59).getTime(), 40), { t: at(-58).getTime(), step: 40, kind: "end", status: "stopped", message: "" }]);
    // The newest folder cannot be read (a broken line before its last): not the last run to show.
    mkdirSync(join(runs, "29991231-235959-tiny"), { recursive: true });
    writeFileSync(join(runs, "29991231-235959-tiny", "config.json"), JSON.stringify({ ...PRESETS.tiny, createdAt: 0 }));
    writeFileSync(join(runs, "29991231-235959-tiny", "events.jsonl"), "{broken\n" + JSON.stringify(start(at(-1).getTime())) + "\n");

    const status = readHomeStatus(home, NOW);
    expect(status).toMatchObject({ due: 1, answered: 3, unseen: cards.length - 3, nextDue: good.due });
    expect(status.lastRun).toMatchObject({ id: "newer", status: "stopped", stepsDone: 40 });
    expect(bestNextCommand(status).args).toBe("drill");
  });
});
