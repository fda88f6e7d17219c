import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ALIGN_STREAM_END, AlignOverviewResponse, AlignRunResponse, AlignUpdateBatch, LaunchResponse, PipelineResponse, PipelineStartedResponse, type AlignUpdate } from "../../src/api/align.js";
import { createPipelineProcesses, pipelineArgs } from "../../src/align/align-web-view.js";
import type { DojoCommand } from "../../src/lab/run-process.js";
import { testServer, type TestServer } from "./api-client.js";
import { FIXTURE_PIPELINE, FIXTURE_RUNS, fixtureLr, fixtureSample, STAGE_METRICS, writeAlignFixture, writeAlignRun } from "./align-fixture.js";
import { stageDefaults } from "../../src/align/align-presets.js";

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.ctx.alignPipelines.stopAll()));
});

function server(): TestServer {
  const s = testServer();
  servers.push(s);
  return s;
}

function fixtureServer(): TestServer {
  const s = server();
  writeAlignFixture(s.home);
  return s;
}

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

/** The updates of a run's stream, read to its end, which must be the end event. */
async function streamedUpdates(s: TestServer, id: string): Promise<AlignUpdate[]> {
  const response = await s.request(`/api/align/runs/${id}/events`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const blocks = (await response.text()).split("\n\n").filter((b) => b.trim() !== "");
  const events = blocks.map((block) => {
    const lines = block.split("\n");
    return { event: lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message", data: lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n") };
  });
  expect(events.at(-1)).toEqual({ event: ALIGN_STREAM_END, data: "{}" });
  return events.slice(0, -1).flatMap((e) => AlignUpdateBatch.parse(JSON.parse(e.data)));
}

const steps = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("GET /api/align", () => {
  it("lists nothing in a new workspace", async () => {
    expect(AlignOverviewResponse.parse(await server().getJson("/api/align"))).toEqual({ runs: [], pipelines: [], launches: [] });
  });

  it("lists every run with its stage, status, steps and parents, and the pipeline with its report", async () => {
    const { runs, pipelines } = AlignOverviewResponse.parse(await fixtureServer().getJson("/api/align"));
    expect(runs.map((r) => [r.id, r.stage, r.status, `${r.stepsDone}/${r.stepsTotal}`])).toEqual([
      [FIXTURE_RUNS.sft, "sft", "completed", "10/10"],
      [FIXTURE_RUNS.pairs, "pairs", "completed", "40/40"],
      [FIXTURE_RUNS.rm, "rm", "completed", "10/10"],
      [FIXTURE_RUNS.dpo, "dpo", "completed", "10/10"],
      [FIXTURE_RUNS.rl, "rl", "completed", "10/10"],
    ]);
    expect(runs.find((r) => r.stage === "rl")?.parents).toEqual({ policy: FIXTURE_RUNS.sft, rewardModel: FIXTURE_RUNS.rm });
    expect(pipelines.map((p) => [p.id, p.hasReport, p.record.rl[0].run])).toEqual([[FIXTURE_PIPELINE, true, FIXTURE_RUNS.rl]]);
  });
});

