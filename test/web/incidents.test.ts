// The incident routes: the queue and history, a drill as an opaque session (nothing names the
// incident before the answer), the answer and its reveal, a generation under way, bad input;
// and the mock interview's experiment-judgment segment asking a generated incident.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { IncidentSessionResponse, IncidentsResponse, StartIncidentResponse } from "../../src/api/incidents.js";
import type { AttemptResponse, QuestionResponse } from "../../src/api/drill.js";
import type { MockResponse } from "../../src/api/mock.js";
import { incidentsFolder } from "../../src/lab/incidents/generate.js";
import { acquireLock } from "../../src/workspace/lock.js";
import { withSharedIncident } from "../incidents/fixture.js";
import { testServer, type TestServer } from "./api-client.js";

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.ctx.incidents.generator.stopAll()));
});

async function serverWithIncident(now?: () => Date): Promise<TestServer> {
  const s = testServer({ now });
  servers.push(s);
  await withSharedIncident(s.home);
  return s;
}

const answer = { diagnosis: "eval-tokenizer", check: "eval-path", action: "fix-eval", rationale: "Validation is broken from the first evaluation while training is fine. Fix the evaluation path." };

describe("the incident routes", () => {
  it("lists the queue by counts and the answer lists, before any answer", { timeout: 120_000 }, async () => {
    const s = await serverWithIncident();
    const body = IncidentsResponse.parse(await s.getJson("/api/incidents"));
    expect(body.queue).toEqual({ total: 18, due: 0, fresh: 18, nextDue: null });
    expect(body.attempts).toEqual([]);
    expect(body.choices.diagnoses[0]).toEqual({ value: "healthy", label: "healthy: nothing is wrong, ordinary noise" });
    expect(body.choices.checks.length).toBeGreaterThanOrEqual(8);
  });

  it("drills a chosen incident: the run without its name, the answer, the reveal, the history", { timeout: 120_000 }, async () => {
    const s = await serverWithIncident();
    const started = await s.postJson<unknown>("/api/incidents/sessions", { fault: "eval-tokenizer" });
    expect(started.status).toBe(201);
    const { session } = StartIncidentResponse.parse(started.body);
    const path = `/api/incidents/sessions/${session}`;

    const shown = IncidentSessionResponse.parse(await s.getJson(path));
    expect(shown.state).toBe("ready");
    if (shown.state !== "ready") return;
    expect(shown.view.curves.train).toHaveLength(300);
    expect(shown.view.configDiff).toEqual([]);
    expect(JSON.stringify({ ...shown, choices: null })).not.toMatch(/eval-tokenizer|tokenizer|"fault"/);

    const answered = await s.postJson<unknown>(`${path}/answer`, answer);
    expect(answered.status).toBe(200);
    const done = IncidentSessionResponse.parse(answered.body);
    expect(done.state).toBe("answered");
    if (done.state !== "answered") return;
    expect(done.reveal.truth).toBe("eval-tokenizer");
    expect(done.reveal.score).toMatchObject({ diagnosis: 1, action: 1, checkRight: true, score: 1 });
    expect(done.schedule.rating).toBe("Good");
    expect(done.schedule.due).not.toBeNull();
    // Reading it again gives the reveal; answering again is refused.
    expect(IncidentSessionResponse.parse(await s.getJson(path)).state).toBe("answered");
    const twice = await s.postJson<{ error: string }>(`${path}/answer`, answer);
    expect([twice.status, twice.body.error]).toEqual([400, `incident drill ${session} is already answered`]);

    const list = IncidentsResponse.parse(await s.getJson("/api/incidents"));
    expect(list.attempts.map((a) => [a.incident, a.diagnosis, a.score, a.rated, a.mockId])).toEqual([["eval-tokenizer", "eval-tokenizer", 1, true, null]]);
    expect(list.queue).toMatchObject({ due: 0, fresh: 17 });
  });

  it("reports a generation under way with its progress", async () => {
    const s = testServer();
    servers.push(s);
    // Another process (this one, as far as the lock says) generates the healthy run and has logged step 7.
    mkdirSync(join(incidentsFolder(s.home), "healthy.partial"), { recursive: true });
    writeFileSync(
      join(incidentsFolder(s.home), "healthy.partial", "events.jsonl"),
      JSON.stringify({ t: 0, step: 0, kind: "start", steps: 300, parameters: 1, unigramEntropy: 1, trainTokens: 1, validationTokens: 1 }) +
        "\n" +
        JSON.stringify({ t: 1, step: 7, kind: "train", loss: 3, lr: 1e-3, gradNorm: 1, tokens: 1, tokensPerSecond: 1, elapsedMs: 1, rssBytes: 1 }) +
        "\n",
    );
    const release = acquireLock(join(incidentsFolder(s.home), "healthy.lock"), "incident healthy");
    try {
      const { session } = StartIncidentResponse.parse((await s.postJson("/api/incidents/sessions", { fault: "healthy" })).body);
      const view = IncidentSessionResponse.parse(await s.getJson(`/api/incidents/sessions/${session}`));
      expect(view).toMatchObject({ state: "generating", step: 7, steps: 300 });
      const early = await s.postJson<{ error: string }>(`/api/incidents/sessions/${session}/answer`, { ...answer, diagnosis: "healthy" });
      expect([early.status, early.body.error]).toEqual([400, `incident drill ${session} has not been shown yet`]);
    } finally {
      release();
    }
  });

  it("refuses unknown incidents, answers and drills", async () => {
    const s = testServer();
    servers.push(s);
    const bad = await s.postJson<{ error: string; hint: string }>("/api/incidents/sessions", { fault: "lr-x1000" });
    expect([bad.status, bad.body.error]).toEqual([400, 'fault: no incident "lr-x1000"']);
    expect((await s.request(`/api/incidents/sessions/${randomUUID()}`)).status).toBe(404);
    expect((await s.request("/api/incidents/sessions/..%2Fx")).status).toBe(400);
    const wrong = await s.postJson<{ error: string }>(`/api/incidents/sessions/${randomUUID()}/answer`, { ...answer, action: "panic" });
    expect([wrong.status, wrong.body.error]).toEqual([400, 'action: "panic" is not one of the answers']);
  });
});

