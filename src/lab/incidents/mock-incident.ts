/**
 * An incident as the experiment-judgment segment of a mock interview: which incident the
 * segment asks, and the drill through the interview's Prompter in the terminal. The answer
 * counts in the segment by its score, and is stored with the interview's id.
 *
 * A mock interview is timed, and generating a run takes from seconds to minutes: so the
 * incidents it offers are those whose runs are already generated (by an earlier drill, or
 * `dojo incident --prepare`). With none, the segment asks cards as before.
 */
import type { PracticeContext } from "../../drill/practice.js";
import { retrievability } from "../../drill/scheduler.js";
import type { Db } from "../../store/open.js";
import { INCIDENT_IDS, type IncidentId } from "./catalogue.js";
import { ensureIncidentRun, incidentRunState } from "./generate.js";
import { loadReviewStates } from "../../drill/history.js";
import { incidentStates } from "./schedule.js";
import { askIncident } from "./session.js";

/** An incident the segment may ask, and how well the user knows it (lower = weaker). */
export interface IncidentChoice {
  id: IncidentId;
  /** FSRS recall probability now; 0.5 for one never rated. */
  strength: number;
}

/** The incidents a mock interview offers: those whose runs are generated, with their strength. */
export function incidentChoices(db: Db, home: string, now: Date): IncidentChoice[] {
  const states = incidentStates(loadReviewStates(db));
  return INCIDENT_IDS.filter((id) => incidentRunState(home, id).state === "ready").map((id) => {
    const state = states.get(id);
    return { id, strength: state ? retrievability(state, now) : 0.5 };
  });
}

/**
 * The incident to ask: the weakest; `tie` in [0, 1) picks among equally weak ones.
 *
 * @example pickMockIncident([{ id: "healthy", strength: 0.9 }, { id: "lr-x10", strength: 0.5 }], 0.3) // "lr-x10"
 */
export function pickMockIncident(choices: readonly IncidentChoice[], tie: number): IncidentId {
  const weakest = Math.min(...choices.map((c) => c.strength));
  const pool = choices.filter((c) => c.strength === weakest).sort((a, b) => (a.id < b.id ? -1 : 1));
  return pool[Math.floor(tie * pool.length)].id;
}

export interface MockIncidentOutcome {
  /** The answer's score, (diagnosis + action) / 2; 0 when the user stopped. */
  coverage: number;
  quit: boolean;
}

/**
 * Drills incident `id` in mock interview `mockId`: the view, the answers and the reveal (its
 * run generated first if it went missing since the plan; `onProgress` hears how far).
 */
export async function practiseIncidentInMock(
  ctx: PracticeContext & { home: string },
  id: IncidentId,
  options: { mockId: string; heading: string; onProgress?: (step: number, steps: number) => void },
): Promise<MockIncidentOutcome> {
  await ensureIncidentRun(ctx.home, id, { onProgress: (p) => options.onProgress?.(p.step, p.steps) });
  const done = await askIncident({ db: ctx.db, home: ctx.home, now: ctx.now }, ctx.prompter, id, { heading: options.heading, mockId: options.mockId });
  return done === null ? { coverage: 0, quit: true } : { coverage: done.attempt.score, quit: false };
}
