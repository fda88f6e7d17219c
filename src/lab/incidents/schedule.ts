/**
 * Incidents in the common FSRS queue, beside cards and katas: an incident's memory state
 * is kept in the reviews table under the id "incident/<id>", and an answer rates it by its
 * score (scoring.ts: Good, Hard or Again). As with katas, only an incident that is new or
 * due is rated; answering one that is not yet due is practice and leaves its schedule alone.
 */
import { loadReviewStates, saveReviewState } from "../../drill/history.js";
import { dueFirst, newReviewState, review, type ReviewState } from "../../drill/scheduler.js";
import type { Db } from "../../store/open.js";
import { isIncidentId, type IncidentId } from "./catalogue.js";

/** The review id of an incident. */
export const incidentCardId = (id: IncidentId): string => `incident/${id}`;

/** The incident of a review id, or null for a card's or a kata's. */
export function incidentOfCardId(cardId: string): IncidentId | null {
  if (!cardId.startsWith("incident/")) return null;
  const id = cardId.slice("incident/".length);
  return isIncidentId(id) ? id : null;
}

/** The FSRS state of every incident rated so far. */
export function incidentStates(states: ReadonlyMap<string, ReviewState>): Map<IncidentId, ReviewState> {
  const out = new Map<IncidentId, ReviewState>();
  for (const [cardId, state] of states) {
    const id = incidentOfCardId(cardId);
    if (id !== null) out.set(id, state);
  }
  return out;
}

/** The incidents due at `now`, most overdue first. */
export function dueIncidents(states: ReadonlyMap<string, ReviewState>, now: Date): IncidentId[] {
  return dueFirst(incidentStates(states), now);
}

/** Whether an answer at `now` rates an incident in this state: never rated, or due. */
export const isIncidentRatable = (state: ReviewState | undefined, now: Date): boolean => state === undefined || state.due.getTime() <= now.getTime();

/**
 * Rates incident `id` with `rating` at `now` when it is new or due, and returns its new
 * state; null when it is not due (practice: the schedule is unchanged).
 */
export function rateIncident(db: Db, id: IncidentId, rating: Parameters<typeof review>[1], now: Date): ReviewState | null {
  const previous = incidentStates(loadReviewStates(db)).get(id);
  if (!isIncidentRatable(previous, now)) return null;
  const state = review(previous ?? newReviewState(now), rating, now);
  saveReviewState(db, incidentCardId(id), state);
  return state;
}