describe("the mock interview with a generated incident", () => {
  it("asks the incident in the experiment-judgment segment, by a drill of its own, and counts its score", { timeout: 120_000 }, async () => {
    let t = Date.parse("2026-12-07T10:00:00Z");
    const s = await serverWithIncident(() => new Date(t));
    let mock = (await s.postJson<MockResponse>("/api/mock", { minutes: 8, role: "engineer", seed: 1 })).body;
    expect(mock.segments.map((seg) => seg.name)).toEqual(["foundations", "experiment judgment", "coding talk-through", "research taste"]);

    // The first segment's card, answered through the drill routes.
    const cardId = mock.current!.cardId;
    const question = (await s.postJson<QuestionResponse>("/api/drill/question", { cardId })).body;
    t += 30_000;
    const rubric = (await s.postJson<{ rubric: string[] }>("/api/drill/reveal", { cardId, startedAt: question.startedAt, answer: "my answer" })).body.rubric;
    const uid = randomUUID();
    const stored = await s.postJson<AttemptResponse>("/api/drill/attempts", { uid, cardId, startedAt: question.startedAt, durationMs: 30_000, answer: "my answer", ticks: rubric.map(() => true), rating: "good", mockId: mock.id, followupIndex: 0 });
    expect(stored.status).toBe(201);
    mock = (await s.postJson<MockResponse>(`/api/mock/${mock.id}/answers`, { uid })).body;

    // The experiment-judgment segment: an incident, never named.
    expect(mock.current).toMatchObject({ segment: 1, question: 0, cardId: "incident", kata: null });
    const session = mock.current!.incident!;
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(mock)).not.toContain("eval-tokenizer");
    // The same drill on every view of the question.
    expect((await s.getJson<MockResponse>(`/api/mock/${mock.id}`)).current?.incident).toBe(session);

    const shown = IncidentSessionResponse.parse(await s.getJson(`/api/incidents/sessions/${session}`));
    expect([shown.state, shown.mockId]).toEqual(["ready", mock.id]);
    t += 60_000;
    // A near miss with a right action: (0.5 + 1) / 2.
    await s.postJson(`/api/incidents/sessions/${session}/answer`, { ...answer, diagnosis: "label-leak" });
    mock = (await s.postJson<MockResponse>(`/api/mock/${mock.id}/incident`, {})).body;
    expect(mock.current?.segment).toBe(2);

    const stopped = (await s.postJson<MockResponse>(`/api/mock/${mock.id}/stop`, {})).body;
    expect(stopped.summary?.segments[1]).toMatchObject({ name: "experiment judgment", questions: 1, coverage: 0.75 });
    expect(stopped.summary?.weakestAreas.map((w) => w.area)).toContain("incidents");
    const list = IncidentsResponse.parse(await s.getJson("/api/incidents"));
    expect(list.attempts.map((a) => [a.incident, a.mockId])).toEqual([["eval-tokenizer", mock.id]]);
  });
});
