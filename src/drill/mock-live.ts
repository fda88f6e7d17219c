/**
 * Mock interviews driven one request at a time (the web app): the interviews under way live
 * in a map owned by the server, each a MockProgress moved by the same functions as
 * `dojo mock`; each answer is an attempt stored the usual way (with the mock's id), and the
 * finished summary is stored in mock_sessions and written to mocks/<id>.md, as the CLI does.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { InputError, NotFoundError } from "../errors.js";
import type { Db } from "../store/open.js";
import type { Card } from "./card.js";
import { findAttempt, listAttempts, loadReviewStates } from "./history.js";
import {
  cardStrength,
  currentQuestion,
  endMock,
  INCIDENT_AREA,
  KATA_AREA,
  kataChoices,
  recordMockAnswer,
  saveMockSession,
  segmentClock,
  startMock,
  type MockProgress,
  type MockSummary,
  type Role,
} from "./mock.js";
import { listChecks } from "../katas/history.js";
import { kataOfCardId } from "../katas/schedule.js";
import { listIncidentAttempts } from "../lab/incidents/history.js";
import type { LiveIncidents } from "../lab/incidents/live.js";
import { incidentChoices } from "../lab/incidents/mock-incident.js";
import { incidentOfCardId } from "../lab/incidents/schedule.js";
import type { Kata } from "../katas/kata.js";
import { mockReportPath } from "./mock-report.js";
import { rubricCoverage } from "./rubric.js";
import { statement } from "../store/statements.js";

/** The interviews under way, by id. */
export type LiveMocks = Map<string, MockProgress>;

interface Workspace {
  db: Db;
  home: string;
  cards: readonly Card[];
  /** The katas the coding segment may ask (none: it asks cards, as before katas existed). */
  katas?: readonly Kata[];
  /** The incident drills of the server: with them, the experiment-judgment segment asks an incident. */
  incidents?: LiveIncidents;
}

/** What the mock page shows at a moment: the plan's shape, the question to answer and its segment's clock, or the summary. */
export interface MockView {
  id: string;
  role: Role;
  minutes: number;
  /** Null for an interview stored before seeds were kept. */
  seed: number | null;
  startedAt: string;
  segments: Array<{ name: string; questions: number }>;
  current: {
    segment: number;
    question: number;
    /** The card asked; "kata/<slug>" for the coding segment's kata; "incident" for an incident (its name stays hidden until answered). */
    cardId: string;
    /** The kata asked, when the question is the coding segment's kata (cardId is then "kata/<slug>"). */
    kata: string | null;
    /** The incident drill (a session of /api/incidents/sessions), when the question is the experiment-judgment segment's incident. */
    incident: string | null;
    /** When the segment's time is up (ISO), and the clock as of this view. */
    segmentEndsAt: string;
    leftMs: number;
    overtimeMs: number;
    clock: string;
  } | null;
  /** Set once the interview is over. */
  summary: MockSummary | null;
  /** The Markdown summary's path inside the workspace, once written. */
  report: string | null;
}

/** Starts a mock interview at `now`: weakest cards first (as `dojo mock`), stored at once so its attempts point to it. */
export function startLiveMock(mocks: LiveMocks, ws: Workspace, options: { role: Role; minutes: number; seed: number; now: Date }): MockView {
  const strength = cardStrength(loadReviewStates(ws.db), listAttempts(ws.db), options.now);
  const incidents = ws.incidents ? incidentChoices(ws.db, ws.home, options.now) : [];
  const mock = startMock(ws.cards, strength, { ...options, id: randomUUID(), katas: kataChoices(ws.db, ws.katas ?? [], options.now), incidents });
  saveMockSession(ws.db, mock.summary);
  mocks.set(mock.summary.id, mock);
  return advance(mocks, mock, ws, options.now);
}

/**
 * The interview `id` as of `now`: the question under way and its segment's clock (which may
 * read overtime: a question once shown is always finished), or the stored summary once over.
 */
export function viewMock(mocks: LiveMocks, ws: Workspace, id: string, now: Date): MockView {
  const mock = mocks.get(id);
  if (mock) return liveView(mock, ws, now);
  return finishedView(storedSummary(ws.db, id), ws.home);
}

/**
 * Counts the stored attempt `uid` as the answer to the interview's current question (the
 * page stores it, then its follow-up, through the drill routes), then moves on.
 */
export function answerLiveMock(mocks: LiveMocks, ws: Workspace, id: string, uid: string, now: Date): MockView {
  const mock = underWay(mocks, ws, id);
  const attempt = findAttempt(ws.db, uid);
  if (attempt.mockId !== id) throw new InputError(`attempt ${uid} is not part of mock interview ${id}`, "store the attempt with this interview's id");
  if (attempt.cardId !== askedCard(mock)) {
    throw new InputError(`attempt ${uid} does not answer the current question of mock interview ${id}`, "answer the question the interview shows");
  }
  const card = ws.cards.find((c) => c.id === attempt.cardId)!;
  recordMockAnswer(mock, { area: card.area, coverage: rubricCoverage(attempt.rubricTicks) });
  return advance(mocks, mock, ws, now);
}

