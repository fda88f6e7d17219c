import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AttemptResponse, QuestionResponse } from "../../src/api/drill.js";
import type { CheckResponse } from "../../src/api/katas.js";
import type { MockResponse } from "../../src/api/mock.js";
import { loadBank } from "../../src/drill/bank.js";
import { mockSegments } from "../../src/drill/mock.js";
import { testServer } from "./api-client.js";

const START = Date.parse("2026-12-06T10:00:00Z");

/** A server whose clock the test moves. */
function clockedServer() {
  let t = START;
  const server = testServer({ now: () => new Date(t) });
  return { ...server, advance: (ms: number) => (t += ms), at: () => t };
}

type Server = ReturnType<typeof clockedServer>;

/** Answers the mock's current question through the drill routes: shown, answered after `answerMs`, stored with `covered` rubric points ticked. */
async function answerCurrent(server: Server, mock: MockResponse, options: { answerMs: number; covered: number }) {
  const cardId = mock.current!.cardId;
  const question = (await server.postJson<QuestionResponse>("/api/drill/question", { cardId })).body;
  server.advance(options.answerMs);
  const rubric = (await server.postJson<{ rubric: string[] }>("/api/drill/reveal", { cardId, startedAt: question.startedAt, answer: "my answer" })).body.rubric;
  const uid = randomUUID();
  const stored = await server.postJson<AttemptResponse>("/api/drill/attempts", {
    uid,
    cardId,
    startedAt: question.startedAt,
    durationMs: options.answerMs,
    answer: "my answer",
    ticks: rubric.map((_, i) => i < options.covered),
    rating: "good",
    mockId: mock.id,
    followupIndex: 0,
  });
  expect(stored.status).toBe(201);
  return { uid, rubric, followup: stored.body.followup };
}

