/**
 * One alignment drill asked through a Prompter (the CLI's `dojo align drill`): the question
 * and its evidence, the user's answer (typed, or aloud), the model answer and rubric, then
 * the user's own rating, which moves the drill's schedule when it is new or due.
 */
import { InputError } from "../errors.js";
import type { Prompter } from "../drill/prompter.js";
import { RATING_NAMES, RATINGS, type RatingName, type ReviewState } from "../drill/scheduler.js";
import type { Db } from "../store/open.js";
import { evidenceLine, type AlignDrill } from "./align-drills.js";
import { rateAlignDrill } from "./align-drill-schedule.js";
import { listPipelines } from "./align-view.js";

/** The newest pipeline's id; an InputError when the workspace has none. */
export function newestPipeline(home: string): string {
  const newest = listPipelines(home).at(-1);
  if (newest === undefined) throw new InputError("no alignment pipeline in this workspace yet", "dojo align pipeline --preset tiny runs one");
  return newest.id;
}

/** The question and its evidence, one line per number. */
export function formatAlignDrillQuestion(drill: AlignDrill): string {
  return `${drill.question}\n\nEvidence (95% intervals in brackets):\n${drill.evidence.map((e) => `  ${evidenceLine(e)}`).join("\n")}\n`;
}

/** The model answer and the rubric's points. */
export function formatAlignDrillAnswer(drill: AlignDrill): string {
  return `${drill.modelAnswer}\n\nRubric:\n${drill.rubric.map((r) => `  - ${r}`).join("\n")}\n`;
}

/** The four self-assessments, for a chooser. */
export const RATING_CHOICES = RATING_NAMES.map((name) => ({ value: name, label: name[0].toUpperCase() + name.slice(1) }));

/**
 * Asks `drill`, reveals its answer, asks the user's rating and rates the drill at `now()`
 * (a drill not due is practice: state null). Null when the user quits first (nothing stored).
 */
export async function askAlignDrill(
  db: Db,
  prompter: Prompter,
  drill: AlignDrill,
  now: () => Date,
): Promise<{ rating: RatingName; state: ReviewState | null } | null> {
  const startedAt = now();
  prompter.show(`Alignment drill: ${drill.kind}`, formatAlignDrillQuestion(drill));
  const answer = await prompter.answer("Your answer (the call, and the numbers it rests on)", startedAt);
  if (answer === null) return null;
  prompter.show("Model answer", formatAlignDrillAnswer(drill));
  const rating = await prompter.choose("How well did you answer?", RATING_CHOICES, "good");
  if (rating === null) return null;
  return { rating, state: rateAlignDrill(db, drill.id, RATINGS[rating], now()) };
}
