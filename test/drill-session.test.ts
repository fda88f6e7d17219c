import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { loadBank } from "../src/drill/bank.js";
import { listAttempts, loadReviewStates } from "../src/drill/history.js";
import { cardStrength, mockSegments, planMock, runMock } from "../src/drill/mock.js";
import { retrievability } from "../src/drill/scheduler.js";
import { practiseCard, type PracticeContext } from "../src/drill/practice.js";
import { areaProgress } from "../src/drill/progress.js";
import type { Prompter } from "../src/drill/prompter.js";
import { openStore } from "../src/store/open.js";

const { cards } = loadBank();
const dir = mkdtempSync(join(tmpdir(), "lmdojo-session-"));
let counter = 0;

/**
 * A person at the keyboard, scripted: answers with `answerText`, ticks the first
 * `ticked` rubric points, accepts the suggested rating, and spends `minutesPerStep`
 * minutes on every step (the clock is simulated).
 */
function scriptedSession(options: { ticked: (cardQuestion: string) => number; minutesPerStep: number; quitAfter?: number }) {
  let time = new Date("2026-11-21T09:00:00Z").getTime();
  const shown: Array<[string, string]> = [];
  let lastQuestion = "";
  let answers = 0;
  const prompter: Prompter = {
    show(title, body) {
      shown.push([title, body]);
      if (/ · difficulty \d$/.test(title)) lastQuestion = body; // a question's header: "area · kind · difficulty n"
    },
    async answer() {
      answers++;
      if (options.quitAfter !== undefined && answers > options.quitAfter) return null;
      time += options.minutesPerStep * 60_000;
      return "my spoken answer";
    },
    async checklist(_message, items) {
      const n = options.ticked(lastQuestion);
      return items.map((_, i) => i < n);
    },
    async choose(_message, _options, initial) {
      return initial;
    },
  };
  const db = openStore(join(dir, `s-${counter++}.db`));
  const ctx: PracticeContext = { db, prompter, now: () => new Date(time), states: loadReviewStates(db) };
  return { ctx, shown, db };
}

describe("one practice attempt", () => {
  it("shows question, model answer and a follow-up; stores the attempt with the suggested rating", async () => {
    const card = cards.find((c) => c.id === "objectives/perplexity-what-it-measures")!;
    const { ctx, shown, db } = scriptedSession({ ticked: () => 2, minutesPerStep: 2 });
    const outcome = await practiseCard(ctx, card);
    expect(shown.map(([title]) => title)).toEqual([
      "objectives · concept · difficulty 1",
      "Model answer (you took 2 min 0 s)",
      "Follow-up",
      "A short answer",
    ]);
    expect(shown[0][1]).toBe(card.question);
    expect(outcome?.coverage).toBeCloseTo(2 / card.rubric.length, 12);
    const [stored] = listAttempts(db);
    expect(stored).toMatchObject({ cardId: card.id, durationMs: 120_000, answer: "my spoken answer", rating: Rating.Hard, suggestedRating: Rating.Hard });
    expect(stored.followup).toBe(card.followups[0].question);
    expect(loadReviewStates(db).get(card.id)?.reps).toBe(1);

    // A second attempt shows the first one beside the model answer.
    shown.length = 0;
    await practiseCard(ctx, card);
    const earlier = shown.find(([title]) => title === "Your earlier attempts");
    expect(earlier?.[1]).toMatch(/^2026-11-21 · 2 min 0 s · rubric \d+% · hard\n {2}"my spoken answer"$/);
  });

  it("stores nothing when the user quits before rating", async () => {
    const { ctx, db } = scriptedSession({ ticked: () => 1, minutesPerStep: 1, quitAfter: 0 });
    expect(await practiseCard(ctx, cards[0])).toBeNull();
    expect(listAttempts(db)).toEqual([]);
  });
});

