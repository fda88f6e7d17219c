/**
 * The steps of one attempt at a card, shared by the terminal session (practice.ts) and the
 * web app's drill routes: the question as shown (with numbers drawn for a quantitative
 * card), the verdict on a typed number, the suggested rating, the follow-up offered, and the
 * attempt stored with the card's new FSRS state.
 */
import type { Grade } from "ts-fsrs";
import { textHash } from "../data/split.js";
import { createRng } from "../stats/prng.js";
import type { Db } from "../store/open.js";
import type { Card } from "./card.js";
import { InputError } from "../errors.js";
import { findAttempt, listAttempts, recordAttempt, saveFollowupAnswer, type Attempt } from "./history.js";
import { PROBLEM_GENERATORS } from "./problems.js";
import { checkNumericAnswer, formatQuantity, NUMERIC_ANSWER_RULE, parseNumericAnswer, type QuantitativeProblem } from "./quantitative.js";
import { rubricCoverage, suggestRating } from "./rubric.js";
import { RATING_NAMES, RATINGS, type RatingName, type ReviewState } from "./scheduler.js";
import { statement } from "../store/statements.js";

/** A follow-up question and its short answer. */
export type Followup = Card["followups"][number];

/** A question as the user sees it before answering. */
export interface ShownQuestion {
  /** "systems · quantitative · difficulty 2" */
  label: string;
  /** The card's question, followed by the drawn problem for a quantitative card. */
  text: string;
  problem: QuantitativeProblem | null;
  /** What the answer box asks for. */
  prompt: string;
}

/** The verdict on the number in a typed answer; null when no number was typed. */
export interface NumericVerdict {
  correct: boolean;
  verdict: string;
  detail: string;
}

/** The rating suggested after the rubric is ticked, and what it was based on. */
export interface SuggestedRating {
  rating: RatingName;
  coverage: number;
  /** "a correct number and 75% rubric coverage" */
  basis: string;
}

/**
 * The problem a generator card shows when reviewed at `at`: numbers drawn from the time
 * and the card id, so each review differs and a given review can be reproduced.
 */
export function drawProblem(card: Card, at: Date): QuantitativeProblem {
  return PROBLEM_GENERATORS[card.generator!](createRng(at.getTime() + textHash(card.id, 0)));
}

/** The question of `card` as shown at `startedAt`. */
export function showQuestion(card: Card, startedAt: Date): ShownQuestion {
  const problem = card.generator ? drawProblem(card, startedAt) : null;
  return {
    label: `${card.area} · ${card.kind} · difficulty ${card.difficulty}`,
    text: problem ? `${card.question}\n\n${problem.question}` : card.question,
    problem,
    prompt: problem ? `Your answer in ${problem.unit}, and how you got it (the answer read is ${NUMERIC_ANSWER_RULE})` : "Your answer: type it, or say it aloud",
  };
}

/** The user's number against the problem's answer, as text to show; null when no number was typed. */
export function judgeNumber(answer: string, problem: QuantitativeProblem): NumericVerdict | null {
  const value = parseNumericAnswer(answer, problem.unit);
  if (value === null) return null;
  const { correct, relativeError } = checkNumericAnswer(value, problem);
  const expected = `${formatQuantity(problem.answer)} ${problem.unit}`;
  return {
    correct,
    verdict: correct ? "Correct" : "Not within tolerance",
    detail: `You said ${formatQuantity(value)} ${problem.unit}; the answer is ${expected} (off by ${formatQuantity(relativeError * 100, 2)}%, tolerance ±${formatQuantity(problem.tolerance * 100, 2)}%).`,
  };
}

/**
 * The rating to suggest: from rubric coverage, except that a wrong number caps it at Hard
 * and a right one lifts it to at least Good.
 */
export function suggestedRating(ticks: readonly boolean[], numeric: NumericVerdict | null): SuggestedRating {
  const fromRubric = suggestRating(ticks);
  const grade = numeric === null ? fromRubric : numeric.correct ? Math.max(fromRubric, RATINGS.good) : Math.min(fromRubric, RATINGS.hard);
  const coverage = rubricCoverage(ticks);
  const number = numeric === null ? "" : `${numeric.correct ? "a correct" : "an incorrect"} number and `;
  return { rating: RATING_NAMES[grade - 1], coverage, basis: `${number}${Math.round(coverage * 100)}% rubric coverage` };
}

/** How far before now a question may have been shown for its answer to be stored (one day), and how far after (a minute of clock skew). */
const STARTED_WINDOW_MS = { before: 86_400_000, after: 60_000 } as const;

/** An attempt's start must be a time the question could have been shown: within the last day, not in the future. */
export function checkStartedAt(startedAt: Date, now: Date): void {
  const ms = startedAt.getTime() - now.getTime();
  if (!(ms <= STARTED_WINDOW_MS.after && ms >= -STARTED_WINDOW_MS.before)) {
    throw new InputError(`startedAt: ${startedAt.toISOString()} is not within the last day`, "an answer is stored for a question shown today");
  }
}

