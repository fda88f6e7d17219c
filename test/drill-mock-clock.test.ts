import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBank } from "../src/drill/bank.js";
import { loadReviewStates } from "../src/drill/history.js";
import { runMock, segmentClock } from "../src/drill/mock.js";
import type { Prompter } from "../src/drill/prompter.js";
import { openStore } from "../src/store/open.js";

const { cards } = loadBank();
const dir = mkdtempSync(join(tmpdir(), "lmdojo-mock-"));
let counter = 0;

/** A mock interview where every answer takes `minutesPerAnswer` simulated minutes; returns what happened, in order. */
async function interview(minutesPerAnswer: number, minutes = 40) {
  let time = new Date("2026-11-21T09:00:00Z").getTime();
  const events: string[] = [];
  const prompter: Prompter = {
    show: (title) => events.push(`show ${title}`),
    async answer(message) {
      time += minutesPerAnswer * 60_000;
      events.push(`answer ${message}`);
      return "an answer";
    },
    checklist: async (_m, items) => items.map(() => true),
    choose: async (_m, _o, initial) => initial,
  };
  const db = openStore(join(dir, `m-${counter++}.db`));
  const summary = await runMock({ db, prompter, now: () => new Date(time), states: loadReviewStates(db) }, cards, { role: "scientist", minutes, seed: 5, home: dir });
  db.close();
  return { events, summary };
}

describe("the mock interview's clock", () => {
  it("says the time left in the segment, or how far past its end", () => {
    expect(segmentClock(0, 150_000)).toBe("2 min 30 s left in this segment");
    expect(segmentClock(150_000, 150_000)).toBe("0 s left in this segment");
    expect(segmentClock(90_000, 30_000)).toBe("overtime: 1 min 0 s past this segment's end");
  });

  it("shows each model answer only after the answer to its question", async () => {
    const { events } = await interview(3);
    const questions = events.flatMap((e, i) => (/^show mock \d\/4 /.test(e) ? [i] : []));
    // Each question takes 6 min: segments 1-3 fit two each (12 min each), the last has 40 - 36 = 4 min, one question.
    expect(questions).toHaveLength(7);
    for (const q of questions) {
      const model = events.findIndex((e, i) => i > q && e.startsWith("show Model answer"));
      const answer = events.findIndex((e, i) => i > q && e.startsWith("answer Your answer"));
      expect(answer).toBeGreaterThan(q);
      expect(model).toBeGreaterThan(answer);
    }
  });

  it("titles each model answer with the time left, and records the overtime per segment", async () => {
    // 40 min over 4 segments: 10 min for the first. 3 min per answer, two answers (question,
    // follow-up) per question: the first model answer comes at 3 min (7 left), the second at
    // 9 min (1 left); the segment ends at 12 min, 2 min over. The second segment gets a third
    // of the 28 min left, 9 min 20 s, and its first model answer comes 3 min in (6 min 20 s left).
    const { events, summary } = await interview(3);
    const notes = events.filter((e) => e.startsWith("show Model answer")).map((e) => /· (.*)\)$/.exec(e)?.[1]);
    expect(notes.slice(0, 3)).toEqual(["7 min 0 s left in this segment", "1 min 0 s left in this segment", "6 min 20 s left in this segment"]);
    expect(summary.segments[0]).toMatchObject({ questions: 2, minutes: 12, allottedMinutes: 10, overtimeMinutes: 2 });
    expect(summary.segments[1].allottedMinutes).toBeCloseTo(28 / 3, 12);

    // 12 min per answer: the first answer already ends 2 min past the segment's 10.
    const late = await interview(12);
    expect(late.events.find((e) => e.startsWith("show Model answer"))).toMatch(/· overtime: 2 min 0 s past this segment's end\)$/);
    expect(late.summary.segments[0]).toMatchObject({ questions: 1, minutes: 24, overtimeMinutes: 14 });
    // The follow-up is answered at the same 12 min: its prompt says the same overtime.
    expect(late.events.find((e) => e.startsWith("answer Your answer to the follow-up"))).toBe("answer Your answer to the follow-up · overtime: 2 min 0 s past this segment's end");
  });

  it("heads each question with the time left to the second, and says it again above the follow-up's answer", async () => {
    // 41 min over 4 segments: the first has 10 min 15 s. 3 min per answer, two per question:
    // question 1 at 0 (10:15 left), its follow-up answered from 3 min (7:15 left); question 2 at
    // 6 min (4:15 left), its follow-up from 9 min (1:15 left). The segment ends at 12 min; the
    // second gets a third of the 29 min left, 9 min 40 s: its question 1 at once (9:40 left),
    // its follow-up from 3 min in (6:40 left). Rounded up to whole minutes these would read 11, 5, 10.
    const { events } = await interview(3, 41);
    const headings = events.flatMap((e) => /^show mock \d\/4 [^·]+· question \d+\/\d+ · ([^·]+?) ·/.exec(e)?.[1] ?? []);
    expect(headings.slice(0, 3)).toEqual(["10 min 15 s left", "4 min 15 s left", "9 min 40 s left"]);
    const followups = events.filter((e) => e.startsWith("answer Your answer to the follow-up"));
    expect(followups.slice(0, 3)).toEqual([
      "answer Your answer to the follow-up · 7 min 15 s left in this segment",
      "answer Your answer to the follow-up · 1 min 15 s left in this segment",
      "answer Your answer to the follow-up · 6 min 40 s left in this segment",
    ]);
  });
});