describe("GET /api/align/runs/:id", () => {
  it("gives a DPO run's settings, one series per step metric under TRL's names, and its evaluations with intervals, n and graded samples", async () => {
    const body = AlignRunResponse.parse(await fixtureServer().getJson(`/api/align/runs/${FIXTURE_RUNS.dpo}`));
    expect(body.config).toMatchObject({ stage: "dpo", beta: 0.1, policy: FIXTURE_RUNS.sft, pairs: FIXTURE_RUNS.pairs });
    expect(Object.keys(body.series)).toEqual([...Object.keys(STAGE_METRICS.dpo), "lr", "grad_norm"]);
    expect(body.series["rewards/margins"]).toEqual(steps(1, 10).map((s) => [s, STAGE_METRICS.dpo["rewards/margins"](s)]));
    expect(body.series.lr).toEqual(steps(1, 10).map((s) => [s, fixtureLr(s)]));
    expect(body.evaluations.map((e) => e.step)).toEqual([0, 5, 10]);
    const last = body.evaluations[2];
    expect([last.metrics["gold/accuracy"], last.intervals["gold/accuracy"], last.n]).toEqual([0.5, [0.45, 0.55], 40]);
    expect(last.samples).toEqual([fixtureSample(10)]);
  });

  it("names each stage's own step metrics", async () => {
    const s = fixtureServer();
    const metricsOf = async (id: string) => Object.keys(AlignRunResponse.parse(await s.getJson(`/api/align/runs/${id}`)).series);
    expect(await metricsOf(FIXTURE_RUNS.sft)).toEqual(["loss", "lr", "grad_norm"]);
    expect(await metricsOf(FIXTURE_RUNS.rm)).toEqual(["loss", "accuracy", "lr", "grad_norm"]);
    expect(await metricsOf(FIXTURE_RUNS.rl)).toEqual(["loss", "reward/proxy", "gold/accuracy", "gold/score", "kl/k1", "kl/k3", "entropy", "answer/length", "clip_fraction", "lr", "grad_norm"]);
    expect(await metricsOf(FIXTURE_RUNS.pairs)).toEqual([]);
  });

  it("keeps a resumed run's redone steps once, with the values of the session that redid them", async () => {
    const body = AlignRunResponse.parse(await fixtureServer().getJson(`/api/align/runs/${FIXTURE_RUNS.rl}`));
    expect(body.series["kl/k3"]).toEqual(steps(1, 10).map((s) => [s, STAGE_METRICS.rl["kl/k3"](s)]));
    expect(body.evaluations.map((e) => e.step)).toEqual([0, 5, 10]);
    expect(body.run.status).toBe("completed");
  });

  it("shows a run whose files cannot be read as unreadable, with the reason", async () => {
    const s = server();
    writeAlignRun(s.home, "broken", { ...stageDefaults(0).sft, base: "b" }, []);
    const events = join(s.home, "align", "broken", "events.jsonl");
    expect(readFileSync(events, "utf8")).toBe("");
    writeFileSync(events, '{"t": 1, "step": 0, "kind": "start"}\n');
    const body = AlignRunResponse.parse(await s.getJson("/api/align/runs/broken"));
    expect([body.run.status, body.config, body.series, body.evaluations]).toEqual(["unreadable", null, {}, []]);
    expect(body.run.error).toContain("events.jsonl:1");
  });

  it("answers 404 with one clear line for an unknown run, and 400 for ids that could leave the align folder", async () => {
    const s = fixtureServer();
    const unknown = await s.request("/api/align/runs/nope");
    expect([unknown.status, await errorOf(unknown)]).toEqual([404, `no align run "nope" in ${join(s.home, "align")}`]);
    // A pipeline is not a run.
    expect((await s.request(`/api/align/runs/${FIXTURE_PIPELINE}`)).status).toBe(404);
    for (const bad of ["..%2Fx", "a..b", ".hidden", "x".repeat(201), "r%00"]) {
      for (const path of [`/api/align/runs/${bad}`, `/api/align/runs/${bad}/events`, `/api/align/pipelines/${bad}`]) expect([path, (await s.request(path)).status]).toEqual([path, 400]);
      expect((await s.request(`/api/align/runs/${bad}/stop`, { method: "POST" })).status).toBe(400);
    }
  });
});

describe("GET /api/align/runs/:id/events", () => {
  it("streams a finished run's whole log without its checkpoints, then the end event", async () => {
    const updates = await streamedUpdates(fixtureServer(), FIXTURE_RUNS.dpo);
    expect(updates.map((u) => u.kind).filter((k, i, all) => k !== all[i - 1])).toEqual(["start", "eval", "step", "eval", "step", "eval", "end"]);
    expect(updates.filter((u) => u.kind === "step").map((u) => u.step)).toEqual(steps(1, 10));
  });

  it("follows a run while a process holds its lock: lines written after the stream opened arrive, and the stream ends once the lock is gone", async () => {
    const s = server();
    const dir = writeAlignRun(s.home, "live", { ...stageDefaults(0).sft, base: "b" }, [{ t: 0, step: 0, kind: "start", stage: "sft", steps: 2 }]);
    // This test's process trains the run, as far as the lock says.
    writeFileSync(join(dir, "lock"), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), processStart: null }) + "\n");
    const response = await s.request("/api/align/runs/live/events");
    const text = response.text();
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const step of [1, 2]) appendFileSync(join(dir, "events.jsonl"), JSON.stringify({ t: step, step, kind: "step", metrics: { loss: 3 - step, lr: 1e-3, grad_norm: 1 } }) + "\n");
    appendFileSync(join(dir, "events.jsonl"), '{"t": 3, "step": 2, "kind": "end", "status": "completed", "elap'); // torn: held back until its newline
    await new Promise((resolve) => setTimeout(resolve, 500));
    appendFileSync(join(dir, "events.jsonl"), 'sedMs": 3}\nnot json\n');
    rmSync(join(dir, "lock"));
    const messages = (await text).split("\n\n").filter((b) => b.startsWith("data: ")).map((b) => AlignUpdateBatch.parse(JSON.parse(b.slice(6))));
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages[0]).toEqual([{ t: 0, step: 0, kind: "start", stage: "sft", steps: 2 }]);
    expect(messages.flat().map((u) => (u.kind === "problem" ? u.message : `${u.kind} ${u.step}`))).toEqual(["start 0", "step 1", "step 2", "end 2", "events.jsonl:5: not valid JSON; skipped"]);
  });

  it("answers 404 for an unknown run before any stream opens", async () => {
    const response = await server().request("/api/align/runs/nope/events");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
  });
});

