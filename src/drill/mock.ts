import { randomUUID } from "node:crypto";
import { mean } from "../stats/describe.js";
import { createRng } from "../stats/prng.js";
import type { Area, Card, Kind } from "./card.js";
import { listAttempts, type Attempt } from "./history.js";
import { formatDuration, practiseCard, type PracticeContext, type PracticeOutcome } from "./practice.js";
import { rubricCoverage } from "./rubric.js";
import { retrievability, type ReviewState } from "./scheduler.js";

export type Role = "scientist" | "engineer";

/** One part of a mock interview: what these interviews test, and where its questions come from. */
export interface Segment {
  name: string;
  areas: readonly Area[];
  /** Only cards of these kinds, when set (the coding talk-through wants worked, hands-on answers). */
  kinds?: readonly Kind[];
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
    },
    {
      name: "coding talk-through",
      areas: engineer ? ["systems", "pathologies", "architecture", "scaling"] : ["objectives", "evaluation", "alignment", "architecture"],
      kinds: ["quantitative", "design"],
    },
    { name: "research taste", areas: engineer ? ["taste", "communication", "systems"] : ["taste", "papers", "alignment", "communication"] },
  ];
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

/**
 * Picks each segment's questions: the weakest cards first (see cardStrength), ties broken
 * by a seeded shuffle; no card twice in one interview. About one question per 5 minutes.
 */
export function planMock(
  cards: readonly Card[],
  strength: (card: Card) => number,
  options: { role: Role; minutes: number; seed: number },
): Array<{ segment: Segment; cards: Card[] }> {
  const rng = createRng(options.seed);
  const segments = mockSegments(options.role);
  const perSegment = Math.max(1, Math.round(options.minutes / segments.length / MINUTES_PER_QUESTION));
  const used = new Set<string>();
  return segments.map((segment) => {
    const picked = cards
      .filter((c) => segment.areas.includes(c.area) && (!segment.kinds || segment.kinds.includes(c.kind)) && !used.has(c.id))
      .map((c) => ({ c, key: strength(c), tie: rng.nextFloat() }))
      .sort((a, b) => a.key - b.key || a.tie - b.tie)
      .slice(0, perSegment)
      .map(({ c }) => c);
    picked.forEach((c) => used.add(c.id));
    return { segment, cards: picked };
  });
}

/** What the user sees at the end, and what is stored with the session. */
export interface MockSummary {
  id: string;
  role: Role;
  minutes: number;
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

/**
 * Runs a timed mock interview. The session is stored when it starts (so its attempts
 * always point to it) and its summary when it ends. Each segment gets an equal share of the
 * time left; each question is followed by a follow-up; a segment whose time is up moves on,
 * and the interview ends at its deadline. Each question's heading says the segment's time
 * left; after each answer (and only then) comes the model answer, titled with the segment's
 * time left or its overtime, as is the follow-up's answer prompt. Every attempt is recorded, so ratings feed the
 * FSRS schedule. The summary gives rubric coverage per segment and the three weakest areas.
 */
export async function runMock(
  ctx: PracticeContext,
  cards: readonly Card[],
  options: { role: Role; minutes: number; seed: number },
): Promise<MockSummary> {
  const id = randomUUID();
  const startedAt = ctx.now();
  const deadline = startedAt.getTime() + options.minutes * 60_000;
  const strength = cardStrength(ctx.states, listAttempts(ctx.db), startedAt);
  const plan = planMock(cards, strength, options);
  const save = (summary: MockSummary) =>
    ctx.db
      .prepare("INSERT OR REPLACE INTO mock_sessions (id, started_at, role, minutes, summary) VALUES (?, ?, ?, ?, ?)")
      .run(id, startedAt.toISOString(), options.role, options.minutes, JSON.stringify(summary));
  const summary: MockSummary = { id, role: options.role, minutes: options.minutes, segments: [], weakestAreas: [], finished: false };
  save(summary);

  const outcomes: PracticeOutcome[] = [];
  let quit = false;
  for (const [index, { segment, cards: questions }] of plan.entries()) {
    const segmentStart = ctx.now().getTime();
    const segmentEnd = segmentStart + (deadline - segmentStart) / (plan.length - index);
    const segmentOutcomes: PracticeOutcome[] = [];
    for (const [q, card] of questions.entries()) {
      const now = ctx.now().getTime();
      if (now >= segmentEnd) break;
      const heading = `mock ${index + 1}/${plan.length} ${segment.name} · question ${q + 1}/${questions.length} · ${formatDuration(segmentEnd - now)} left`;
      const timeNote = (at: Date) => segmentClock(at.getTime(), segmentEnd);
      const outcome = await practiseCard(ctx, card, { heading, mockId: id, followupIndex: 0, timeNote });
      if (outcome === null) {
        quit = true;
        break;
      }
      segmentOutcomes.push(outcome);
      if (outcome.quit) {
        quit = true;
        break;
      }
    }
    outcomes.push(...segmentOutcomes);
    const segmentDone = ctx.now().getTime();
    summary.segments.push({
      name: segment.name,
      questions: segmentOutcomes.length,
      coverage: segmentOutcomes.length ? mean(segmentOutcomes.map((o) => o.coverage)) : null,
      minutes: (segmentDone - segmentStart) / 60_000,
      allottedMinutes: (segmentEnd - segmentStart) / 60_000,
      overtimeMinutes: Math.max(0, segmentDone - segmentEnd) / 60_000,
    });
    if (quit) break;
  }
  summary.weakestAreas = weakestAreas(outcomes);
  summary.finished = !quit;
  save(summary);
  return summary;
}

/** The three areas with the lowest mean rubric coverage in these outcomes. */
function weakestAreas(outcomes: readonly PracticeOutcome[]): MockSummary["weakestAreas"] {
  const byArea = new Map<string, number[]>();
  for (const o of outcomes) byArea.set(o.card.area, [...(byArea.get(o.card.area) ?? []), o.coverage]);
  return [...byArea.entries()]
    .map(([area, coverages]) => ({ area, coverage: mean(coverages), attempts: coverages.length }))
    .sort((a, b) => a.coverage - b.coverage || (a.area < b.area ? -1 : 1))
    .slice(0, 3);
}
