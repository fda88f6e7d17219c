import { createEmptyCard, forgetting_curve, fsrs, generatorParameters, Rating, State, type Card as FsrsCard, type Grade } from "ts-fsrs";

/** The FSRS memory state of one card (ts-fsrs's Card): due date, stability, difficulty, counts. */
export type ReviewState = FsrsCard;

/** The four answers a user gives after seeing the model answer. */
export const RATINGS = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy } as const;
export type RatingName = keyof typeof RATINGS;
export const RATING_NAMES = Object.keys(RATINGS) as RatingName[];

/**
 * FSRS with the ts-fsrs defaults (request retention 0.9, default weights), fuzz off so that
 * the same history always gives the same schedule.
 */
const parameters = generatorParameters({ request_retention: 0.9, enable_fuzz: false });
const scheduler = fsrs(parameters);

/** The state of a card never reviewed, as of `now`. */
export function newReviewState(now: Date): ReviewState {
  return createEmptyCard(now);
}

/**
 * The state after answering with `rating` at `now`, exactly as FSRS defines it.
 *
 * @example review(newReviewState(now), RATINGS.good, now).due // a few minutes to days later
 */
export function review(state: ReviewState, rating: Grade, now: Date): ReviewState {
  return scheduler.next(state, now, rating).card;
}

/**
 * The keys whose state is due at `now`, most overdue first (incidents, alignment drills).
 *
 * @example dueFirst(new Map([["a", stateDueYesterday]]), now) // ["a"]
 */
export function dueFirst<K>(states: ReadonlyMap<K, ReviewState>, now: Date): K[] {
  return [...states]
    .filter(([, s]) => s.due.getTime() <= now.getTime())
    .sort(([, a], [, b]) => a.due.getTime() - b.due.getTime())
    .map(([key]) => key);
}

/**
 * Probability of recall at `now` under the FSRS forgetting curve, R = (1 + F·t/S)^−D, with
 * t in fractional days since the last review (ts-fsrs's get_retrievability floors t to whole
 * days, which reads a card failed an hour ago as 100%). 0 for a card never reviewed.
 */
export function retrievability(state: ReviewState, now: Date): number {
  if (state.state === State.New || !state.last_review) return 0;
  const days = Math.max(0, (now.getTime() - state.last_review.getTime()) / 86_400_000);
  return forgetting_curve(parameters.w, days, state.stability);
}
