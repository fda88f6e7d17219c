/**
 * Katas in the FSRS queue, beside the cards: a kata's memory state is kept in the same
 * reviews table under the id "kata/<slug>", and a round on a kata rates it:
 *   passed on the first check of the round → Good
 *   passed after failed checks             → Hard
 *   gave up (or revealed the solution)     → Again
 * A round is the checks since the kata was last rated. Only a kata that is new or due is
 * rated; on a kata not yet due, checks are practice and leave its schedule alone (as
 * re-reviewing a card early would distort its stability).
 */
import { RATINGS, newReviewState, review, type ReviewState } from "../drill/scheduler.js";
import type { Db } from "../store/open.js";
import { loadReviewStates, saveReviewState } from "../drill/history.js";
import { insertOutcome, listChecks, type KataCheck, type RoundOutcome } from "./history.js";

/** The review id of a kata. */
export const kataCardId = (slug: string): string => `kata/${slug}`;

/** The slug of a kata's review id, or null for a card's. */
export const kataOfCardId = (id: string): string | null => (id.startsWith("kata/") ? id.slice("kata/".length) : null);

/** The FSRS state of every kata rated so far, by slug. */
export function kataStates(db: Db): Map<string, ReviewState> {
  const states = new Map<string, ReviewState>();
  for (const [id, state] of loadReviewStates(db)) {
    const slug = kataOfCardId(id);
    if (slug !== null) states.set(slug, state);
  }
  return states;
}

/** The katas due at `now` (their review ids are "kata/<slug>"), most overdue first. */
export function dueKatas(states: ReadonlyMap<string, ReviewState>, now: Date): string[] {
  return [...states]
    .filter(([id, s]) => kataOfCardId(id) !== null && s.due.getTime() <= now.getTime())
    .sort(([, a], [, b]) => a.due.getTime() - b.due.getTime())
    .map(([id]) => kataOfCardId(id)!);
}

/** Whether a kata with this state is rated by a round ending now: never rated, or due. */
export const isRatable = (state: ReviewState | undefined, now: Date): boolean => state === undefined || state.due.getTime() <= now.getTime();

/**
 * The checks of the current round: those made while the kata could be rated (after its last
 * rating, and once it was due), after the last pass before the latest check. Practice on a
 * kata not yet due, and checks that could not run (no Python), never count.
 */
export function currentRound(checks: readonly KataCheck[], state: ReviewState | undefined): KataCheck[] {
  const since = state ? Math.max(state.last_review?.getTime() ?? -Infinity, state.due.getTime() - 1) : -Infinity;
  const after = checks.filter((c) => c.checkedAt.getTime() > since && c.verdict !== "no-runtime");
  let start = 0;
  for (let i = 0; i < after.length - 1; i++) if (after[i].verdict === "passed") start = i + 1;
  return after.slice(start);
}

/** How a round ends, from its checks (the last one decides whether it passed). */
export function roundOutcome(round: readonly KataCheck[], gaveUp: boolean): RoundOutcome | null {
  if (gaveUp) return "gave-up";
  const last = round.at(-1);
  if (!last || last.verdict !== "passed") return null;
  return round.slice(0, -1).some((c) => c.verdict !== "passed") ? "passed-after-failures" : "passed-first-try";
}

export const OUTCOME_RATING = { "passed-first-try": RATINGS.good, "passed-after-failures": RATINGS.hard, "gave-up": RATINGS.again } as const;

export interface RatedRound {
  outcome: RoundOutcome;
  /** The new state, or null when the kata was not due (practice: schedule unchanged). */
  state: ReviewState | null;
  /** The state before, for messages ("not due until ..."). */
  previous: ReviewState | undefined;
}

/**
 * Ends the current round on `slug` if it has ended (its last check passed, or the user gave
 * up), rating the kata when it is new or due (when it is not, the result says so with a null
 * state). Returns null while the round goes on.
 */
export function closeRound(db: Db, slug: string, now: Date, gaveUp = false): RatedRound | null {
  const previous = kataStates(db).get(slug);
  // Not due: practice, whatever the checks say; the schedule stays as it is.
  if (!isRatable(previous, now)) return { outcome: gaveUp ? "gave-up" : "passed-first-try", state: null, previous };
  const round = currentRound(listChecks(db, slug), previous);
  const outcome = roundOutcome(round, gaveUp);
  if (outcome === null) return null;
  const state = review(previous ?? newReviewState(now), OUTCOME_RATING[outcome], now);
  db.transaction(() => {
    saveReviewState(db, kataCardId(slug), state);
    insertOutcome(db, { slug, at: now, outcome, rating: OUTCOME_RATING[outcome], checks: round.length });
  })();
  return { outcome, state, previous };
}
