/**
 * /api/incidents: the queue and the history, starting a drill, a drill as its page shows
 * it, and its answer. Drills are sessions with opaque ids (src/lab/incidents/live.ts).
 */
import { Hono } from "hono";
import { IncidentAnswerRequest, IncidentSession, IncidentSessionResponse, IncidentsResponse, StartIncidentRequest, StartIncidentResponse } from "../../api/incidents.js";
import { loadReviewStates } from "../../drill/history.js";
import { seedFromClock } from "../../drill/mock.js";
import { ACTIONS, CHECKS, DIAGNOSES, parseIncidentAnswer } from "../../lab/incidents/answers.js";
import { parseIncidentId } from "../../lab/incidents/catalogue.js";
import type { SessionView } from "../../lab/incidents/live.js";
import { incidentHistory, pickIncident, type IncidentContext } from "../../lab/incidents/practice.js";
import type { ServerContext } from "../context.js";
import { jsonBody, param, reply } from "../validate.js";

const choices = { diagnoses: [...DIAGNOSES], checks: [...CHECKS], actions: [...ACTIONS] };
const withChoices = (view: SessionView) => ({ ...view, choices });

export function incidentsRoutes(ctx: ServerContext): Hono {
  const incidentContext = (): IncidentContext => ({ db: ctx.db(), home: ctx.home, now: ctx.now });
  return new Hono()
    .get("/", (c) => {
      const { attempts, queue } = incidentHistory(ctx.db(), ctx.now());
      return reply(c, IncidentsResponse, {
        queue: { ...queue, nextDue: queue.nextDue?.toISOString() ?? null },
        attempts: attempts.map(({ rationale: _rationale, rating: _rating, ...a }) => ({ ...a, startedAt: a.startedAt.toISOString() })),
        choices,
      });
    })
    .post("/sessions", async (c) => {
      const { fault } = await jsonBody(c, StartIncidentRequest);
      const now = ctx.now();
      const id = fault === undefined ? pickIncident(loadReviewStates(ctx.db()), now, seedFromClock(now)).id : parseIncidentId(fault, "fault");
      return reply(c, StartIncidentResponse, { session: ctx.incidents.start(id) }, 201);
    })
    .get("/sessions/:session", (c) => reply(c, IncidentSessionResponse, withChoices(ctx.incidents.view(incidentContext(), param(c, "session", IncidentSession), ctx.now()))))
    .post("/sessions/:session/answer", async (c) => {
      const session = param(c, "session", IncidentSession);
      const answer = parseIncidentAnswer(await jsonBody(c, IncidentAnswerRequest));
      return reply(c, IncidentSessionResponse, withChoices(ctx.incidents.answer(incidentContext(), session, answer)));
    });
}