describe("GET /api/align/pipelines/:id and its charts", () => {
  it("gives the record and the report, whose charts are served beside it as SVG", async () => {
    const s = fixtureServer();
    const body = PipelineResponse.parse(await s.getJson(`/api/align/pipelines/${FIXTURE_PIPELINE}`));
    expect(body.record.dpo).toEqual([{ beta: 0.1, run: FIXTURE_RUNS.dpo }]);
    expect(body.report).toContain("![Gold score vs KL: DPO (β sweep) and RL](frontier.svg)");
    const chart = await s.request(`/api/align/pipelines/${FIXTURE_PIPELINE}/charts/frontier.svg`);
    expect([chart.status, chart.headers.get("content-type")]).toEqual([200, "image/svg+xml; charset=utf-8"]);
    expect(await chart.text()).toMatch(/^<svg[^>]*>[\s\S]*DPO β 0\.1/);
  });

  it("serves only chart names: other files and paths are refused, a missing chart is 404", async () => {
    const s = fixtureServer();
    const charts = `/api/align/pipelines/${FIXTURE_PIPELINE}/charts`;
    for (const bad of ["..%2Fpipeline.json", "..%2F..%2F" + FIXTURE_RUNS.sft + "%2Fconfig.json", "report.md", "pipeline.json", "a.svg.json", "..%2Ffrontier.svg", "frontier.svg%00"]) {
      const response = await s.request(`${charts}/${bad}`);
      expect([bad, response.status]).toEqual([bad, 400]);
      expect(await errorOf(response)).toMatch(/^chart ".*": not the name of a chart/);
    }
    // A ".." segment is resolved by the URL itself: the path leaves the charts and matches no route.
    expect((await s.request(`${charts}/../report.md`)).status).toBe(404);
    const missing = await s.request(`${charts}/nope.svg`);
    expect([missing.status, await errorOf(missing)]).toEqual([404, `pipeline ${FIXTURE_PIPELINE} has no chart "nope.svg"`]);
  });

  it("answers 404 for an unknown pipeline and for a run that is not a pipeline", async () => {
    const s = fixtureServer();
    const unknown = await s.request("/api/align/pipelines/nope");
    expect([unknown.status, await errorOf(unknown)]).toEqual([404, `no pipeline "nope" in ${join(s.home, "align")}`]);
    expect((await s.request(`/api/align/pipelines/${FIXTURE_RUNS.sft}`)).status).toBe(404);
    expect((await s.request(`/api/align/pipelines/nope/charts/frontier.svg`)).status).toBe(404);
  });
});

/**
 * A stand-in for `dojo align pipeline`: records its arguments, takes the lock of the align
 * run "20260105-000000-sft" (written by the test), announces its stage and waits to be
 * stopped; with --world-seed 13 it fails as the CLI does on a user error.
 */
const STAND_IN_SCRIPT = `
const fs = require("node:fs"), path = require("node:path");
const argv = process.argv.slice(1), home = argv[argv.indexOf("--home") + 1];
fs.writeFileSync(path.join(home, "argv.json"), JSON.stringify(argv.slice(argv.indexOf("align"))));
if (argv.includes("13")) { process.stderr.write("dojo: world 13 is not a world (hint: pick another)\\n"); process.exit(2); }
fs.writeFileSync(path.join(home, "align", "20260105-000000-sft", "lock"), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), processStart: null }) + "\\n");
process.stderr.write("[1/6] sft\\n");
setInterval(() => {}, 1000);
`;
const STAND_IN: DojoCommand = [process.execPath, "-e", STAND_IN_SCRIPT, "--"];