describe("mock interview", () => {
  it("plans four segments from the right areas without repeating a card", () => {
    const plan = planMock(cards, () => 0.5, { role: "engineer", minutes: 40, seed: 3 });
    expect(plan.map((p) => p.segment.name)).toEqual(["foundations", "experiment judgment", "coding talk-through", "research taste"]);
    for (const { segment, cards: picked } of plan) {
      expect(picked).toHaveLength(2); // 40 min / 4 segments / 5 min per question
      for (const c of picked) {
        expect(segment.areas).toContain(c.area);
        if (segment.kinds) expect(segment.kinds).toContain(c.kind);
      }
    }
    const ids = plan.flatMap((p) => p.cards.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(planMock(cards, () => 0.5, { role: "engineer", minutes: 40, seed: 3 }).map((p) => p.cards.map((c) => c.id))).toEqual(
      plan.map((p) => p.cards.map((c) => c.id)),
    );
    expect(mockSegments("engineer")[2].areas).toContain("systems");
  });

  it("asks first about a card the user just failed, before unseen ones", async () => {
    const { ctx, db } = scriptedSession({ ticked: () => 0, minutesPerStep: 1 });
    const failed = cards.find((c) => c.id === "tokenization/bpe-vs-unigram")!;
    await practiseCard(ctx, failed); // no rubric point covered: rated Again
    const now = new Date(ctx.now().getTime() + 3600_000);
    expect(retrievability(loadReviewStates(db).get(failed.id)!, now)).toBeLessThan(1);
    const strength = cardStrength(loadReviewStates(db), listAttempts(db), now);
    expect(strength(failed)).toBe(0);
    const plan = planMock(cards, strength, { role: "scientist", minutes: 40, seed: 9 });
    expect(plan[0].cards[0].id).toBe(failed.id);
  });

  it("runs segment by segment, follows up every question, and summarizes coverage and the weakest areas", async () => {
    // The user covers everything on tokenization and scaling (asked only in the foundations
    // segment of a scientist's loop) and little elsewhere.
    const strongAreas = new Set(["tokenization", "scaling"]);
    const byQuestion = new Map(cards.map((c) => [c.question, c]));
    const { ctx, shown, db } = scriptedSession({
      // A quantitative card with a generator shows its question followed by the drawn problem.
      ticked: (q) => (strongAreas.has((byQuestion.get(q) ?? byQuestion.get(q.split("\n\n")[0]))?.area ?? "") ? 6 : 1),
      minutesPerStep: 2,
    });
    const summary = await runMock(ctx, cards, { role: "scientist", minutes: 40, seed: 1, home: dir });
    expect(summary.finished).toBe(true);
    expect(summary.segments.map((s) => s.questions)).toEqual([2, 2, 2, 2]);
    for (const s of summary.segments.slice(1)) expect(s.coverage).toBeLessThan(0.4);
    expect(summary.weakestAreas).toHaveLength(3);
    for (const w of summary.weakestAreas) expect(strongAreas.has(w.area)).toBe(false);
    expect(shown.filter(([title]) => title === "Follow-up")).toHaveLength(8);
    // Fed back into the schedule: every question is an attempt with an FSRS state; weak ones are due soon.
    const attempts = listAttempts(db);
    expect(attempts).toHaveLength(8);
    expect(new Set(attempts.map((a) => a.mockId))).toEqual(new Set([summary.id]));
    const states = loadReviewStates(db);
    const weak = attempts.find((a) => a.rating === Rating.Again)!;
    const strong = attempts.find((a) => a.rating === Rating.Easy)!;
    expect(states.get(weak.cardId)!.due.getTime()).toBeLessThan(states.get(strong.cardId)!.due.getTime());
    const saved = db.prepare("SELECT summary FROM mock_sessions WHERE id = ?").get(summary.id) as { summary: string };
    expect(JSON.parse(saved.summary)).toEqual(summary);
    expect(readFileSync(join(dir, "mocks", `${summary.id}.md`), "utf8")).toContain("Research scientist loop, 40 minutes, seed 1; finished.");
  });

  it("ends the session when the user quits at a follow-up, keeping the answered question", async () => {
    const { ctx, db } = scriptedSession({ ticked: () => 3, minutesPerStep: 1, quitAfter: 1 });
    const summary = await runMock(ctx, cards, { role: "engineer", minutes: 40, seed: 4, home: dir });
    expect(summary.finished).toBe(false);
    expect(summary.segments.map((s) => s.questions)).toEqual([1]);
    expect(listAttempts(db)).toHaveLength(1);
    const saved = db.prepare("SELECT summary FROM mock_sessions").all() as Array<{ summary: string }>;
    expect(saved.map((r) => JSON.parse(r.summary).finished)).toEqual([false]);
    expect(readFileSync(join(dir, "mocks", `${summary.id}.md`), "utf8")).toContain("seed 4; stopped early.");
  });

  it("stores nothing when the user quits at the checklist after answering", async () => {
    const { ctx, db } = scriptedSession({ ticked: () => 1, minutesPerStep: 1 });
    ctx.prompter.checklist = async () => null;
    expect(await practiseCard(ctx, cards[0])).toBeNull();
    expect(listAttempts(db)).toEqual([]);
    expect(loadReviewStates(db).size).toBe(0);
  });

  it("moves on when a segment's time is up", async () => {
    const { ctx } = scriptedSession({ ticked: () => 3, minutesPerStep: 6 }); // 12 min per question, 10 min per segment
    const summary = await runMock(ctx, cards, { role: "scientist", minutes: 40, seed: 2, home: dir });
    expect(summary.segments.map((s) => s.questions)).toEqual([1, 1, 1, 1]);
  });

  it("feeds progress: weakest areas first", async () => {
    const { ctx, db } = scriptedSession({ ticked: (q) => (q.includes("perplexity") ? 6 : 0), minutesPerStep: 1 });
    for (const card of cards.filter((c) => c.area === "objectives" || c.area === "systems").slice(0, 20)) await practiseCard(ctx, card);
    const rows = areaProgress(cards, loadReviewStates(db), listAttempts(db), new Date("2026-11-21T12:00:00Z"));
    const practised = rows.filter((r) => r.coverage !== null);
    expect(practised.map((r) => r.area)).toEqual(["systems", "objectives"]);
    expect(rows[rows.length - 1].coverage).toBeNull();
  });
});
