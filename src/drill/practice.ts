import { randomUUID } from "node:crypto";
import { textHash } from "../data/split.js";
import { createRng } from "../stats/prng.js";
import type { Db } from "../store/open.js";
import type { Card } from "./card.js";
import { listAttempts, recordAttempt, saveFollowupAnswer, type Attempt } from "./history.js";
import { PROBLEM_GENERATORS } from "./problems.js";
import type { Prompter } from "./prompter.js";
import { checkNumericAnswer, formatQuantity, NUMERIC_ANSWER_RULE, parseNumericAnswer, type QuantitativeProblem } from "./quantitative.js";
import { rubricCoverage, suggestRating } from "./rubric.js";
import type { Grade } from "ts-fsrs";
import { RATING_NAMES, RATINGS, type ReviewState } from "./scheduler.js";

/** Everything a practice loop needs: the store, the person, the clock and current FSRS states. */
export interface PracticeContext {
  db: Db;
  prompter: Prompter;
  now: () => Date;
  states: Map<string, ReviewState>;
}

/** The result of one question answered. */
export interface PracticeOutcome {
  card: Card;
  coverage: number;
  rating: Grade;
  durationMs: number;
  /** The user quit at the follow-up: the attempt is stored, the session should end. */
  quit: boolean;
}

const RATING_LABELS = { again: "Again: missed it", hard: "Hard: partly", good: "Good: got it", easy: "Easy: all of it, fluently" } as const;

/**
 * One attempt: question and timer, the user's answer (typed, or aloud then Enter), the
 * model answer (only once the answer is in), the rubric as a checklist, a suggested rating
 * to confirm, and one follow-up. The attempt and the card's new FSRS state are stored
 * together, the follow-up's answer once given. `timeNote` adds a line about the clock
 * (a mock interview's time left) to the model answer's title and to the follow-up's answer prompt.
 * Returns null if the user quits before rating (nothing is stored then).
 */
export async function practiseCard(
  ctx: PracticeContext,
  card: Card,
  options: { heading?: string; mockId?: string; followupIndex?: number; timeNote?: (now: Date) => string } = {},
): Promise<PracticeOutcome | null> {
  const { prompter } = ctx;
  const started = ctx.now();
  const problem = card.generator ? drawProblem(card, started) : null;
  prompter.show(
    `${options.heading ? `${options.heading} · ` : ""}${card.area} · ${card.kind} · difficulty ${card.difficulty}`,
    problem ? `${card.question}\n\n${problem.question}` : card.question,
  );
  const prompt = problem ? `Your answer in ${problem.unit}, and how you got it (the answer read is ${NUMERIC_ANSWER_RULE})` : "Your answer: type it, or say it aloud";
  const answer = await prompter.answer(prompt, started);
  if (answer === null) return null;
  const durationMs = ctx.now().getTime() - started.getTime();
  const numeric = problem ? judgeNumber(answer, problem) : null;
  if (problem) prompter.show(numeric?.verdict ?? "Worked solution", `${numeric ? `${numeric.detail}\n\n` : ""}${problem.solution}`);
  const timeNote = () => (options.timeNote ? ` · ${options.timeNote(ctx.now())}` : "");
  prompter.show(`Model answer (you took ${formatDuration(durationMs)}${timeNote()})`, card.answer);
  const earlier = listAttempts(ctx.db, card.id);
  if (earlier.length > 0) prompter.show("Your earlier attempts", formatEarlierAttempts(earlier));
  const ticks = await prompter.checklist("Which rubric points did your answer cover?", card.rubric);
  if (ticks === null) return null;
  // A wrong number caps the suggestion at Hard; a right one lifts it to at least Good.
  const fromRubric = suggestRating(ticks);
  const suggested = numeric === null ? fromRubric : numeric.correct ? (Math.max(fromRubric, RATINGS.good) as Grade) : (Math.min(fromRubric, RATINGS.hard) as Grade);
  const suggestedName = RATING_NAMES[suggested - 1];
  const basis = numeric === null ? "" : `${numeric.correct ? "a correct" : "an incorrect"} number and `;
  const ratingName = await prompter.choose(
    `Rating (suggested from ${basis}${Math.round(rubricCoverage(ticks) * 100)}% rubric coverage)`,
    RATING_NAMES.map((value) => ({ value, label: RATING_LABELS[value] })),
    suggestedName,
  );
  if (ratingName === null) return null;

  // By default the follow-ups take turns across attempts at the card.
  const followup = card.followups.length ? card.followups[(options.followupIndex ?? earlier.length) % card.followups.length] : null;
  const uid = randomUUID();
  const next = recordAttempt(
    ctx.db,
    {
      uid,
      cardId: card.id,
      startedAt: started.toISOString(),
      durationMs,
      answer: problem ? `${answer}\n\n[drawn: ${problem.question} Expected ${formatQuantity(problem.answer)} ${problem.unit}.]` : answer,
      rubricTicks: ticks,
      suggestedRating: suggested,
      rating: RATINGS[ratingName],
      followup: followup?.question ?? null,
      mockId: options.mockId ?? null,
    },
    ctx.now(),
  );
  ctx.states.set(card.id, next);
  let quit = false;
  if (followup) {
    prompter.show("Follow-up", followup.question);
    const reply = await prompter.answer(`Your answer to the follow-up${timeNote()}`);
    if (reply === null) quit = true;
    else {
      saveFollowupAnswer(ctx.db, uid, reply);
      prompter.show("A short answer", followup.answer);
    }
  }
  return { card, coverage: rubricCoverage(ticks), rating: RATINGS[ratingName], durationMs, quit };
}

/**
 * The problem a generator card shows when reviewed at `at`: numbers drawn from the time
 * and the card id, so each review differs and a given review can be reproduced.
 */
export function drawProblem(card: Card, at: Date): QuantitativeProblem {
  return PROBLEM_GENERATORS[card.generator!](createRng(at.getTime() + textHash(card.id, 0)));
}

/** The user's number against the problem's answer, as text to show; null when no number was typed. */
function judgeNumber(answer: string, problem: QuantitativeProblem): { correct: boolean; verdict: string; detail: string } | null {
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

/** The last three attempts at a card, so the user can see how their answer changed. */
function formatEarlierAttempts(attempts: readonly Attempt[]): string {
  return attempts
    .slice(-3)
    .map((a) => {
      const flat = a.answer.trim().replace(/\s+/g, " ");
      const text = flat ? `"${flat.slice(0, 160)}${flat.length > 160 ? "…" : ""}"` : "(answered aloud)";
      return `${a.startedAt.slice(0, 10)} · ${formatDuration(a.durationMs)} · rubric ${Math.round(rubricCoverage(a.rubricTicks) * 100)}% · ${RATING_NAMES[a.rating - 1]}\n  ${text}`;
    })
    .join("\n");
}

/** "1 min 35 s" */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
