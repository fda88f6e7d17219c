import { AREAS, type Area, type Card, type Kind } from "./card.js";
import type { ReviewState } from "./scheduler.js";

/** Which cards a session draws from. */
export interface QueueFilter {
  area?: Area;
  kind?: Kind;
  difficulty?: 1 | 2 | 3;
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
  const eligible = cards.filter(
    (c) =>
      (options.area === undefined || c.area === options.area) &&
      (options.kind === undefined || c.kind === options.kind) &&
      (options.difficulty === undefined || c.difficulty === options.difficulty),
  );
  const due = eligible
    .filter((c) => {
      const state = states.get(c.id);
      return state !== undefined && state.due.getTime() <= options.now.getTime();
    })
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
