/**
 * The lab: GET /runs, POST /runs (start), GET /runs/:id, POST /runs/:id/stop,
 * POST /runs/:id/resume, GET /runs/:id/events (server-sent events while the run trains), and
 * GET /sweeps (the learning-rate sweeps of `dojo lab sweep`).
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { RunId } from "../../api/common.js";
import { LabRunResponse, LabRunsResponse, LabSweepsResponse, RUN_STREAM_END, RunStartedResponse, RunStoppingResponse, RunUpdateBatch, StartRunRequest } from "../../api/lab.js";
import { followRun } from "../../lab/run-stream.js";
import { labRun, labRuns } from "../../lab/run-view.js";
import { runFolderById } from "../../lab/runs.js";
import { listSweeps } from "../../lab/sweep-list.js";
import type { ServerContext } from "../context.js";
import { jsonBody, param, reply } from "../validate.js";

/** How often a followed run's events.jsonl is read for new lines. */
const POLL_MS = 200;

export function labRoutes(ctx: ServerContext): Hono {
  const runs = ctx.labRuns;
  return new Hono()
    .get("/runs", (c) => reply(c, LabRunsResponse, labRuns(ctx.home)))
    .post("/runs", async (c) => {
      const request = await jsonBody(c, StartRunRequest);
      return reply(c, RunStartedResponse, { id: await runs.start(request) }, 201);
    })
    .get("/sweeps", (c) => reply(c, LabSweepsResponse, { sweeps: listSweeps(ctx.home) }))
    .get("/runs/:id", (c) => reply(c, LabRunResponse, labRun(ctx.home, param(c, "id", RunId))))
    .post("/runs/:id/stop", (c) => {
      const id = param(c, "id", RunId);
      runs.stop(id);
      return reply(c, RunStoppingResponse, { id, stopping: true });
    })
    .post("/runs/:id/resume", async (c) => reply(c, RunStartedResponse, { id: await runs.resume(param(c, "id", RunId)) }, 201))
    .get("/runs/:id/events", (c) => {
      const id = param(c, "id", RunId);
      const dir = runFolderById(ctx.home, id); // a 404 before the stream opens
      return streamSSE(c, async (stream) => {
        let gone = false;
        stream.onAbort(() => {
          gone = true;
        });
        const updates = followRun(dir, { isRunning: () => runs.isRunning(id), wait: () => stream.sleep(POLL_MS), stopped: () => gone });
        for await (const batch of updates) await stream.writeSSE({ data: JSON.stringify(RunUpdateBatch.parse(batch)) });
        if (!gone) await stream.writeSSE({ event: RUN_STREAM_END, data: "{}" });
      });
    });
}
