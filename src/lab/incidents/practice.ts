/**
 * Incident drills for every surface (the CLI, the web app and the mock interview call
 * these): which incident comes next, answering one (scored, stored, rated in the common
 * FSRS queue, revealed), the history of answers and the state of the queue.
 */
import { randomUUID } from "node:crypto";
import { loadReviewStates } from "../../drill/history.js";
import type { ReviewState } from "../../drill/scheduler.js";
import { createRng } from "../../stats/prng.js";
import type { Db } from "../../store/open.js";
import { INCIDENT_IDS, type IncidentId } from "./catalogue.js";
import { readIncidentRun } from "./generate.js";
import { insertIncidentAttempt, listIncidentAttempts, type IncidentAttempt } from "./history.js";
import { revealIncident, type IncidentReveal } from "./reveal.js";
import { runbookPage } from "../runbook.js";
import { dueIncidents, incidentStates, rateIncident } from "./schedule.js";
import { scoreIncident, type IncidentAnswer } from "./scoring.js";

export interface IncidentContext {
  db: Db;
  /** The workspace folder (incident runs are cached under incidents/). */
  home: string;
  now: () => Date;
}

/** Why an incident comes next: it is due, it was never answered, or all are answered and none is due. */
export type PickReason = "due" | "new" | "review";

/**
 * The incident to drill now: the most overdue one, else a random one never rated, else a
 * random one (ahead of its schedule: practice). `seed` draws the random one.
 *
 * @example pickIncident(loadReviewStates(db), new Date(), 7) // { id: "shard-random", reason: "new" }
 */
export function pickIncident(states: ReadonlyMap<string, ReviewState>, now: Date, seed: number): { id: IncidentId; reason: PickReason } {
  const due = dueIncidents(states, now);
  if (due.length > 0) return { id: due[0], reason: "due" };
  const rated = incidentStates(states);
  const fresh = INCIDENT_IDS.filter((id) => !rated.has(id));
  const pool = fresh.length > 0 ? fresh : INCIDENT_IDS;
  return { id: pool[createRng(seed).nextInt(pool.length)], reason: fresh.length > 0 ? "new" : "review" };
}

/** The queue at a glance, without naming incidents (a list of due ones would give an answer away). */
export interface IncidentQueue {
  total: number;
  due: number;
  /** Never answered (rated). */
  fresh: number;
  /** When the next one not due yet comes due; null when none is scheduled. */
  nextDue: Date | null;
}

/**
 * The queue's counts at `now`.
 *
 * @example incidentQueue(new Map(), now) // { total: 17, due: 0, fresh: 17, nextDue: null }
 */
export function incidentQueue(states: ReadonlyMap<string, ReviewState>, now: Date): IncidentQueue {
  const rated = incidentStates(states);
  const ahead = [...rated.values()].map((s) => s.due.getTime()).filter((t) => t > now.getTime());
  return {
    total: INCIDENT_IDS.length,
    due: dueIncidents(states, now).length,
    fresh: INCIDENT_IDS.filter((id) => !rated.has(id)).length,
    nextDue: ahead.length > 0 ? new Date(Math.min(...ahead)) : null,
  };
}

/** An answer as stored, its reveal, and what it did to the schedule. */
export interface AnsweredIncident {
  attempt: IncidentAttempt;
  reveal: IncidentReveal;
  /** The new FSRS state; null when the incident was not due (practice). */
  state: ReviewState | null;
}

/**
 * Scores `answer` to incident `id` (shown at `startedAt`), stores it, rates the incident
 * when it is new or due (one transaction), and returns the reveal. The incident's run must
 * be cached (it was shown).
 */
export function answerIncident(ctx: IncidentContext, id: IncidentId, answer: IncidentAnswer, options: { startedAt: Date; mockId?: string | null }): AnsweredIncident {
  const run = readIncidentRun(ctx.home, id);
  const now = ctx.now();
  const score = scoreIncident(id, runbookPage(id).nearMisses, answer);
  const reveal = revealIncident(id, run, answer, score);
  const { attempt, state } = ctx.db.transaction(() => {
    const rated = rateIncident(ctx.db, id, score.rating, now);
    const stored: IncidentAttempt = {
      uid: randomUUID(),
      incident: id,
      startedAt: options.startedAt,
      durationMs: Math.max(0, now.getTime() - options.startedAt.getTime()),
      diagnosis: answer.diagnosis,
      check: answer.check,
      action: answer.action,
      rationale: answer.rationale,
      diagnosisScore: score.diagnosis,
      actionScore: score.action,
      checkRight: score.checkRight,
      score: score.score,
      rating: score.rating,
      rated: rated !== null,
      mockId: options.mockId ?? null,
    };
    insertIncidentAttempt(ctx.db, stored);
    return { attempt: stored, state: rated };
  })();
  return { attempt, reveal, state };
}

/** Every answer so far, newest first, and the queue. */
export function incidentHistory(db: Db, now: Date): { attempts: IncidentAttempt[]; queue: IncidentQueue } {
  return { attempts: listIncidentAttempts(db).reverse(), queue: incidentQueue(loadReviewStates(db), now) };
}
