import { randomUUID } from "node:crypto";
import { mean } from "../stats/describe.js";
import { createRng } from "../stats/prng.js";
import type { Area, Card, Kind } from "./card.js";
import { practiseCard, type PracticeContext, type PracticeOutcome } from "./practice.js";
import { retrievability } from "./scheduler.js";

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
 * Picks each segment's questions: the cards the user is weakest on come first (lowest
 * recall probability, unseen cards counted as 0.5), ties broken by a seeded shuffle;
 * no card twice in one interview.
 */
export function planMock(
  cards: readonly Card[],
  ctx: Pick<PracticeContext, "states">,
  options: { role: Role; minutes: number; seed: number; now: Date },
): Array<{ segment: Segment; cards: Card[] }> {
  const rng = createRng(options.seed);
  const perSegment = Math.max(1, Math.floor(options.minutes / 4 / MINUTES_PER_QUESTION));
  const used = new Set<string>();
  return mockSegments(options.role).map((segment) => {
    const weakness = (c: Card) => {
      const state = ctx.states.get(c.id);
      return state ? retrievability(state, options.now) : 0.5;
    };
    const candidates = cards
      .filter((c) => segment.areas.includes(c.area) && (!segment.kinds || segment.kinds.includes(c.kind)) && !used.has(c.id))
      .map((c) => ({ c, key: weakness(c), tie: rng.nextFloat() }))
      .sort((a, b) => a.key - b.key || a.tie - b.tie)
      .slice(0, perSegment)
      .map(({ c }) => c);
    candidates.forEach((c) => used.add(c.id));
    return { segment, cards: candidates };
  });
}

/** What the user sees at the end, and what is stored with the session. */
export interface MockSummary {
  id: string;
  role: Role;
  minutes: number;
  segments: Array<{ name: string; questions: number; coverage: number | null; minutes: number }>;
  weakestAreas: Array<{ area: string; coverage: number; attempts: number }>;
  finished: boolean;
}

/**
 * Runs a timed mock interview: each segment gets a quarter of the time; each question is
 * followed by a follow-up; a segment whose time is up moves on to the next. Every attempt
 * is recorded (so ratings feed the FSRS schedule), and the summary with rubric coverage per
 * segment and the three weakest areas is stored with the session.
 */
export async function runMock(
  ctx: PracticeContext,
  cards: readonly Card[],
  options: { role: Role; minutes: number; seed: number },
): Promise<MockSummary> {
  const id = randomUUID();
  const startedAt = ctx.now();
  const plan = planMock(cards, ctx, { ...options, now: startedAt });
  const budgetMs = (options.minutes * 60_000) / plan.length;
  const outcomes: PracticeOutcome[] = [];
  const segments: MockSummary["segments"] = [];
  let finished = true;
  for (const [index, { segment, cards: questions }] of plan.entries()) {
    const segmentStart = ctx.now();
    const segmentOutcomes: PracticeOutcome[] = [];
    for (const [q, card] of questions.entries()) {
      const elapsed = ctx.now().getTime() - segmentStart.getTime();
      if (elapsed >= budgetMs) break;
      const left = Math.ceil((budgetMs - elapsed) / 60_000);
      const heading = `mock ${index + 1}/4 ${segment.name} · question ${q + 1}/${questions.length} · ${left} min left`;
      const outcome = await practiseCard(ctx, card, { heading, mockId: id, followupIndex: 0 });
      if (outcome === null) {
        finished = false;
        break;
      }
      segmentOutcomes.push(outcome);
    }
    outcomes.push(...segmentOutcomes);
    segments.push({
      name: segment.name,
      questions: segmentOutcomes.length,
      coverage: segmentOutcomes.length ? mean(segmentOutcomes.map((o) => o.coverage)) : null,
      minutes: (ctx.now().getTime() - segmentStart.getTime()) / 60_000,
    });
    if (!finished) break;
  }
  const summary: MockSummary = { id, role: options.role, minutes: options.minutes, segments, weakestAreas: weakestAreas(outcomes), finished };
  ctx.db
    .prepare("INSERT INTO mock_sessions (id, started_at, role, minutes, summary) VALUES (?, ?, ?, ?, ?)")
    .run(id, startedAt.toISOString(), options.role, options.minutes, JSON.stringify(summary));
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
