import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testServer } from "./api-client.js";

/** A concept card with five rubric points and three follow-ups, the first "Where would you place checkpoints…". */
const CARD = "systems/activation-checkpointing-optimizer-state";
const T0 = new Date("2026-12-01T10:00:00.000Z");
const UID = "3f2a6c1e-8b4d-4e2f-9a7c-0d1e2f3a4b5c";
const OTHER_UID = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/** A server on a clock the test moves. */
function drillServer() {
  let now = T0;
  const server = testServer({ now: () => now });
  return { ...server, setNow: (d: Date) => (now = d) };
}

const answerBody = { cardId: CARD, startedAt: T0.toISOString(), answer: "Optimizer state is per parameter, so checkpointing leaves it alone." };
const attemptBody = { ...answerBody, uid: UID, durationMs: 95_000, ticks: [true, true, false, false, false], rating: "good" };

describe("the drill API", () => {
  it("builds the queue with the filters: new systems cards of difficulty 1 by id, none due", async () => {
    const { getJson } = drillServer();
    const queue = await getJson<{ cards: { id: string; due: boolean }[]; dueNow: number; nextDue: string | null; areas: string[]; kinds: string[] }>(
      "/api/drill/queue?area=systems&difficulty=1&new=3",
    );
    expect(queue.cards.map((c) => c.id)).toEqual(["systems/bf16-fp16-fp8", "systems/calc-adam-fp32-vs-8bit", "systems/calc-kv-cache-size"]);
    expect(queue.cards.every((c) => !c.due)).toBe(true);
    expect([queue.dueNow, queue.nextDue]).toEqual([0, null]);
    expect(queue.areas).toContain("systems");
    expect(queue.kinds).toEqual(["concept", "judgment", "quantitative", "design", "communication"]);
  });

  it("refuses unknown filters and values in the queue's query with 400", async () => {
    const { request } = drillServer();
    for (const qs of ["area=nope", "kind=essay", "difficulty=4", "new=abc", "new=-1", "colour=red"]) {
      expect([qs, (await request(`/api/drill/queue?${qs}`)).status]).toEqual([qs, 400]);
    }
  });

  it("shows a question with its label, start time and a two-minute speaking target for a concept card", async () => {
    const { postJson } = drillServer();
    const { status, body } = await postJson<{ label: string; startedAt: string; speakingTargetSeconds: number; text: string }>("/api/drill/question", { cardId: CARD });
    expect(status).toBe(200);
    expect(body.label).toBe("systems · concept · difficulty 2");
    expect(body.startedAt).toBe(T0.toISOString());
    expect(body.speakingTargetSeconds).toBe(120);
    expect(body.text).toContain("How do activation checkpointing and recomputation affect optimizer state?");
  });

  it("answers 404 for an unknown card and 400 for a malformed id or a wrong shape", async () => {
    const { postJson } = drillServer();
    expect((await postJson("/api/drill/question", { cardId: "systems/no-such-card" })).status).toBe(404);
    expect((await postJson("/api/drill/reveal", { ...answerBody, cardId: "systems/no-such-card" })).status).toBe(404);
    for (const bad of [{ cardId: "../dojo.db" }, { cardId: "systems/../../x" }, {}, { cardId: CARD, extra: 1 }, { cardId: 7 }, []]) {
      expect([bad, (await postJson("/api/drill/question", bad)).status]).toEqual([bad, 400]);
    }
    expect((await postJson("/api/drill/reveal", { ...answerBody, startedAt: "yesterday" })).status).toBe(400);
  });

  it("reveals the model answer and rubric, with no number to judge on a concept card and no earlier attempt yet", async () => {
    const { postJson } = drillServer();
    const { body } = await postJson<{ modelAnswer: string; rubric: string[]; numeric: unknown; solution: unknown; earlier: unknown[] }>("/api/drill/reveal", answerBody);
    expect(body.modelAnswer).toMatch(/^Directly, not at all/);
    expect(body.rubric).toHaveLength(5);
    expect([body.numeric, body.solution, body.earlier]).toEqual([null, null, []]);
  });

  it("judges the typed number of a quantitative card at reveal and shows the worked solution; no number, no verdict", async () => {
    const { postJson } = drillServer();
    const quant = { cardId: "systems/calc-kv-cache-size", startedAt: T0.toISOString() };
    type Reveal = { numeric: { correct: boolean; verdict: string } | null; solution: string | null };
    const wrong = await postJson<Reveal>("/api/drill/reveal", { ...quant, answer: "about = 1e40" });
    expect(wrong.body.numeric).toMatchObject({ correct: false, verdict: "Not within tolerance" });
    expect(wrong.body.solution).toEqual(expect.any(String));
    const silent = await postJson<Reveal>("/api/drill/reveal", { ...quant, answer: "" });
    expect(silent.body.numeric).toBeNull();
    expect(silent.body.solution).toBe(wrong.body.solution);
  });

  it("suggests Hard for 2 of 5 rubric points (40%), Again for 1 (20%), Easy for all, and refuses a wrong tick count", async () => {
    const { postJson } = drillServer();
    const suggest = (ticks: boolean[]) => postJson<{ rating: string; coverage: number; basis: string }>("/api/drill/suggestion", { ...answerBody, ticks });
    expect((await suggest([true, true, false, false, false])).body).toEqual({ rating: "hard", coverage: 0.4, basis: "40% rubric coverage" });
    expect((await suggest([false, false, true, false, false])).body.rating).toBe("again");
    expect((await suggest([true, true, true, true, true])).body.rating).toBe("easy");
    const wrong = await suggest([true, true, false, false]);
    expect(wrong.status).toBe(400);
    expect((wrong.body as unknown as { error: string }).error).toContain("4 given");
  });

  it("stores an attempt and the card's review (Good on a new card: due 10 min later), offers the first follow-up, and refuses the same uid again", async () => {
    const { postJson, getJson, ctx, setNow } = drillServer();
    const now = new Date(T0.getTime() + 95_000);
    setNow(now);
    const { status, body } = await postJson<{ uid: string; due: string; coverage: number; followup: { question: string } | null }>("/api/drill/attempts", attemptBody);
    expect(status).toBe(201);
    expect([body.uid, body.coverage]).toEqual([UID, 0.4]);
    // FSRS's default learning steps are 1 min and 10 min; Good on a new card takes the second.
    expect(body.due).toBe(new Date(now.getTime() + 10 * 60_000).toISOString());
    expect(body.followup?.question).toBe("Where would you place checkpoints in a transformer?");

    const review = ctx.db().prepare("SELECT due, reps FROM reviews WHERE card_id = ?").get(CARD) as { due: string; reps: number };
    expect(new Date(review.due).getTime()).toBeGreaterThan(now.getTime());
    expect(review.reps).toBe(1);
    const row = ctx.db().prepare("SELECT rating, suggested_rating, rubric_ticks, duration_ms FROM attempts WHERE uid = ?").get(UID);
    expect(row).toEqual({ rating: 3, suggested_rating: 2, rubric_ticks: "[true,true,false,false,false]", duration_ms: 95_000 });

    const again = await postJson<{ error: string }>("/api/drill/attempts", attemptBody);
    expect(again.status).toBe(400);
    expect(again.body.error).toContain("already stored");

    // The card now waits for its due date: none due, next due in 10 min; reveal lists the attempt.
    const queue = await getJson<{ dueNow: number; nextDue: string; cards: { id: string }[] }>("/api/drill/queue?area=systems&new=0");
    expect([queue.dueNow, queue.nextDue, queue.cards]).toEqual([0, body.due, []]);
    const reveal = await postJson<{ earlier: { uid: string; coverage: number; rating: string }[] }>("/api/drill/reveal", answerBody);
    expect(reveal.body.earlier).toMatchObject([{ uid: UID, coverage: 0.4, rating: "good" }]);
  });

  it("refuses attempts with a wrong shape: bad uid, unknown rating, wrong tick count, negative duration", async () => {
    const { postJson } = drillServer();
    for (const bad of [
      { ...attemptBody, uid: "not-a-uuid" },
      { ...attemptBody, rating: "great" },
      { ...attemptBody, ticks: [true] },
      { ...attemptBody, durationMs: -1 },
      { ...attemptBody, cardId: undefined },
      // A question cannot have been shown in the future, nor more than a day ago.
      { ...attemptBody, startedAt: "2099-01-01T00:00:00.000Z" },
      { ...attemptBody, startedAt: "1970-01-01T00:00:00.000Z" },
    ]) {
      expect((await postJson("/api/drill/attempts", bad)).status).toBe(400);
    }
    expect((await postJson("/api/drill/attempts", { ...attemptBody, cardId: "systems/no-such-card" })).status).toBe(404);
  });

  it("saves the answer to the follow-up and gives its short answer; 404 before any attempt, 400 for a malformed id", async () => {
    const { postJson, ctx } = drillServer();
    expect((await postJson("/api/drill/attempts/" + UID + "/followup", { answer: "early" })).status).toBe(404);
    await postJson("/api/drill/attempts", attemptBody);
    const { status, body } = await postJson<{ answer: string }>(`/api/drill/attempts/${UID}/followup`, { answer: "At block boundaries." });
    expect(status).toBe(200);
    expect(body.answer).toMatch(/^At block boundaries, storing the residual-stream input/);
    expect(ctx.db().prepare("SELECT followup_answer FROM attempts WHERE uid = ?").get(UID)).toEqual({ followup_answer: "At block boundaries." });
    expect((await postJson(`/api/drill/attempts/${OTHER_UID}/followup`, { answer: "x" })).status).toBe(404);
    expect((await postJson("/api/drill/attempts/not-a-uid/followup", { answer: "x" })).status).toBe(400);
    expect((await postJson(`/api/drill/attempts/${UID}/followup`, { answer: 5 })).status).toBe(400);
  });
});

