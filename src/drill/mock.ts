import { randomUUID } from "node:crypto";
import { mean } from "../stats/describe.js";
import { createRng } from "../stats/prng.js";
import type { Db } from "../store/open.js";
import type { Area, Card, Kind } from "./card.js";
import { listAttempts, type Attempt } from "./history.js";
import { writeMockReport } from "./mock-report.js";
import { formatDuration, practiseCard, type PracticeContext } from "./practice.js";
import { rubricCoverage } from "./rubric.js";
import { retrievability, type ReviewState } from "./scheduler.js";
import { statement } from "../store/statements.js";
import type { Kata, Language } from "../katas/kata.js";
import { practiseKataInMock } from "../katas/mock-kata.js";
import { kataCardId, kataOfCardId, kataStates } from "../katas/schedule.js";
import { incidentChoices, pickMockIncident, practiseIncidentInMock, type IncidentChoice } from "../lab/incidents/mock-incident.js";
import { incidentCardId, incidentOfCardId } from "../lab/incidents/schedule.js";
import type { IncidentId } from "../lab/incidents/catalogue.js";

export type Role = "scientist" | "engineer";

/** One part of a mock interview: what these interviews test, and where its questions come from. */
export interface Segment {
  name: string;
  areas: readonly Area[];
  /** Only cards of these kinds, when set (the coding talk-through wants worked, hands-on answers). */
  kinds?: readonly Kind[];
  /** The coding segment: a kata (write the solution, then talk through its follow-up) when katas are offered. */
  coding?: true;
  /** The experiment-judgment segment: an incident (diagnose a training run) when incidents are offered. */
  judgment?: true;
}

/**
 * The four segments of a mock interview, mirroring what research interviews test:
 * foundations, experiment judgment, a coding talk-through and research taste. An
 * engineer's loop leans on systems and debugging; a scientist's on evaluation and papers.
 */
export function mockSegments(role: Role): Segment[] {
  const engineer = role === "engineer";
  return [
    { name: "foundations", areas: ["objectives", "tokenization", "architecture", "scaling"] },
    {
      name: "experiment judgment",
      areas: engineer ? ["pathologies", "evaluation", "ablations", "pretraining-data"] : ["evaluation", "ablations", "grounding", "pretraining-data"],
      judgment: true,
    },
    {
      name: "coding talk-through",
      areas: engineer ? ["systems", "pathologies", "architecture", "scaling"] : ["objectives", "evaluation", "alignment", "architecture"],
      kinds: ["quantitative", "design"],
      coding: true,
    },
    { name: "research taste", areas: engineer ? ["taste", "communication", "systems"] : ["taste", "papers", "alignment", "communication"] },
  ];
}

/** The seed of an interview started without one: from the clock (and printed or shown, so it can be replayed). */
export function seedFromClock(now: Date): number {
  return now.getTime() % 1_000_000;
}

/** Minutes one question and its follow-up take in a mock interview. */
export const MINUTES_PER_QUESTION = 5;

/**
 * How well the user knows each card, in [0, 1], lower = weaker: for a card practised
 * before, the smaller of its FSRS recall probability now and its last rubric coverage (a
 * card failed an hour ago is weak even though it was just seen); 0.5 for a card never seen.
 */
export function cardStrength(states: ReadonlyMap<string, ReviewState>, attempts: readonly Attempt[], now: Date): (card: Card) => number {
  const lastCoverage = new Map<string, number>();
  for (const a of attempts) lastCoverage.set(a.cardId, rubricCoverage(a.rubricTicks));
  return (card) => {
    const state = states.get(card.id);
    if (!state) return 0.5;
    return Math.min(retrievability(state, now), lastCoverage.get(card.id) ?? 1);
  };
}

/** A kata the coding segment may ask: its budget and how well the user knows it (as cardStrength). */
export interface KataChoice {
  slug: string;
  minutes: number;
  strength: number;
}

/**
 * Picks each segment's questions: the weakest cards first (see cardStrength), ties broken
 * by a seeded shuffle; no card twice in one interview. About one question per 5 minutes.
 * With katas offered, the coding segment is one kata instead: the weakest whose budget fits
 * the segment's share of the time (the shortest when none fits). With incidents offered (those
 * whose runs are generated: incidentChoices), the experiment-judgment segment is one
 * incident: the weakest (pickMockIncident).
 */
