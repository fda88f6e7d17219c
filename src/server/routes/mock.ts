/**
 * The mock interview routes: start, view, count an answer, hand in the coding kata, count the
 * incident, stop. Questions go through /api/drill, the kata through /api/katas, the incident
 * through /api/incidents.
 */
import { Hono } from "hono";
import { AnswerMockRequest, MockId, MockResponse, StartMockRequest } from "../../api/mock.js";
import { answerLiveMock, answerLiveMockIncident, answerLiveMockKata, startLiveMock, stopLiveMock, viewMock, type LiveMocks } from "../../drill/mock-live.js";
import { seedFromClock } from "../../drill/mock.js";
import { loadKatas } from "../../katas/catalogue.js";
import type { ServerContext } from "../context.js";
import { jsonBody, param, reply } from "../validate.js";

export function mockRoutes(ctx: ServerContext): Hono {
  // The interviews under way on this server.
  const mocks: LiveMocks = new Map();
  const ws = () => ({ db: ctx.db(), home: ctx.home, cards: ctx.bank().cards, katas: loadKatas().katas, incidents: ctx.incidents });
  return new Hono()
    .post("/", async (c) => {
      const body = await jsonBody(c, StartMockRequest);
      const now = ctx.now();
      return reply(c, MockResponse, startLiveMock(mocks, ws(), { role: body.role, minutes: body.minutes, seed: body.seed ?? seedFromClock(now), now }), 201);
    })
    .get("/:id", (c) => reply(c, MockResponse, viewMock(mocks, ws(), param(c, "id", MockId), ctx.now())))
    .post("/:id/answers", async (c) => {
      const id = param(c, "id", MockId);
      const { uid } = await jsonBody(c, AnswerMockRequest);
      return reply(c, MockResponse, answerLiveMock(mocks, ws(), id, uid, ctx.now()));
    })
    .post("/:id/kata", (c) => reply(c, MockResponse, answerLiveMockKata(mocks, ws(), param(c, "id", MockId), ctx.now())))
    .post("/:id/incident", (c) => reply(c, MockResponse, answerLiveMockIncident(mocks, ws(), param(c, "id", MockId), ctx.now())))
    .post("/:id/stop", (c) => reply(c, MockResponse, stopLiveMock(mocks, ws(), param(c, "id", MockId), ctx.now())));
}
