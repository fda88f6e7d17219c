/**
 * Alignment drills in the common FSRS queue, beside cards, katas and incidents: a drill's
 * memory state is kept in the reviews table under "align/<drill id>", and the user rates it
 * (again, hard, good, easy) after the model answer is revealed. As with katas and incidents,
 * only a drill that is new or due is rated; answering one that is not yet due is practice
 * and leaves its schedule alone.
 */
import { loadReviewStates, saveReviewState } from "../drill/history.js";
import { dueFirst, newReviewState, review, type ReviewState } from "../drill/scheduler.js";
import { isRatable } from "../katas/schedule.js";
import type { Db } from "../store/open.js";
import type { AlignDrill } from "./align-drills.js";

const PREFIX = "align/";

/** The review id of an alignment drill. */
export const alignDrillCardId = (drillId: string): string => `${PREFIX}${drillId}`;

/** The drill id of a review id, or null for a card's, a kata's or an incident's. */
export const alignDrillOfCardId = (cardId: string): string | null => (cardId.startsWith(PREFIX) ? cardId.slice(PREFIX.length) : null);

/** The FSRS state of every alignment drill rated so far, by drill id. */
export function alignDrillStates(states: ReadonlyMap<string, ReviewState>): Map<string, ReviewState> {
  const out = new Map<string, ReviewState>();
  for (const [cardId, state] of states) {
    const id = alignDrillOfCardId(cardId);
    if (id !== null) out.set(id, state);
  }
  return out;
}

/** The alignment drills (of every pipeline) due at `now`, most overdue first. */
export function dueAlignDrills(states: ReadonlyMap<string, ReviewState>, now: Date): string[] {
  return dueFirst(alignDrillStates(states), now);
}

/** Why a drill comes next: it is due, it was never rated, or every one is rated and none is due (practice). */
export type AlignDrillReason = "due" | "new" | "review";

/**
 * The drill to ask now among `drills`: the most overdue, else the first never rated, else the
 * one coming due soonest (practice, ahead of its schedule). Null when there are none.
 *
 * @example pickAlignDrill(alignDrills(home, id), loadReviewStates(db), new Date())?.reason // "new"
 */
export function pickAlignDrill(drills: readonly AlignDrill[], states: ReadonlyMap<string, ReviewState>, now: Date): { drill: AlignDrill; reason: AlignDrillReason } | null {
  const rated = alignDrillStates(states);
  const due = drills.filter((d) => rated.has(d.id) && rated.get(d.id)!.due.getTime() <= now.getTime()).sort((a, b) => rated.get(a.id)!.due.getTime() - rated.get(b.id)!.due.getTime());
  if (due.length > 0) return { drill: due[0], reason: "due" };
  const fresh = drills.find((d) => !rated.has(d.id));
  if (fresh) return { drill: fresh, reason: "new" };
  const soonest = [...drills].sort((a, b) => rated.get(a.id)!.due.getTime() - rated.get(b.id)!.due.getTime())[0];
  return soonest ? { drill: soonest, reason: "review" } : null;
}

/**
 * Rates drill `drillId` with `rating` at `now` when it is new or due, and returns its new
 * state; null when it is not due (practice: the schedule is unchanged).
 */
export function rateAlignDrill(db: Db, drillId: string, rating: Parameters<typeof review>[1], now: Date): ReviewState | null {
  return db
    .transaction(() => {
      const previous = alignDrillStates(loadReviewStates(db)).get(drillId);
      if (!isRatable(previous, now)) return null;
      const state = review(previous ?? newReviewState(now), rating, now);
      saveReviewState(db, alignDrillCardId(drillId), state);
      return state;
    })
    .immediate();
}