describe("the drill API's recordings", () => {
  const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4, 5]);
  const upload = (server: ReturnType<typeof drillServer>, uid: string, body: Uint8Array, type = "audio/webm;codecs=opus", qs = "durationMs=61500") =>
    server.request(`/api/drill/recordings/${uid}?${qs}`, { method: "POST", body, headers: { "content-type": type } });

  it("stores a recording under its attempt in audio/, serves it back, and lists it for the card", async () => {
    const server = drillServer();
    await server.postJson("/api/drill/attempts", attemptBody);
    const response = await upload(server, UID, webm);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ attemptUid: UID, cardId: CARD, durationMs: 61_500, bytes: 9, recordedAt: T0.toISOString() });
    expect(readFileSync(join(server.home, "audio", `${UID}.webm`))).toEqual(Buffer.from(webm));

    const audio = await server.request(`/api/drill/recordings/${UID}`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe("audio/webm");
    expect(new Uint8Array(await audio.arrayBuffer())).toEqual(webm);

    const list = await server.getJson<{ recordings: { attemptUid: string; durationMs: number; startedAt: string }[] }>(`/api/drill/recordings?cardId=${CARD}`);
    expect(list.recordings).toMatchObject([{ attemptUid: UID, durationMs: 61_500, startedAt: T0.toISOString() }]);
    const none = await server.getJson<{ recordings: unknown[] }>("/api/drill/recordings?cardId=systems/bf16-fp16-fp8");
    expect(none.recordings).toEqual([]);
  });

  it("refuses a second recording for the same attempt, keeping the first", async () => {
    const server = drillServer();
    await server.postJson("/api/drill/attempts", attemptBody);
    await upload(server, UID, webm);
    expect((await upload(server, UID, new Uint8Array([9, 9, 9]))).status).toBe(400);
    expect(readFileSync(join(server.home, "audio", `${UID}.webm`))).toEqual(Buffer.from(webm));
  });

  it("answers 404 for a recording of an unknown attempt, and writes nothing", async () => {
    const server = drillServer();
    expect((await upload(server, OTHER_UID, webm)).status).toBe(404);
    expect(existsSync(join(server.home, "audio", `${OTHER_UID}.webm`))).toBe(false);
    expect((await server.request(`/api/drill/recordings/${OTHER_UID}`)).status).toBe(404);
    expect((await server.request(`/api/drill/recordings?cardId=systems/no-such-card`)).status).toBe(404);
  });

  it("answers 400 for a non-uuid recording id, a traversal attempt, a wrong type, an empty body or a bad duration", async () => {
    const server = drillServer();
    await server.postJson("/api/drill/attempts", attemptBody);
    for (const id of ["not-a-uuid", "..%2F..%2Fdojo.db", `${UID}.webm`, "..%2Fdojo"]) {
      expect([id, (await upload(server, id, webm)).status]).toEqual([id, 400]);
      expect([id, (await server.request(`/api/drill/recordings/${id}`)).status]).toEqual([id, 400]);
    }
    for (const type of ["application/octet-stream", "audio/ogg", "video/webm"]) expect([type, (await upload(server, UID, webm, type)).status]).toEqual([type, 400]);
    expect((await upload(server, UID, new Uint8Array())).status).toBe(400);
    expect((await upload(server, UID, webm, undefined, "durationMs=1.5")).status).toBe(400);
    expect((await upload(server, UID, webm, undefined, "")).status).toBe(400);
    expect((await upload(server, UID, webm, undefined, "durationMs=3600001")).status).toBe(400);
    expect((await server.request("/api/drill/recordings?cardId=../x")).status).toBe(400);
    expect(existsSync(join(server.home, "audio", `${UID}.webm`))).toBe(false);
  });

  it("answers 413 to a recording over 50 MB", async () => {
    const server = drillServer();
    await server.postJson("/api/drill/attempts", attemptBody);
    const response = await upload(server, UID, new Uint8Array(50 * 1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(existsSync(join(server.home, "audio", `${UID}.webm`))).toBe(false);
  });
});