export function planMock(
  cards: readonly Card[],
  strength: (card: Card) => number,
  options: { role: Role; minutes: number; seed: number; katas?: readonly KataChoice[]; incidents?: readonly IncidentChoice[] },
): Array<{ segment: Segment; cards: Card[]; kata: string | null; incident: IncidentId | null }> {
  const rng = createRng(options.seed);
  const segments = mockSegments(options.role);
  const perSegment = Math.max(1, Math.round(options.minutes / segments.length / MINUTES_PER_QUESTION));
  const used = new Set<string>();
  return segments.map((segment) => {
    if (segment.coding && options.katas?.length) return { segment, cards: [], kata: pickKata(options.katas, options.minutes / segments.length, rng.nextFloat()), incident: null };
    if (segment.judgment && options.incidents?.length) return { segment, cards: [], kata: null, incident: pickMockIncident(options.incidents, rng.nextFloat()) };
    const picked = cards
      .filter((c) => segment.areas.includes(c.area) && (!segment.kinds || segment.kinds.includes(c.kind)) && !used.has(c.id))
      .map((c) => ({ c, key: strength(c), tie: rng.nextFloat() }))
      .sort((a, b) => a.key - b.key || a.tie - b.tie)
      .slice(0, perSegment)
      .map(({ c }) => c);
    picked.forEach((c) => used.add(c.id));
    return { segment, cards: picked, kata: null, incident: null };
  });
}

/** The weakest kata that fits `minutes` (the shortest ones when none fits); `tie` in [0, 1) picks among equals. */
function pickKata(katas: readonly KataChoice[], minutes: number, tie: number): string {
  const fitting = katas.filter((k) => k.minutes <= minutes);
  const shortest = Math.min(...katas.map((k) => k.minutes));
  const pool = fitting.length ? fitting : katas.filter((k) => k.minutes === shortest);
  const weakest = Math.min(...pool.map((k) => k.strength));
  const candidates = pool.filter((k) => k.strength === weakest).sort((a, b) => (a.slug < b.slug ? -1 : 1));
  return candidates[Math.floor(tie * candidates.length)].slug;
}

/** What the user sees at the end, and what is stored with the session. */
export interface MockSummary {
  id: string;
  role: Role;
  minutes: number;
  /** The seed that picked the questions: the same seed and history give the same interview. */
  seed: number;
  /** ISO time the interview started. */
  startedAt: string;
  /** Per segment: minutes taken, minutes it had, and minutes past its end (0 when on time). */
  segments: Array<{ name: string; questions: number; coverage: number | null; minutes: number; allottedMinutes: number; overtimeMinutes: number }>;
  weakestAreas: Array<{ area: string; coverage: number; attempts: number }>;
  finished: boolean;
}

/**
 * The clock after an answer in a mock interview: the time left in the segment, or the
 * overtime signal once its end has passed (times in ms).
 *
 * @example segmentClock(0, 150_000) // "2 min 30 s left in this segment"
 * @example segmentClock(90_000, 30_000) // "overtime: 1 min 0 s past this segment's end"
 */
export function segmentClock(now: number, segmentEnd: number): string {
  return now <= segmentEnd ? `${formatDuration(segmentEnd - now)} left in this segment` : `overtime: ${formatDuration(now - segmentEnd)} past this segment's end`;
}

/** One answered question of a mock interview, as its summary needs it. */
export interface MockAnswer {
  area: string;
  coverage: number;
}

/**
 * A mock interview under way, as plain data: the plan, where the interview is, the current
 * segment's clock, and the answers so far. The CLI's runMock and the web app's mock routes
 * move it with the same functions (startMock, currentQuestion, recordMockAnswer, finishMock).
 */
export interface MockProgress {
  summary: MockSummary;
  /** Card ids per segment, in the order asked. */
  plan: Array<{ segment: string; cardIds: string[] }>;
  /** When the whole interview is up (ms). */
  deadline: number;
  /** The current segment (plan.length once every segment is over) and its next question. */
  segment: number;
  question: number;
  /** The current segment's start and end (ms): it has an equal share of the time left when it starts. */
  segmentStart: number;
  segmentEnd: number;
  /** Answers in the current segment, and in the whole interview. */
  segmentAnswers: MockAnswer[];
  answers: MockAnswer[];
}

