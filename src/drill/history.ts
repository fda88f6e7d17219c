import { randomUUID } from "node:crypto";
import type { Grade } from "ts-fsrs";
import { NotFoundError } from "../errors.js";
import type { Db } from "../store/open.js";
import { newReviewState, review, type ReviewState } from "./scheduler.js";
import { statement } from "../store/statements.js";

/** One answered question, as stored. */
export interface Attempt {
  /** Stable id, so that an import merges without duplicating. */
  uid: string;
  cardId: string;
  /** ISO time the question was shown. */
  startedAt: string;
  durationMs: number;
  /** What the user typed ("" when they answered aloud). */
  answer: string;
  /** One tick per rubric point: did the answer cover it? */
  rubricTicks: boolean[];
  suggestedRating: Grade | null;
  rating: Grade;
  /** The follow-up question offered, if any. */
  followup: string | null;
  /** What the user answered to the follow-up ("" aloud; null when none was offered or they quit there). */
  followupAnswer: string | null;
  /** The mock interview this attempt belongs to, if any. */
  mockId: string | null;
}

interface ReviewRow {
  card_id: string;
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: string | null;
}

function toState(row: ReviewRow): ReviewState {
  return {
    due: new Date(row.due),
    stability: row.stability,
    difficulty: row.difficulty,
    elapsed_days: row.elapsed_days,
    scheduled_days: row.scheduled_days,
    learning_steps: row.learning_steps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    last_review: row.last_review ? new Date(row.last_review) : undefined,
  };
}

/** The FSRS state of every card reviewed so far, by card id. */
export function loadReviewStates(db: Db): Map<string, ReviewState> {
  const rows = statement(db, "SELECT * FROM reviews").all() as ReviewRow[];
  return new Map(rows.map((row) => [row.card_id, toState(row)]));
}

/** Inserts or replaces the FSRS state of one card. */
export function saveReviewState(db: Db, cardId: string, s: ReviewState): void {
  statement(db, `INSERT OR REPLACE INTO reviews
       (card_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    cardId,
    s.due.toISOString(),
    s.stability,
    s.difficulty,
    s.elapsed_days,
    s.scheduled_days,
    s.learning_steps,
    s.reps,
    s.lapses,
    s.state,
    s.last_review ? s.last_review.toISOString() : null,
  );
}

/** Stores an attempt; returns false when an attempt with the same uid is already there. */
export function insertAttempt(db: Db, a: Attempt): boolean {
  const result = statement(db, `INSERT OR IGNORE INTO attempts
         (uid, card_id, started_at, duration_ms, answer, rubric_ticks, suggested_rating, rating, followup, followup_answer, mock_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.uid, a.cardId, a.startedAt, a.durationMs, a.answer, JSON.stringify(a.rubricTicks), a.suggestedRating, a.rating, a.followup, a.followupAnswer, a.mockId);
  return result.changes === 1;
}

interface AttemptRow {
  uid: string;
  card_id: string;
  started_at: string;
  duration_ms: number;
  answer: string;
  rubric_ticks: string;
  suggested_rating: number | null;
  rating: number;
  followup: string | null;
  followup_answer: string | null;
  mock_id: string | null;
}

/** Attempts in the order they were made, optionally for one card. */
export function listAttempts(db: Db, cardId?: string): Attempt[] {
  const rows = (
    cardId === undefined
      ? statement(db, "SELECT * FROM attempts ORDER BY started_at, id").all()
      : statement(db, "SELECT * FROM attempts WHERE card_id = ? ORDER BY started_at, id").all(cardId)
  ) as AttemptRow[];
  return rows.map(attemptOf);
}

function attemptOf(r: AttemptRow): Attempt {
  return {
    uid: r.uid,
    cardId: r.card_id,
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    answer: r.answer,
    rubricTicks: JSON.parse(r.rubric_ticks) as boolean[],
    suggestedRating: r.suggested_rating as Grade | null,
    rating: r.rating as Grade,
    followup: r.followup,
    followupAnswer: r.followup_answer,
    mockId: r.mock_id,
  };
}

/** What progress views need of an attempt: which card, when, and the rubric ticks. */
export type AttemptScore = Pick<Attempt, "cardId" | "startedAt" | "rubricTicks">;

/**
 * Every attempt's card, time and rubric ticks, in the order they were made: the three
 * columns progress views read, fetched as arrays (a fraction of listAttempts' cost with
 * tens of thousands of attempts).
 */
export function listAttemptScores(db: Db): AttemptScore[] {
  const rows = statement(db, "SELECT card_id, started_at, rubric_ticks FROM attempts ORDER BY started_at, id").raw(true).all() as Array<[string, string, string]>;
  return rows.map(([cardId, startedAt, ticks]) => ({ cardId, startedAt, rubricTicks: JSON.parse(ticks) as boolean[] }));
}

/** The stored FSRS state of one card, or a new card's state when it has none. */
function currentState(db: Db, cardId: string, now: Date): ReviewState {
  const row = statement(db, "SELECT * FROM reviews WHERE card_id = ?").get(cardId) as ReviewRow | undefined;
  return row ? toState(row) : newReviewState(now);
}

/**
 * Records one answered question: stores the attempt and moves the card's FSRS state by
 * its rating. The current state is read inside the same write transaction (BEGIN
 * IMMEDIATE), so two sessions on one database never overwrite each other's reviews.
 * The follow-up comes after the rating, so its answer is stored by saveFollowupAnswer.
 * Returns the new state.
 */
export function recordAttempt(db: Db, attempt: Omit<Attempt, "uid" | "followupAnswer"> & { uid?: string }, now: Date): ReviewState {
  return db
    .transaction(() => {
      const next = review(currentState(db, attempt.cardId, now), attempt.rating, now);
      insertAttempt(db, { ...attempt, uid: attempt.uid ?? randomUUID(), followupAnswer: null });
      saveReviewState(db, attempt.cardId, next);
      return next;
    })
    .immediate();
}

/** Stores the answer to the follow-up of the attempt `uid` (recorded before the follow-up was asked). */
export function saveFollowupAnswer(db: Db, uid: string, answer: string): void {
  const { changes } = statement(db, "UPDATE attempts SET followup_answer = ? WHERE uid = ?").run(answer, uid);
  if (changes !== 1) throw new Error(`no attempt ${uid} to attach a follow-up answer to`);
}

/** The attempt with id `uid`; an unknown id is a NotFoundError. */
export function findAttempt(db: Db, uid: string): Attempt {
  const row = statement(db, "SELECT * FROM attempts WHERE uid = ?").get(uid) as AttemptRow | undefined;
  if (!row) throw new NotFoundError(`no attempt "${uid}"`);
  return attemptOf(row);
}
