/** The drill page's routes: queue, question, reveal, suggestion, attempt, follow-up, recordings. */
import { Hono } from "hono";
import { AREAS, KINDS, type Area, type Kind } from "../../drill/card.js";
import { findCard } from "../../drill/bank.js";
import { answerFollowup, revealAnswer, showQuestion, speakingTargetSeconds, storeAttempt, suggestFor } from "../../drill/attempt.js";
import { loadReviewStates } from "../../drill/history.js";
import { buildQueue, countDue, filterCards, nextDue } from "../../drill/queue.js";
import { rubricCoverage } from "../../drill/rubric.js";
import { listRecordings, readRecording, saveRecording } from "../../drill/recordings.js";
import { InputError } from "../../errors.js";
import {
  AttemptRequest,
  AttemptUid,
  AttemptResponse,
  FollowupRequest,
  FollowupResponse,
  QuestionRequest,
  QuestionResponse,
  QueueQuery,
  QueueResponse,
  Recording,
  RecordingQuery,
  RecordingsQuery,
  RecordingsResponse,
  RevealRequest,
  RevealResponse,
  SuggestRequest,
  SuggestResponse,
} from "../../api/drill.js";
import type { ServerContext } from "../context.js";
import { jsonBody, param, query, reply } from "../validate.js";

/** New cards per session when the page does not say. */
const DEFAULT_NEW = 10;

function choice<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === "") return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${field}: "${value}" is not one of ${allowed.join(", ")}`);
  return value as T;
}

export function drillRoutes(ctx: ServerContext): Hono {
  const card = (id: string) => findCard(ctx.bank().cards, id);
  return new Hono()
    .get("/queue", (c) => {
      const q = query(c, QueueQuery);
      const filter = {
        area: choice<Area>("area", q.area, AREAS),
        kind: choice<Kind>("kind", q.kind, KINDS),
        difficulty: q.difficulty === undefined ? undefined : (Number(q.difficulty) as 1 | 2 | 3),
      };
      const now = ctx.now();
      const { cards } = ctx.bank();
      const states = loadReviewStates(ctx.db());
      const queue = buildQueue(cards, states, { ...filter, now, newLimit: q.new === undefined ? DEFAULT_NEW : Number(q.new) });
      const filtered = filterCards(cards, filter);
      return reply(c, QueueResponse, {
        cards: queue.map((k) => ({ id: k.id, title: k.title, area: k.area, kind: k.kind, difficulty: k.difficulty, due: states.has(k.id) })),
        dueNow: countDue(filtered, states, now),
        nextDue: nextDue(filtered, states, now)?.toISOString() ?? null,
        areas: [...AREAS],
        kinds: [...KINDS],
      });
    })
    .post("/question", async (c) => {
      const { cardId } = await jsonBody(c, QuestionRequest);
      const k = card(cardId);
      const startedAt = ctx.now();
      const shown = showQuestion(k, startedAt);
      return reply(c, QuestionResponse, {
        cardId: k.id,
        title: k.title,
        label: shown.label,
        text: shown.text,
        prompt: shown.prompt,
        startedAt: startedAt.toISOString(),
        speakingTargetSeconds: speakingTargetSeconds(k),
      });
    })
    .post("/reveal", async (c) => {
      const body = await jsonBody(c, RevealRequest);
      return reply(c, RevealResponse, revealAnswer(ctx.db(), card(body.cardId), new Date(body.startedAt), body.answer));
    })
    .post("/suggestion", async (c) => {
      const body = await jsonBody(c, SuggestRequest);
      return reply(c, SuggestResponse, suggestFor(card(body.cardId), new Date(body.startedAt), body.answer, body.ticks));
    })
    .post("/attempts", async (c) => {
      const body = await jsonBody(c, AttemptRequest);
      const { state, followup } = storeAttempt(
        ctx.db(),
        card(body.cardId),
        {
          uid: body.uid,
          startedAt: new Date(body.startedAt),
          durationMs: body.durationMs,
          answer: body.answer,
          rubricTicks: body.ticks,
          rating: body.rating,
          followupIndex: body.followupIndex,
          mockId: body.mockId ?? null,
        },
        ctx.now(),
      );
      return reply(c, AttemptResponse, { uid: body.uid, due: state.due.toISOString(), coverage: rubricCoverage(body.ticks), followup: followup && { question: followup.question } }, 201);
    })
    .post("/attempts/:uid/followup", async (c) => {
      const { answer } = await jsonBody(c, FollowupRequest);
      const followup = answerFollowup(ctx.db(), ctx.bank().cards, param(c, "uid", AttemptUid), answer);
      return reply(c, FollowupResponse, { answer: followup.answer });
    })
    .get("/recordings", (c) => {
      const { cardId } = query(c, RecordingsQuery);
      return reply(c, RecordingsResponse, { recordings: listRecordings(ctx.db(), ctx.home, card(cardId).id) });
    })
    .post("/recordings/:uid", async (c) => {
      const uid = param(c, "uid", AttemptUid);
      const { durationMs } = query(c, RecordingQuery);
      const type = c.req.header("content-type") ?? "";
      if (!/^audio\/webm\b/.test(type)) throw new InputError(`content-type: "${type}" is not audio/webm`, "upload the recording as audio/webm");
      const audio = new Uint8Array(await c.req.arrayBuffer());
      return reply(c, Recording, saveRecording(ctx.db(), ctx.home, uid, audio, Number(durationMs), ctx.now()), 201);
    })
    .get("/recordings/:uid", (c) => {
      const audio = readRecording(ctx.home, param(c, "uid", AttemptUid));
      return c.body(audio, 200, { "content-type": "audio/webm" });
    });
}