describe("POST /api/align/pipeline and /runs/:id/stop", () => {
  it("refuses bodies that do not match the contract with 400, naming the field", async () => {
    const s = server();
    const cases: Array<[unknown, string]> = [
      [{ bias: "kind" }, "bias"],
      [{ worldSeed: -1 }, "worldSeed"],
      [{ betas: [] }, "betas"],
      [{ betas: [0] }, "betas[0]"],
      [{ klCoefs: [-0.1] }, "klCoefs[0]"],
      [{ shrink: 0 }, "shrink"],
      [{ shrink: 2.5 }, "shrink"],
      [{ preset: "tiny" }, "(record)"],
      [[1], "(record)"],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await s.postJson<{ error: string }>("/api/align/pipeline", body);
      expect([body, status]).toEqual([body, 400]);
      expect(answer.error).toContain(`request body: ${field}`);
    }
    expect((await s.request("/api/align/pipeline", { json: {}, headers: { origin: "http://evil.example" } })).status).toBe(403);
  });

  it("passes the request to dojo align pipeline as its flags", () => {
    expect(pipelineArgs({})).toEqual([]);
    expect(pipelineArgs({ worldSeed: 3, bias: "flattery", betas: [0.1, 0.5], klCoefs: [0, 0.05], shrink: 20 })).toEqual(["--world-seed", "3", "--bias", "flattery", "--betas", "0.1,0.5", "--kl-coefs", "0,0.05", "--shrink", "20"]);
  });

  it("starts a pipeline (201), follows its stage, refuses a second, stops the stage it trains and reports a failed start", async () => {
    const s = fixtureServer();
    s.ctx.alignPipelines = createPipelineProcesses(s.home, STAND_IN);
    writeAlignRun(s.home, "20260105-000000-sft", { ...stageDefaults(0).sft, base: "b" }, []);
    const started = await s.postJson("/api/align/pipeline", { bias: "confident", shrink: 50 });
    expect(started.status).toBe(201);
    const { launch } = PipelineStartedResponse.parse(started.body);
    expect([launch.id, launch.state, launch.args]).toEqual(["1", "running", ["align", "pipeline", "--bias", "confident", "--shrink", "50"]]);
    const current = async () => LaunchResponse.parse(await s.getJson(`/api/align/launches/${launch.id}`)).launch;
    await expect.poll(async () => (await current()).stage, { timeout: 20_000, interval: 50 }).toEqual({ name: "sft", index: 1, total: 6 });
    expect(JSON.parse(readFileSync(join(s.home, "argv.json"), "utf8"))).toEqual(launch.args);
    expect(AlignOverviewResponse.parse(await s.getJson("/api/align")).runs.find((r) => r.id === "20260105-000000-sft")?.status).toBe("running");

    const again = await s.postJson<{ error: string }>("/api/align/pipeline", {});
    expect([again.status, again.body.error]).toEqual([400, "pipeline 1 is running: one pipeline runs at a time"]);
    const notRunning = await s.postJson<{ error: string }>(`/api/align/runs/${FIXTURE_RUNS.dpo}/stop`, {});
    expect([notRunning.status, notRunning.body.error]).toEqual([400, `align run ${FIXTURE_RUNS.dpo} is not running`]);
    expect((await s.postJson("/api/align/runs/nope/stop", {})).status).toBe(404);

    expect(await s.postJson("/api/align/runs/20260105-000000-sft/stop", {})).toEqual({ status: 200, body: { id: "20260105-000000-sft", stopping: true } });
    await s.ctx.alignPipelines.exited(launch.id);
    expect((await current()).state).toBe("stopped");

    const failed = await s.postJson("/api/align/pipeline", { worldSeed: 13 });
    const second = PipelineStartedResponse.parse(failed.body).launch;
    await s.ctx.alignPipelines.exited(second.id);
    expect(await s.getJson(`/api/align/launches/${second.id}`)).toMatchObject({ launch: { state: "failed", error: "world 13 is not a world (hint: pick another)" } });
    expect((await s.request("/api/align/launches/9")).status).toBe(404);
  }, 60_000);
});
