/**
 * Scoring an on-call answer. The diagnosis and the first action are scored; the first
 * check is shown right or wrong but not scored (several checks find most faults; the
 * runbook's first one is the fastest, not the only useful one).
 *
 *   diagnosis  1    the true incident
 *              0.5  a fault its runbook page lists as a near miss (the same family of
 *                   symptoms, told apart by a finer reading of the evidence)
 *              0    anything else; "healthy" is never a near miss: a missed fault and a
 *                   false alarm score 0
 *   action     1    one of the incident's right first actions, else 0
 *   score      (diagnosis + action) / 2
 *
 * The FSRS rating follows the diagnosis first: Good for the exact diagnosis with a right
 * action, Hard for the exact diagnosis with a wrong action or a near miss, Again otherwise.
 */
import { RATINGS } from "../../drill/scheduler.js";
import { RIGHT_ANSWERS, type ActionId, type CheckId } from "./answers.js";
import { HEALTHY, type IncidentId } from "./catalogue.js";

export interface IncidentAnswer {
  diagnosis: IncidentId;
  check: CheckId;
  action: ActionId;
  /** Two sentences: why this diagnosis, and why this action. */
  rationale: string;
}

export interface IncidentScore {
  /** 1, 0.5 (a near miss) or 0. */
  diagnosis: number;
  /** 1 or 0. */
  action: number;
  /** Whether the first check is the runbook's. */
  checkRight: boolean;
  /** (diagnosis + action) / 2. */
  score: number;
  /** The FSRS rating this answer gives: Good, Hard or Again. */
  rating: typeof RATINGS.good | typeof RATINGS.hard | typeof RATINGS.again;
}

/**
 * Scores `answer` against incident `truth`, whose runbook page lists `nearMisses`.
 *
 * @example scoreIncident("lr-x10", ["lr-x100", "no-warmup"], { diagnosis: "lr-x100", check: "applied-lr", action: "rollback-lr", rationale: "" })
 * // { diagnosis: 0.5, action: 1, checkRight: true, score: 0.75, rating: RATINGS.hard }
 */
export function scoreIncident(truth: IncidentId, nearMisses: readonly IncidentId[], answer: IncidentAnswer): IncidentScore {
  const right = RIGHT_ANSWERS[truth];
  const nearMiss = truth !== HEALTHY && answer.diagnosis !== HEALTHY && nearMisses.includes(answer.diagnosis);
  const diagnosis = answer.diagnosis === truth ? 1 : nearMiss ? 0.5 : 0;
  const action = right.actions.includes(answer.action) ? 1 : 0;
  const rating = diagnosis === 1 && action === 1 ? RATINGS.good : diagnosis > 0 ? RATINGS.hard : RATINGS.again;
  return { diagnosis, action, checkRight: answer.check === right.check, score: (diagnosis + action) / 2, rating };
}