/**
 * Counts the handed-in kata of the coding segment as its answer: the share of cases its last
 * check in this interview passed (0 without a check), then moves on.
 */
export function answerLiveMockKata(mocks: LiveMocks, ws: Workspace, id: string, now: Date): MockView {
  const mock = underWay(mocks, ws, id);
  const slug = kataOfCardId(askedCard(mock));
  if (slug === null) throw new InputError(`the current question of mock interview ${id} is not a kata`, "answer it as a card");
  const last = listChecks(ws.db, slug)
    .filter((c) => c.sessionId === id)
    .at(-1);
  recordMockAnswer(mock, { area: KATA_AREA, coverage: last ? last.passed / last.total : 0 });
  return advance(mocks, mock, ws, now);
}

/**
 * Counts the answered incident of the experiment-judgment segment as its answer: the score
 * of its answer stored in this interview (0 without one), then moves on.
 */
export function answerLiveMockIncident(mocks: LiveMocks, ws: Workspace, id: string, now: Date): MockView {
  const mock = underWay(mocks, ws, id);
  const incident = incidentOfCardId(askedCard(mock));
  if (incident === null) throw new InputError(`the current question of mock interview ${id} is not an incident`, "answer it as a card");
  const last = listIncidentAttempts(ws.db, { mockId: id })
    .filter((a) => a.incident === incident)
    .at(-1);
  recordMockAnswer(mock, { area: INCIDENT_AREA, coverage: last ? last.score : 0 });
  return advance(mocks, mock, ws, now);
}

/** Stops the interview now: the segment under way ends, the summary is marked unfinished, stored and written. */
export function stopLiveMock(mocks: LiveMocks, ws: Workspace, id: string, now: Date): MockView {
  const mock = underWay(mocks, ws, id);
  return conclude(mocks, mock, ws, now, true);
}

/** An interview under way, or an error saying it is over or unknown. */
function underWay(mocks: LiveMocks, ws: Workspace, id: string): MockProgress {
  const mock = mocks.get(id);
  if (mock) return mock;
  storedSummary(ws.db, id);
  throw new InputError(`mock interview ${id} is over`, "start a new one");
}

/**
 * Asks the next question (as `dojo mock` does after each answer): moves past segments whose
 * questions or time are done; when none is left, the interview ends.
 */
function advance(mocks: LiveMocks, mock: MockProgress, ws: Workspace, now: Date): MockView {
  return currentQuestion(mock, now) === null ? conclude(mocks, mock, ws, now, false) : liveView(mock, ws, now);
}

/** The card of the question under way (advance has placed the interview on it). */
const askedCard = (mock: MockProgress): string => mock.plan[mock.segment].cardIds[mock.question];

/**
 * The interview as the page sees it. An incident question shows as "incident" with a drill of
 * its own (one per question, the same on every view), never by its name.
 */
function liveView(mock: MockProgress, ws: Workspace, now: Date): MockView {
  const at = now.getTime();
  const incident = incidentOfCardId(askedCard(mock));
  const key = `${mock.summary.id}/${mock.segment}/${mock.question}`;
  const session = incident !== null && ws.incidents ? ws.incidents.start(incident, { mockId: mock.summary.id, key }) : null;
  return {
    ...header(mock.summary),
    segments: mock.plan.map((p) => ({ name: p.segment, questions: p.cardIds.length })),
    current: {
      segment: mock.segment,
      question: mock.question,
      cardId: incident === null ? askedCard(mock) : "incident",
      kata: kataOfCardId(askedCard(mock)),
      incident: session,
      segmentEndsAt: new Date(mock.segmentEnd).toISOString(),
      leftMs: Math.max(0, mock.segmentEnd - at),
      overtimeMs: Math.max(0, at - mock.segmentEnd),
      clock: segmentClock(at, mock.segmentEnd),
    },
    summary: null,
    report: null,
  };
}

function conclude(mocks: LiveMocks, mock: MockProgress, ws: Workspace, now: Date, stopped: boolean): MockView {
  const summary = endMock(ws.db, ws.home, mock, now, { stopped });
  mocks.delete(summary.id);
  return finishedView(summary, ws.home);
}

const header = (s: MockSummary) => ({ id: s.id, role: s.role, minutes: s.minutes, seed: s.seed ?? null, startedAt: s.startedAt });

function finishedView(summary: MockSummary, home: string): MockView {
  return {
    ...header(summary),
    segments: summary.segments.map((s) => ({ name: s.name, questions: s.questions })),
    current: null,
    summary,
    report: existsSync(mockReportPath(home, summary.id)) ? `mocks/${summary.id}.md` : null,
  };
}

/**
 * An interview's summary from mock_sessions (one the server no longer holds: finished, or cut
 * off by a restart). Sessions stored before the summary kept its start time take the row's.
 */
function storedSummary(db: Db, id: string): MockSummary {
  const row = statement(db, "SELECT started_at, summary FROM mock_sessions WHERE id = ?").get(id) as { started_at: string; summary: string } | undefined;
  if (!row) throw new NotFoundError(`no mock interview ${id}`, "start one on the Mock page");
  return { startedAt: row.started_at, ...(JSON.parse(row.summary) as object) } as MockSummary;
}