/** One tick per rubric point, no more, no fewer. */
export function checkTicks(card: Card, ticks: readonly boolean[]): void {
  if (ticks.length !== card.rubric.length) {
    throw new InputError(`ticks: ${ticks.length} given, but the card "${card.id}" has ${card.rubric.length} rubric points`, "send one tick per rubric point");
  }
}

/** The suggested rating for an answer to `card` shown at `startedAt`, with these rubric ticks. */
export function suggestFor(card: Card, startedAt: Date, answer: string, ticks: readonly boolean[]): SuggestedRating {
  checkTicks(card, ticks);
  return suggestedRating(ticks, card.generator ? judgeNumber(answer, drawProblem(card, startedAt)) : null);
}

/** The follow-up offered after attempt number `index` (0-based) at the card: they take turns. */
export function followupFor(card: Card, index: number): Followup | null {
  return card.followups.length ? card.followups[index % card.followups.length] : null;
}

/** What the user gave for one attempt, before it is stored. */
export interface AttemptInput {
  uid: string;
  startedAt: Date;
  durationMs: number;
  answer: string;
  rubricTicks: boolean[];
  rating: RatingName;
  /** Which follow-up to offer; by default the next in turn after the card's earlier attempts. */
  followupIndex?: number;
  mockId?: string | null;
}

/**
 * Stores an attempt with its suggested rating (recomputed here, from the same drawn
 * problem) and the card's new FSRS state; the follow-up it offers is stored with it.
 * A quantitative answer keeps the drawn problem and its expected answer beside the text.
 */
export function storeAttempt(db: Db, card: Card, input: AttemptInput, now: Date): { state: ReviewState; followup: Followup | null; attempt: Omit<Attempt, "followupAnswer"> } {
  checkTicks(card, input.rubricTicks);
  checkStartedAt(input.startedAt, now);
  if (statement(db, "SELECT 1 FROM attempts WHERE uid = ?").get(input.uid)) {
    throw new InputError(`attempt ${input.uid} is already stored`, "a page submits each attempt once; reload it to start a new one");
  }
  const problem = card.generator ? drawProblem(card, input.startedAt) : null;
  const numeric = problem ? judgeNumber(input.answer, problem) : null;
  const suggestion = suggestedRating(input.rubricTicks, numeric);
  const earlier = (statement(db, "SELECT count(*) AS n FROM attempts WHERE card_id = ?").get(card.id) as { n: number }).n;
  const followup = followupFor(card, input.followupIndex ?? earlier);
  const attempt = {
    uid: input.uid,
    cardId: card.id,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    answer: problem ? `${input.answer}\n\n[drawn: ${problem.question} Expected ${formatQuantity(problem.answer)} ${problem.unit}.]` : input.answer,
    rubricTicks: input.rubricTicks,
    suggestedRating: RATINGS[suggestion.rating] as Grade,
    rating: RATINGS[input.rating] as Grade,
    followup: followup?.question ?? null,
    mockId: input.mockId ?? null,
  };
  const state = recordAttempt(db, attempt, now);
  return { state, followup, attempt };
}

/**
 * How long a spoken answer should take, by kind of card: two minutes for a concept (long
 * enough for mechanism, trade-off and a number; short enough to leave room for follow-ups),
 * three for a design question, which has more parts to lay out.
 */
export function speakingTargetSeconds(card: Card): number {
  return card.kind === "design" ? 180 : 120;
}

/** What the page shows once the answer is in: the model answer, rubric, verdict, solution, earlier attempts. */
export function revealAnswer(db: Db, card: Card, startedAt: Date, answer: string) {
  const problem = card.generator ? drawProblem(card, startedAt) : null;
  return {
    modelAnswer: card.answer,
    rubric: card.rubric,
    numeric: problem ? judgeNumber(answer, problem) : null,
    solution: problem?.solution ?? null,
    earlier: listAttempts(db, card.id)
      .slice(-EARLIER_SHOWN)
      .map((a) => ({ uid: a.uid, startedAt: a.startedAt, durationMs: a.durationMs, coverage: rubricCoverage(a.rubricTicks), rating: RATING_NAMES[a.rating - 1], answer: a.answer })),
  };
}

/** Earlier attempts shown beside the model answer. */
export const EARLIER_SHOWN = 3;

/** The short answer of the follow-up that attempt `uid` offered; saves the user's answer to it first. */
export function answerFollowup(db: Db, cards: readonly Card[], uid: string, answer: string): Followup {
  const attempt = findAttempt(db, uid);
  const card = cards.find((c) => c.id === attempt.cardId);
  const followup = card?.followups.find((f) => f.question === attempt.followup);
  if (!followup) throw new InputError(`attempt ${uid} offered no follow-up`, "answer a follow-up only after it is shown");
  saveFollowupAnswer(db, uid, answer);
  return followup;
}
