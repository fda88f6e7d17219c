/** One card with every attempt at it, as the card page shows them. */
import type { Card } from "./card.js";
import { listAttempts } from "./history.js";
import { rubricCoverage } from "./rubric.js";
import { RATINGS } from "./scheduler.js";
import type { Db } from "../store/open.js";

export interface CardAttempt {
  startedAt: string;
  durationMs: number;
  /** Share of rubric points covered, in [0, 1], and the tick of each point. */
  coverage: number;
  rubricTicks: boolean[];
  /** The rating given ("again", "hard", "good", "easy"), and the one the rubric suggested. */
  rating: keyof typeof RATINGS;
  suggestedRating: keyof typeof RATINGS | null;
  answer: string;
  followup: string | null;
  followupAnswer: string | null;
  /** Set when the attempt was part of a mock interview. */
  mockId: string | null;
}

const ratingName = (grade: number): keyof typeof RATINGS => {
  const name = (Object.keys(RATINGS) as Array<keyof typeof RATINGS>).find((key) => RATINGS[key] === grade);
  if (name === undefined) throw new Error(`attempt with rating ${grade}, not an FSRS grade`);
  return name;
};

/** Every attempt at `card`, oldest first. */
export function cardHistory(db: Db, card: Card): CardAttempt[] {
  return listAttempts(db, card.id).map((a) => ({
    startedAt: a.startedAt,
    durationMs: a.durationMs,
    coverage: rubricCoverage(a.rubricTicks),
    rubricTicks: a.rubricTicks,
    rating: ratingName(a.rating),
    suggestedRating: a.suggestedRating === null ? null : ratingName(a.suggestedRating),
    answer: a.answer,
    followup: a.followup,
    followupAnswer: a.followupAnswer,
    mockId: a.mockId,
  }));
}