describe("the mock interview routes", () => {
  it("start a mock, show the segment's clock and its overtime, count an answer with its follow-up, then stop with a stored summary and a Markdown file", async () => {
    const server = clockedServer();
    // 8 minutes over four segments: one question each (8 / 4 / 5 rounds to 0, at least 1), the first segment 2 minutes.
    const started = await server.postJson<MockResponse>("/api/mock", { minutes: 8, role: "scientist", seed: 5 });
    expect(started.status).toBe(201);
    const mock = started.body;
    expect(mock.segments).toEqual(["foundations", "experiment judgment", "coding talk-through", "research taste"].map((name) => ({ name, questions: 1 })));
    expect(mock.current).toMatchObject({ segment: 0, question: 0, leftMs: 120_000, overtimeMs: 0, clock: "2 min 0 s left in this segment", segmentEndsAt: "2026-12-06T10:02:00.000Z" });
    expect(mockSegments("scientist")[0].areas).toContain(mock.current!.cardId.split("/")[0]);

    // The answer takes 90 s, the follow-up 60 s more: 30 s past the segment's end.
    const { uid, rubric, followup } = await answerCurrent(server, mock, { answerMs: 90_000, covered: 2 });
    expect(followup).not.toBeNull();
    server.advance(60_000);
    const late = await server.getJson<MockResponse>(`/api/mock/${mock.id}`);
    expect(late.current).toMatchObject({ segment: 0, question: 0, leftMs: 0, overtimeMs: 30_000, clock: "overtime: 30 s past this segment's end" });
    expect((await server.postJson(`/api/drill/attempts/${uid}/followup`, { answer: "my follow-up" })).status).toBe(200);

    // Counting the answer ends the first segment at 2.5 min; the second gets a third of the 5.5 min left: 110 s.
    const next = await server.postJson<MockResponse>(`/api/mock/${mock.id}/answers`, { uid });
    expect(next.status).toBe(200);
    expect(next.body.current).toMatchObject({ segment: 1, question: 0, leftMs: 110_000, overtimeMs: 0 });
    expect(mockSegments("scientist")[1].areas).toContain(next.body.current!.cardId.split("/")[0]);

    // Stopped 10 s into the second segment.
    server.advance(10_000);
    const stopped = await server.postJson<MockResponse>(`/api/mock/${mock.id}/stop`, {});
    expect(stopped.status).toBe(200);
    const coverage = 2 / rubric.length;
    const area = mock.current!.cardId.split("/")[0];
    expect(stopped.body.current).toBeNull();
    expect(stopped.body.summary).toEqual({
      id: mock.id,
      role: "scientist",
      minutes: 8,
      seed: 5,
      startedAt: "2026-12-06T10:00:00.000Z",
      segments: [
        { name: "foundations", questions: 1, coverage, minutes: 2.5, allottedMinutes: 2, overtimeMinutes: 0.5 },
        { name: "experiment judgment", questions: 0, coverage: null, minutes: 10 / 60, allottedMinutes: 110 / 60, overtimeMinutes: 0 },
      ],
      weakestAreas: [{ area, coverage, attempts: 1 }],
      finished: false,
    });
    expect(stopped.body.report).toBe(`mocks/${mock.id}.md`);
    const markdown = readFileSync(join(server.home, "mocks", `${mock.id}.md`), "utf8");
    expect(markdown).toContain("Research scientist loop, 8 minutes, seed 5; stopped early.");
    expect(markdown).toContain(`| foundations | 1 | ${Math.round(coverage * 100)}% | 2.5 | 2.0 | 0.5 |`);
    const row = server.ctx.db().prepare("SELECT summary FROM mock_sessions WHERE id = ?").get(mock.id) as { summary: string };
    expect(JSON.parse(row.summary)).toEqual(stopped.body.summary);
    const attempt = server.ctx.db().prepare("SELECT mock_id, followup_answer FROM attempts WHERE uid = ?").get(uid);
    expect(attempt).toEqual({ mock_id: mock.id, followup_answer: "my follow-up" });

    // Over: the stored summary is shown; nothing more can be counted or stopped.
    expect((await server.getJson<MockResponse>(`/api/mock/${mock.id}`)).summary).toEqual(stopped.body.summary);
    expect((await server.postJson(`/api/mock/${mock.id}/answers`, { uid })).status).toBe(400);
    expect((await server.postJson(`/api/mock/${mock.id}/stop`, {})).status).toBe(400);
  });

  it("finishes by itself after the last segment's question, as a finished interview", async () => {
    const server = clockedServer();
    let mock = (await server.postJson<MockResponse>("/api/mock", { minutes: 4, role: "engineer", seed: 1 })).body;
    for (let i = 0; i < 4; i++) {
      expect(mock.current?.segment).toBe(i);
      const kata = mock.current?.kata;
      if (kata) {
        // The coding segment asks a kata: a check of its reference solution in the mock, then the hand-in.
        expect(mock.current?.cardId).toBe(`kata/${kata}`);
        const code = readFileSync(join("content", "katas", kata, "solution.py"), "utf8");
        const checked = await server.postJson<CheckResponse>(`/api/katas/${kata}/check`, { lang: "py", code, mode: "mock", sessionId: mock.id, final: true });
        expect(checked.body.result.verdict).toBe("passed");
        server.advance(30_000);
        mock = (await server.postJson<MockResponse>(`/api/mock/${mock.id}/kata`, {})).body;
        continue;
      }
      const { uid } = await answerCurrent(server, mock, { answerMs: 30_000, covered: 5 });
      mock = (await server.postJson<MockResponse>(`/api/mock/${mock.id}/answers`, { uid })).body;
    }
    expect(mock.current).toBeNull();
    expect(mock.summary?.finished).toBe(true);
    expect(mock.summary?.segments[2]).toMatchObject({ name: "coding talk-through", questions: 1, coverage: 1 });
    // Each answer takes 30 s. The first segment has a quarter of 4 min; each later one a share of what is left
    // when it starts: (4 - 0.5) / 3, (4 - 1) / 2, 4 - 1.5 minutes.
    expect(mock.summary?.segments.map((s) => [s.questions, s.minutes, s.overtimeMinutes])).toEqual([
      [1, 0.5, 0],
      [1, 0.5, 0],
      [1, 0.5, 0],
      [1, 0.5, 0],
    ]);
    expect(mock.summary?.segments.map((s) => s.allottedMinutes)).toEqual([1, 3.5 / 3, 3 / 2, 2.5]);
    expect(existsSync(join(server.home, "mocks", `${mock.id}.md`))).toBe(true);
  });

  it("moves to the next segment when the question is answered after its segment's time is up", async () => {
    const server = clockedServer();
    const mock = (await server.postJson<MockResponse>("/api/mock", { minutes: 40, role: "scientist", seed: 3 })).body;
    // 40 min: two questions per segment (one kata in the coding segment), 10 min each. The first answer ends at 11 min: the second question is skipped.
    expect(mock.segments.map((s) => s.questions)).toEqual([2, 2, 1, 2]);
    const { uid } = await answerCurrent(server, mock, { answerMs: 11 * 60_000, covered: 1 });
    const next = (await server.postJson<MockResponse>(`/api/mock/${mock.id}/answers`, { uid })).body;
    expect(next.current).toMatchObject({ segment: 1, question: 0, leftMs: 29 * 20_000 });
  });

  it("refuses bad input: wrong shapes, unknown or malformed ids, attempts of another question, oversized bodies", async () => {
    const server = clockedServer();
    const bad = [{ minutes: 0, role: "scientist" }, { minutes: "ten", role: "scientist" }, { minutes: 20, role: "manager" }, { minutes: 20, role: "scientist", extra: 1 }, { minutes: 20, role: "scientist", seed: -1 }, []];
    for (const body of bad) expect([body, (await server.postJson("/api/mock", body)).status]).toEqual([body, 400]);
    expect((await server.request("/api/mock", { body: "{not json", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await server.request("/api/mock", { json: { minutes: 20, role: "scientist", pad: "x".repeat(2 * 1024 * 1024) } })).status).toBe(413);

    expect((await server.request("/api/mock/not-a-uuid")).status).toBe(400);
    expect((await server.request("/api/mock/..%2F..%2Fdojo.db")).status).toBe(400);
    expect((await server.request(`/api/mock/${randomUUID()}`)).status).toBe(404);
    expect((await server.postJson(`/api/mock/${randomUUID()}/stop`, {})).status).toBe(404);

    const mock = (await server.postJson<MockResponse>("/api/mock", { minutes: 20, role: "scientist", seed: 2 })).body;
    expect((await server.postJson(`/api/mock/${mock.id}/answers`, { uid: randomUUID() })).status).toBe(404);
    expect((await server.postJson(`/api/mock/${mock.id}/answers`, { uid: "../x" })).status).toBe(400);
    // An attempt of this interview at another card than the one asked, and one of another interview.
    // (A paper card: never asked in a scientist's foundations segment.)
    const otherCard = loadBank().cards.find((c) => c.area === "papers")!.id;
    const elsewhere = await answerCurrent(server, { ...mock, current: { ...mock.current!, cardId: otherCard } }, { answerMs: 1000, covered: 0 });
    const wrongCard = await server.postJson<{ error: string }>(`/api/mock/${mock.id}/answers`, { uid: elsewhere.uid });
    expect(wrongCard.status).toBe(400);
    expect(wrongCard.body.error).toContain("does not answer the current question");
    const mine = await answerCurrent(server, { ...mock, id: randomUUID() }, { answerMs: 1000, covered: 0 });
    const refused = await server.postJson<{ error: string }>(`/api/mock/${mock.id}/answers`, { uid: mine.uid });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain("is not part of mock interview");
    expect((await server.getJson<MockResponse>(`/api/mock/${mock.id}`)).current?.question).toBe(0);
  });
});
