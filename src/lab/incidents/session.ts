/**
 * One incident drilled through a Prompter (the CLI's `dojo incident`, and the mock
 * interview's experiment-judgment segment in the terminal): the view, the four answers, then
 * the reveal. The incident's run must be generated first (ensureIncidentRun).
 */
import type { Prompter } from "../../drill/prompter.js";
import { RATING_NAMES, RATINGS } from "../../drill/scheduler.js";
import { ACTIONS, CHECKS, DIAGNOSES } from "./answers.js";
import { HEALTHY, type IncidentId } from "./catalogue.js";
import { readIncidentRun } from "./generate.js";
import { answerIncident, type AnsweredIncident, type IncidentContext } from "./practice.js";
import { formatIncidentReveal, formatIncidentView } from "./text-report.js";
import { incidentView } from "./view.js";

/** The question the rationale answers. */
export const RATIONALE_PROMPT = "Your rationale, two sentences: why this diagnosis, and why this first action";

/**
 * Shows incident `id`, asks the diagnosis, first check, first action and rationale, stores
 * and rates the answer, and shows the reveal. Null when the user quits before answering
 * everything (nothing is stored).
 */
export async function askIncident(
  ctx: IncidentContext,
  prompter: Prompter,
  id: IncidentId,
  options: { heading?: string; mockId?: string },
): Promise<(AnsweredIncident & { ratingName: string }) | null> {
  const startedAt = ctx.now();
  prompter.show(options.heading ?? "The run you are paged about", formatIncidentView(incidentView(id, readIncidentRun(ctx.home, id))));
  const diagnosis = await prompter.choose("What is wrong? (healthy: nothing)", DIAGNOSES, HEALTHY);
  if (diagnosis === null) return null;
  const check = await prompter.choose("The first thing you check", CHECKS, CHECKS[0].value);
  if (check === null) return null;
  const action = await prompter.choose("Your first action", ACTIONS, ACTIONS[0].value);
  if (action === null) return null;
  const rationale = await prompter.answer(RATIONALE_PROMPT, startedAt);
  if (rationale === null) return null;
  const done = answerIncident(ctx, id, { diagnosis, check, action, rationale }, { startedAt, mockId: options.mockId });
  prompter.show("The reveal", formatIncidentReveal(done.reveal));
  const ratingName = RATING_NAMES.find((name) => RATINGS[name] === done.attempt.rating) ?? String(done.attempt.rating);
  return { ...done, ratingName: ratingName[0].toUpperCase() + ratingName.slice(1) };
}
