/**
 * The alignment lab: GET / (runs, pipelines, launches), GET /runs/:id, POST /runs/:id/stop,
 * GET /runs/:id/events (server-sent events while the run trains), GET /pipelines/:id,
 * GET /pipelines/:id/charts/:file (the report's SVG charts), POST /pipeline (start
 * `dojo align pipeline`) and GET /launches/:id.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { ALIGN_STREAM_END, AlignId, AlignOverviewResponse, AlignRunResponse, AlignStoppingResponse, AlignUpdateBatch, LaunchResponse, PipelineResponse, PipelineStartedResponse, StartPipelineRequest } from "../../api/align.js";
import { alignRunDetail, alignRunFolder, followAlignRun, pipelineChart, pipelineDetail } from "../../align/align-web-view.js";
import { alignOverview } from "../../align/align-view.js";
import type { ServerContext } from "../context.js";
import { jsonBody, param, reply } from "../validate.js";

/** How often a followed run's events.jsonl is read for new lines. */
const POLL_MS = 200;

export function alignRoutes(ctx: ServerContext): Hono {
  const pipelines = () => ctx.alignPipelines;
  return new Hono()
    .get("/", (c) => reply(c, AlignOverviewResponse, { ...alignOverview(ctx.home), launches: pipelines().launches() }))
    .post("/pipeline", async (c) => reply(c, PipelineStartedResponse, { launch: pipelines().start(await jsonBody(c, StartPipelineRequest)) }, 201))
    .get("/launches/:id", (c) => reply(c, LaunchResponse, { launch: pipelines().launch(c.req.param("id")) }))
    .get("/runs/:id", (c) => reply(c, AlignRunResponse, alignRunDetail(ctx.home, param(c, "id", AlignId))))
    .post("/runs/:id/stop", (c) => {
      const id = param(c, "id", AlignId);
      pipelines().stop(id);
      return reply(c, AlignStoppingResponse, { id, stopping: true });
    })
    .get("/runs/:id/events", (c) => {
      const id = param(c, "id", AlignId);
      alignRunFolder(ctx.home, id); // a 404 before the stream opens
      return streamSSE(c, async (stream) => {
        let gone = false;
        stream.onAbort(() => {
          gone = true;
        });
        for await (const batch of followAlignRun(ctx.home, id, { wait: () => stream.sleep(POLL_MS), stopped: () => gone })) await stream.writeSSE({ data: JSON.stringify(AlignUpdateBatch.parse(batch)) });
        if (!gone) await stream.writeSSE({ event: ALIGN_STREAM_END, data: "{}" });
      });
    })
    .get("/pipelines/:id", (c) => reply(c, PipelineResponse, pipelineDetail(ctx.home, param(c, "id", AlignId))))
    .get("/pipelines/:id/charts/:file", (c) => {
      // pipelineChart refuses any name but a chart's.
      const svg = pipelineChart(ctx.home, param(c, "id", AlignId), c.req.param("file"));
      return c.body(svg, 200, { "content-type": "image/svg+xml; charset=utf-8" });
    });
}
