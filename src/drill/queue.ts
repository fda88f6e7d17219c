import { AREAS, type Area, type Card, type Kind } from "./card.js";
import type { ReviewState } from "./scheduler.js";

/** Which cards a session draws from. */
export interface QueueFilter {
  area?: Area;
  kind?: Kind;
  difficulty?: 1 | 2 | 3;
}

/** The cards that pass the filter. */
export function filterCards(cards: readonly Card[], filter: QueueFilter): Card[] {
  return cards.filter(
    (c) =>
      (filter.area === undefined || c.area === filter.area) &&
      (filter.kind === undefined || c.kind === filter.kind) &&
      (filter.difficulty === undefined || c.difficulty === filter.difficulty),
  );
}

/** A card is due once it has been reviewed and its due date has come. */
function isDue(state: ReviewState | undefined, now: Date): state is ReviewState {
  return state !== undefined && state.due.getTime() <= now.getTime();
}

/** How many of `cards` are due for review at `now`. */
export function countDue(cards: readonly Card[], states: ReadonlyMap<string, ReviewState>, now: Date): number {
  return cards.filter((c) => isDue(states.get(c.id), now)).length;
}

/** When the next of `cards` comes due after `now`: the earliest future due date, null if none is scheduled. */
export function nextDue(cards: readonly Card[], states: ReadonlyMap<string, ReviewState>, now: Date): Date | null {
  let next: Date | null = null;
  for (const c of cards) {
    const due = states.get(c.id)?.due;
    if (due && due.getTime() > now.getTime() && (next === null || due.getTime() < next.getTime())) next = due;
  }
  return next;
}

/**
 * When `at` comes, for people: "in 40 min (2026-11-21 10:40 UTC)"; minutes under an hour,
 * hours under two days, then days; "now" once it has come.
 */
export function describeDue(at: Date, now: Date): string {
  const minutes = Math.ceil((at.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return "now";
  const hours = Math.round(minutes / 60);
  const span = minutes < 60 ? `${minutes} min` : hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
  return `in ${span} (${at.toISOString().slice(0, 16).replace("T", " ")} UTC)`;
}

/**
 * The cards to practise now: cards already reviewed and due (most overdue first), then up
 * to `newLimit` new cards, interleaved across areas (one per area in turn, each area's
 * easier cards first) so that a session is not one topic in a row. Areas with the fewest
 * cards reviewed so far come first in each turn, so every area gets introduced even when
 * a session takes fewer new cards than there are areas.
 */
export function buildQueue(
  cards: readonly Card[],
  states: ReadonlyMap<string, ReviewState>,
  options: QueueFilter & { now: Date; newLimit: number },
): Card[] {
  const eligible = filterCards(cards, options);
  const due = eligible
    .filter((c) => isDue(states.get(c.id), options.now))
    .sort((a, b) => (states.get(a.id) as ReviewState).due.getTime() - (states.get(b.id) as ReviewState).due.getTime());
  const fresh = eligible.filter((c) => !states.has(c.id));
  const reviewedIn = (area: Area) => cards.filter((c) => c.area === area && states.has(c.id)).length;
  const areaOrder = [...AREAS].sort((a, b) => reviewedIn(a) - reviewedIn(b));
  return [...due, ...interleaveByArea(fresh, areaOrder).slice(0, options.newLimit)];
}

/** Round-robin over areas in `areaOrder`; within an area by difficulty, then id. */
function interleaveByArea(cards: readonly Card[], areaOrder: readonly Area[]): Card[] {
  const byArea = areaOrder.map((area) =>
    cards.filter((c) => c.area === area).sort((a, b) => a.difficulty - b.difficulty || (a.id < b.id ? -1 : 1)),
  );
  const out: Card[] = [];
  for (let round = 0; out.length < cards.length; round++) {
    for (const list of byArea) if (round < list.length) out.push(list[round]);
  }
  return out;
}
