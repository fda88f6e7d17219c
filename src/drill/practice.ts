import { randomUUID } from "node:crypto";
import type { Db } from "../store/open.js";
import type { Card } from "./card.js";
import { listAttempts, saveFollowupAnswer, type Attempt } from "./history.js";
import { judgeNumber, showQuestion, storeAttempt, suggestedRating } from "./attempt.js";
import type { Prompter } from "./prompter.js";
import { rubricCoverage } from "./rubric.js";
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
  const shown = showQuestion(card, started);
  prompter.show(`${options.heading ? `${options.heading} · ` : ""}${shown.label}`, shown.text);
  const answer = await prompter.answer(shown.prompt, started);
  if (answer === null) return null;
  const durationMs = ctx.now().getTime() - started.getTime();
  const numeric = shown.problem ? judgeNumber(answer, shown.problem) : null;
  if (shown.problem) prompter.show(numeric?.verdict ?? "Worked solution", `${numeric ? `${numeric.detail}\n\n` : ""}${shown.problem.solution}`);
  const timeNote = () => (options.timeNote ? ` · ${options.timeNote(ctx.now())}` : "");
  prompter.show(`Model answer (you took ${formatDuration(durationMs)}${timeNote()})`, card.answer);
  const earlier = listAttempts(ctx.db, card.id);
  if (earlier.length > 0) prompter.show("Your earlier attempts", formatEarlierAttempts(earlier));
  const ticks = await prompter.checklist("Which rubric points did your answer cover?", card.rubric);
  if (ticks === null) return null;
  const suggestion = suggestedRating(ticks, numeric);
  const ratingName = await prompter.choose(
    `Rating (suggested from ${suggestion.basis})`,
    RATING_NAMES.map((value) => ({ value, label: RATING_LABELS[value] })),
    suggestion.rating,
  );
  if (ratingName === null) return null;

  const uid = randomUUID();
  const { state, followup } = storeAttempt(
    ctx.db,
    card,
    { uid, startedAt: started, durationMs, answer, rubricTicks: ticks, rating: ratingName, followupIndex: options.followupIndex, mockId: options.mockId },
    ctx.now(),
  );
  ctx.states.set(card.id, state);
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