/** Plans a mock interview starting at `now` (see planMock) and opens its first segment. */
export function startMock(
  cards: readonly Card[],
  strength: (card: Card) => number,
  options: { role: Role; minutes: number; seed: number; id: string; now: Date; katas?: readonly KataChoice[]; incidents?: readonly IncidentChoice[] },
): MockProgress {
  const start = options.now.getTime();
  const questionsOf = (p: ReturnType<typeof planMock>[number]) =>
    p.kata ? [kataCardId(p.kata)] : p.incident ? [incidentCardId(p.incident)] : p.cards.map((c) => c.id);
  const plan = planMock(cards, strength, options).map((p) => ({ segment: p.segment.name, cardIds: questionsOf(p) }));
  const mock: MockProgress = {
    summary: { id: options.id, role: options.role, minutes: options.minutes, seed: options.seed, startedAt: options.now.toISOString(), segments: [], weakestAreas: [], finished: false },
    plan,
    deadline: start + options.minutes * 60_000,
    segment: 0,
    question: 0,
    segmentStart: start,
    segmentEnd: start,
    segmentAnswers: [],
    answers: [],
  };
  openSegment(mock, start);
  return mock;
}

/** Starts the current segment at `now`, with an equal share of the time left. */
function openSegment(mock: MockProgress, now: number): void {
  mock.question = 0;
  mock.segmentAnswers = [];
  mock.segmentStart = now;
  mock.segmentEnd = now + (mock.deadline - now) / (mock.plan.length - mock.segment);
}

/** Ends the current segment at `now`: its line of the summary. */
function closeSegment(mock: MockProgress, now: number): void {
  const { segmentStart: start, segmentEnd: end, segmentAnswers: answers } = mock;
  mock.summary.segments.push({
    name: mock.plan[mock.segment].segment,
    questions: answers.length,
    coverage: answers.length ? mean(answers.map((a) => a.coverage)) : null,
    minutes: (now - start) / 60_000,
    allottedMinutes: (end - start) / 60_000,
    overtimeMinutes: Math.max(0, now - end) / 60_000,
  });
  mock.segment++;
}

/**
 * The question to ask at `now`: the current segment's next card while it has one and its time
 * is not up; otherwise that segment ends now and the next one starts. Null once every segment
 * is over. A question already under way is always finished (its overtime is recorded).
 */
export function currentQuestion(mock: MockProgress, now: Date): { segment: number; question: number; cardId: string } | null {
  const at = now.getTime();
  while (mock.segment < mock.plan.length) {
    const { cardIds } = mock.plan[mock.segment];
    if (mock.question < cardIds.length && at < mock.segmentEnd) return { segment: mock.segment, question: mock.question, cardId: cardIds[mock.question] };
    closeSegment(mock, at);
    if (mock.segment < mock.plan.length) openSegment(mock, at);
  }
  return null;
}

/** Counts the answer to the current question and moves to the next one. */
export function recordMockAnswer(mock: MockProgress, answer: MockAnswer): void {
  mock.segmentAnswers.push(answer);
  mock.answers.push(answer);
  mock.question++;
}

/**
 * The interview's summary at `now`: when the user stops early, the segment under way ends
 * there and the interview is marked unfinished; the three weakest areas of all answers.
 */
export function finishMock(mock: MockProgress, now: Date, options: { stopped: boolean }): MockSummary {
  if (options.stopped && mock.segment < mock.plan.length) closeSegment(mock, now.getTime());
  mock.summary.weakestAreas = weakestAreas(mock.answers);
  mock.summary.finished = !options.stopped;
  return mock.summary;
}

/**
 * Ends the interview at `now` (see finishMock): its summary is stored with the session and
 * written to mocks/<id>.md in the workspace `home`, the same for `dojo mock` and the web app.
 */
export function endMock(db: Db, home: string, mock: MockProgress, now: Date, options: { stopped: boolean }): MockSummary {
  const summary = finishMock(mock, now, options);
  saveMockSession(db, summary);
  writeMockReport(home, summary);
  return summary;
}

/** Stores (or updates) a mock interview's session and summary, as `dojo export` carries it. */
export function saveMockSession(db: Db, summary: MockSummary): void {
  statement(db, "INSERT OR REPLACE INTO mock_sessions (id, started_at, role, minutes, summary) VALUES (?, ?, ?, ?, ?)").run(
    summary.id,
    summary.startedAt,
    summary.role,
    summary.minutes,
    JSON.stringify(summary),
  );
}

/**
 * Runs a timed mock interview. The session is stored when it starts (so its attempts
 * always point to it) and its summary when it ends. Each segment gets an equal share of the
 * time left; each question is followed by a follow-up; a segment whose time is up moves on,
 * and the interview ends at its deadline. Each question's heading says the segment's time
 * left; after each answer (and only then) comes the model answer, titled with the segment's
 * time left or its overtime, as is the follow-up's answer prompt. Every attempt is recorded, so ratings feed the
 * FSRS schedule. The summary gives rubric coverage per segment and the three weakest areas;
 * it is also written to mocks/<id>.md in the workspace `home`.
 */
