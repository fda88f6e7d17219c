/**
 * /api/align/drills: a pipeline's drills with their schedules and the one to ask now
 * (GET /?pipeline=ID), and the user's rating of a drill after its answer is revealed
 * (POST /:id/rate, the id URL-encoded; a drill the pipeline does not have is a 404).
 */
import { Hono } from "hono";
import { AlignDrillId, AlignDrillRateRequest, AlignDrillRateResponse, AlignDrillsQuery, AlignDrillsResponse } from "../../api/align-drills.js";
import { alignDrillStates, pickAlignDrill, rateAlignDrill } from "../../align/align-drill-schedule.js";
import { alignDrills, findAlignDrill, formatEvidence } from "../../align/align-drills.js";
import { loadReviewStates } from "../../drill/history.js";
import { RATINGS } from "../../drill/scheduler.js";
import type { ServerContext } from "../context.js";
import { jsonBody, param, query, reply } from "../validate.js";

export function alignDrillsRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .get("/", (c) => {
      const { pipeline } = query(c, AlignDrillsQuery);
      const drills = alignDrills(ctx.home, pipeline);
      const states = loadReviewStates(ctx.db());
      const rated = alignDrillStates(states);
      const next = pickAlignDrill(drills, states, ctx.now());
      return reply(c, AlignDrillsResponse, {
        pipeline,
        drills: drills.map((d) => ({ ...d, evidence: d.evidence.map((e) => ({ ...e, shown: formatEvidence(e) })), due: rated.get(d.id)?.due.toISOString() ?? null })),
        next: next && { id: next.drill.id, reason: next.reason },
      });
    })
    .post("/:id/rate", async (c) => {
      const drill = findAlignDrill(ctx.home, param(c, "id", AlignDrillId));
      const { rating } = await jsonBody(c, AlignDrillRateRequest);
      const state = rateAlignDrill(ctx.db(), drill.id, RATINGS[rating], ctx.now());
      const due = state?.due ?? alignDrillStates(loadReviewStates(ctx.db())).get(drill.id)?.due ?? null;
      return reply(c, AlignDrillRateResponse, { rated: state !== null, due: due?.toISOString() ?? null });
    });
}
