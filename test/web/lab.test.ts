import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LabRunResponse, LabRunsResponse, RUN_STREAM_END, RunUpdateBatch, type RunUpdate } from "../../src/api/lab.js";
import { JSON_BODY_LIMIT } from "../../src/server/app.js";
import { testServer, type TestServer } from "./api-client.js";
import { fixtureEvents, SPIKE_MESSAGE, writeFixtureRun } from "./lab-fixture.js";

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.ctx.labRuns.stopAll()));
});

function server(): TestServer {
  const s = testServer();
  servers.push(s);
  return s;
}

/** The events of a server-sent event stream, read to its end. */
async function readStream(response: Response): Promise<Array<{ event: string; data: string }>> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
      return { event, data: lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n") };
    });
}

/** The updates of a run's stream, read to its end, which must be the end event. */
async function streamedUpdates(s: TestServer, id: string): Promise<RunUpdate[]> {
  const response = await s.request(`/api/lab/runs/${id}/events`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const events = await readStream(response);
  expect(events.at(-1)).toEqual({ event: RUN_STREAM_END, data: "{}" });
  return events.slice(0, -1).flatMap((e) => RunUpdateBatch.parse(JSON.parse(e.data)));
}

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe("GET /api/lab/runs", () => {
  it("lists no runs in a new workspace, and the presets", async () => {
    const body = LabRunsResponse.parse(await server().getJson("/api/lab/runs"));
    expect(body.runs).toEqual([]);
    expect(body.presets.map((p) => [p.name, p.steps])).toEqual([["tiny", 600], ["baby", 2000]]);
  });

  it("lists runs newest first with status, steps, best validation loss, start time and whether they resume", async () => {
    const s = server();
    writeFixtureRun(s.home, "20260102-030405-tiny");
    const stopped = writeFixtureRun(s.home, "20260103-030405-tiny", fixtureEvents(10, "interrupted").map((e) => ({ ...e, t: e.t + 86_400_000 })));
    writeFileSync(join(stopped, "checkpoints", "step-10.json"), "{}");
    const { runs } = LabRunsResponse.parse(await s.getJson("/api/lab/runs"));
    expect(runs.map((r) => [r.id, r.status, `${r.stepsDone}/${r.stepsTotal}`, r.bestValLoss, r.resumable])).toEqual([
      ["20260103-030405-tiny", "interrupted", "10/20", 2.6, true],
      ["20260102-030405-tiny", "completed", "20/20", 2.1, false],
    ]);
  });
});

describe("GET /api/lab/runs/:id", () => {
  it("gives the run, its config and its report without charts", async () => {
    const s = server();
    writeFixtureRun(s.home, "r1");
    const body = LabRunResponse.parse(await s.getJson("/api/lab/runs/r1"));
    expect([body.run.id, body.run.status, body.run.stepsDone]).toEqual(["r1", "completed", 20]);
    expect((body.config?.model as { nLayer: number }).nLayer).toBe(2);
    expect(body.report?.written).toBe(false);
    expect(body.report?.markdown).toContain(SPIKE_MESSAGE);
    expect(body.report?.markdown).not.toContain(".svg");
  });

  it("answers 404 for an unknown run and 400 for ids that could leave the runs folder", async () => {
    const s = server();
    writeFixtureRun(s.home, "r1");
    expect((await s.request("/api/lab/runs/r2")).status).toBe(404);
    expect(await errorOf(await s.request("/api/lab/runs/r2"))).toContain('no run "r2"');
    // An encoded ".." segment is resolved by the URL itself: the path leaves /runs and matches no route.
    expect(await errorOf(await s.request("/api/lab/runs/%2E%2E/stop", { method: "POST" }))).toBe("no such API route: POST /api/lab/stop");
    for (const bad of ["..%2Fr1", "a..b", ".hidden", "r1%5C..", "x".repeat(201), "r%00"]) {
      for (const path of [`/api/lab/runs/${bad}`, `/api/lab/runs/${bad}/events`]) {
        expect([path, (await s.request(path)).status]).toEqual([path, 400]);
      }
      for (const action of ["stop", "resume"]) {
        const path = `/api/lab/runs/${bad}/${action}`;
        expect([path, (await s.request(path, { method: "POST" })).status]).toEqual([path, 400]);
      }
    }
  });
});

describe("GET /api/lab/runs/:id/events", () => {
  it("streams a finished run's whole log, then the end event", async () => {
    const s = server();
    writeFixtureRun(s.home, "r1");
    const updates = await streamedUpdates(s, "r1");
    expect(updates.filter((u) => u.kind === "train").map((u) => u.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(updates.filter((u) => u.kind === "alert")).toEqual([{ kind: "alert", step: 15, alert: "loss-spike", message: SPIKE_MESSAGE }]);
    expect(updates.at(-1)).toEqual({ kind: "end", step: 20, status: "completed", message: "completed 20 steps" });
  });

  it("answers 404 for an unknown run before any stream opens", async () => {
    const response = await server().request("/api/lab/runs/nope/events");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
  });
});

describe("POST /api/lab/runs, /stop, /resume: bad input", () => {
  it("refuses bodies that do not match the contract with 400, naming the field", async () => {
    const s = server();
    const cases: Array<[unknown, string]> = [
      [{}, "preset"],
      [{ preset: "huge" }, "preset"],
      [{ preset: "tiny", steps: 0 }, "steps"],
      [{ preset: "tiny", steps: 1.5 }, "steps"],
      [{ preset: "tiny", steps: "10" }, "steps"],
      [{ preset: "tiny", seed: -1 }, "seed"],
      [{ preset: "tiny", data: "/etc/passwd" }, "data"],
      [["tiny"], "(record)"],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await s.postJson<{ error: string }>("/api/lab/runs", body);
      expect([body, status]).toEqual([body, 400]);
      expect(answer.error).toContain(field);
    }
    const notJson = await s.request("/api/lab/runs", { body: "{preset", headers: { "content-type": "application/json" } });
    expect([notJson.status, await errorOf(notJson)]).toEqual([400, "request body: not valid JSON"]);
    const huge = await s.request("/api/lab/runs", { body: JSON.stringify({ preset: "tiny", pad: "x".repeat(JSON_BODY_LIMIT) }), headers: { "content-type": "application/json" } });
    expect(huge.status).toBe(413);
    expect((await s.request("/api/lab/runs", { json: { preset: "tiny" }, headers: { origin: "http://evil.example" } })).status).toBe(403);
  });

  it("refuses to stop a run that is not running, and to resume a completed or unknown one", async () => {
    const s = server();
    writeFixtureRun(s.home, "done");
    writeFileSync(join(s.home, "runs", "done", "checkpoints", "step-20.json"), "{}");
    const stop = await s.postJson<{ error: string }>("/api/lab/runs/done/stop", {});
    expect([stop.status, stop.body.error]).toEqual([400, "run done is not running"]);
    const resume = await s.postJson<{ error: string }>("/api/lab/runs/done/resume", {});
    expect([resume.status, resume.body.error]).toEqual([400, "run done cannot be resumed: it completed all its steps"]);
    expect((await s.postJson("/api/lab/runs/nope/stop", {})).status).toBe(404);
    expect((await s.postJson("/api/lab/runs/nope/resume", {})).status).toBe(404);
    expect((await s.request("/api/lab/runs/done/stop", { method: "POST", headers: { origin: undefined } })).status).toBe(403);
  });
});

describe("training from the API (dojo lab pretrain in a child process)", () => {
  it("starts a 2-step tiny run that streams its steps live and completes", async () => {
    const s = server();
    const started = await s.postJson<{ id: string }>("/api/lab/runs", { preset: "tiny", steps: 2, seed: 3 });
    expect(started.status).toBe(201);
    const { id } = started.body;
    expect(id).toMatch(/^\d{8}-\d{6}-tiny$/);
    const updates = await streamedUpdates(s, id);
    expect(updates[0]).toEqual({ kind: "start", step: 0, steps: 2, resumedFrom: null });
    expect(updates.filter((u) => u.kind === "train").map((u) => u.step)).toEqual([1, 2]);
    expect(updates.at(-1)).toMatchObject({ kind: "end", status: "completed" });
    await s.ctx.labRuns.exited(id);
    const { run, config } = LabRunResponse.parse(await s.getJson(`/api/lab/runs/${id}`));
    expect([run.status, run.stepsDone, run.resumable, config?.seed]).toEqual(["completed", 2, false, 3]);
  }, 120_000);

  it("stops a run at once after it starts: Ctrl-C is handled from the run's first line, and the end is logged", async () => {
    const s = server();
    const { body } = await s.postJson<{ id: string }>("/api/lab/runs", { preset: "tiny", steps: 5000 });
    expect((await s.postJson(`/api/lab/runs/${body.id}/stop`, {})).status).toBe(200);
    const updates = await streamedUpdates(s, body.id);
    expect(updates.at(-1)).toMatchObject({ kind: "end", status: "interrupted" });
    await s.ctx.labRuns.exited(body.id);
    expect(LabRunResponse.parse(await s.getJson(`/api/lab/runs/${body.id}`)).run.status).toBe("interrupted");
  }, 120_000);

  it("refuses a second run while one trains; stop saves a checkpoint and interrupts it; resume continues it", async () => {
    const s = server();
    const { body: first } = await s.postJson<{ id: string }>("/api/lab/runs", { preset: "tiny", steps: 5000 });
    const again = await s.postJson<{ error: string }>("/api/lab/runs", { preset: "tiny", steps: 2 });
    expect([again.status, again.body.error]).toEqual([400, `run ${first.id} is training: one run trains at a time`]);
    const currentRun = async () => LabRunResponse.parse(await s.getJson(`/api/lab/runs/${first.id}`)).run;
    expect((await currentRun()).status).toBe("running");
    // A few steps first, so that the stop has a step to checkpoint.
    await expect.poll(async () => (await currentRun()).stepsDone, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(2);

    const stop = await s.postJson(`/api/lab/runs/${first.id}/stop`, {});
    expect(stop).toEqual({ status: 200, body: { id: first.id, stopping: true } });
    const updates = await streamedUpdates(s, first.id);
    expect(updates.at(-1)).toMatchObject({ kind: "end", status: "interrupted" });
    await s.ctx.labRuns.exited(first.id);
    const stopped = await currentRun();
    expect([stopped.status, stopped.resumable]).toEqual(["interrupted", true]);

    const resumed = await s.postJson(`/api/lab/runs/${first.id}/resume`, {});
    expect(resumed).toEqual({ status: 201, body: { id: first.id } });
    expect((await currentRun()).status).toBe("running");
    expect((await s.postJson(`/api/lab/runs/${first.id}/stop`, {})).status).toBe(200);
    const after = await streamedUpdates(s, first.id);
    const starts = after.filter((u) => u.kind === "start");
    expect(starts).toHaveLength(2);
    expect(starts[1]).toMatchObject({ resumedFrom: stopped.stepsDone });
    expect(after.at(-1)).toMatchObject({ kind: "end", status: "interrupted" });
  }, 180_000);
});