export async function runMock(
  ctx: PracticeContext,
  cards: readonly Card[],
  options: {
    role: Role;
    minutes: number;
    seed: number;
    home: string;
    katas?: readonly Kata[];
    lang?: Language;
    /** Offer incidents: the experiment-judgment segment drills one whose run is generated (incidentChoices), if any. */
    incidents?: { onProgress?: (step: number, steps: number) => void };
  },
): Promise<MockSummary> {
  const startedAt = ctx.now();
  const strength = cardStrength(ctx.states, listAttempts(ctx.db), startedAt);
  const katas = options.katas ?? [];
  const incidents = options.incidents ? incidentChoices(ctx.db, options.home, startedAt) : [];
  const mock = startMock(cards, strength, { ...options, id: randomUUID(), now: startedAt, katas: kataChoices(ctx.db, katas, startedAt), incidents });
  saveMockSession(ctx.db, mock.summary);
  const byId = new Map(cards.map((c) => [c.id, c]));

  let stopped = false;
  for (let next = currentQuestion(mock, ctx.now()); next !== null; next = currentQuestion(mock, ctx.now())) {
    const { segment, cardIds } = mock.plan[next.segment];
    const segmentEnd = mock.segmentEnd;
    const heading = `mock ${next.segment + 1}/${mock.plan.length} ${segment} · question ${next.question + 1}/${cardIds.length} · ${formatDuration(segmentEnd - ctx.now().getTime())} left`;
    const timeNote = (at: Date) => segmentClock(at.getTime(), segmentEnd);
    const incident = incidentOfCardId(next.cardId);
    if (incident !== null) {
      const done = await practiseIncidentInMock({ ...ctx, home: options.home }, incident, { mockId: mock.summary.id, heading, onProgress: options.incidents?.onProgress });
      recordMockAnswer(mock, { area: INCIDENT_AREA, coverage: done.coverage });
      if (done.quit) {
        stopped = true;
        break;
      }
      continue;
    }
    const kata = katas.find((k) => k.slug === kataOfCardId(next.cardId));
    if (kata) {
      const minutes = Math.max(1, Math.round((segmentEnd - ctx.now().getTime()) / 60_000));
      const done = await practiseKataInMock({ ...ctx, home: options.home }, kata, { mockId: mock.summary.id, heading, lang: options.lang ?? "py", minutes });
      recordMockAnswer(mock, { area: KATA_AREA, coverage: done.coverage });
      if (done.quit) {
        stopped = true;
        break;
      }
      continue;
    }
    const card = byId.get(next.cardId)!;
    const outcome = await practiseCard(ctx, card, { heading, mockId: mock.summary.id, followupIndex: 0, timeNote });
    if (outcome !== null) recordMockAnswer(mock, { area: card.area, coverage: outcome.coverage });
    if (outcome === null || outcome.quit) {
      stopped = true;
      break;
    }
  }
  return endMock(ctx.db, options.home, mock, ctx.now(), { stopped });
}

/** How a kata's answer is counted among the areas of a mock's summary. */
export const KATA_AREA = "coding";
/** How an incident's answer is counted among the areas of a mock's summary. */
export const INCIDENT_AREA = "incidents";

/** Katas as the coding segment chooses among them: weaker = lower FSRS recall now (0.5 for one never rated). */
export function kataChoices(db: Db, katas: readonly Kata[], now: Date): KataChoice[] {
  const states = kataStates(db);
  return katas.map((k) => {
    const state = states.get(k.slug);
    return { slug: k.slug, minutes: k.minutes, strength: state ? retrievability(state, now) : 0.5 };
  });
}

/** The three areas with the lowest mean rubric coverage in these answers. */
function weakestAreas(answers: readonly MockAnswer[]): MockSummary["weakestAreas"] {
  const byArea = new Map<string, number[]>();
  for (const a of answers) byArea.set(a.area, [...(byArea.get(a.area) ?? []), a.coverage]);
  return [...byArea.entries()]
    .map(([area, coverages]) => ({ area, coverage: mean(coverages), attempts: coverages.length }))
    .sort((a, b) => a.coverage - b.coverage || (a.area < b.area ? -1 : 1))
    .slice(0, 3);
}
