/**
 * Incident attempts in dojo.db (the incident_attempts table, migration v5): the incident
 * shown, the answer given, its scores and the FSRS rating, one row per answer.
 */
import type { Db } from "../../store/open.js";
import { statement } from "../../store/statements.js";
import type { ActionId, CheckId } from "./answers.js";
import type { IncidentId } from "./catalogue.js";

export interface IncidentAttempt {
  uid: string;
  incident: IncidentId;
  startedAt: Date;
  durationMs: number;
  diagnosis: IncidentId;
  check: CheckId;
  action: ActionId;
  rationale: string;
  diagnosisScore: number;
  actionScore: number;
  checkRight: boolean;
  /** (diagnosis + action) / 2. */
  score: number;
  /** The FSRS rating the answer gives. */
  rating: number;
  /** Whether it changed the schedule (the incident was new or due); false: practice. */
  rated: boolean;
  /** The mock interview it was asked in, if any. */
  mockId: string | null;
}

interface Row {
  uid: string;
  incident: IncidentId;
  started_at: string;
  duration_ms: number;
  diagnosis: IncidentId;
  first_check: CheckId;
  action: ActionId;
  rationale: string;
  diagnosis_score: number;
  action_score: number;
  check_right: number;
  score: number;
  rating: number;
  rated: number;
  mock_id: string | null;
}

const toAttempt = (r: Row): IncidentAttempt => ({
  uid: r.uid,
  incident: r.incident,
  startedAt: new Date(r.started_at),
  durationMs: r.duration_ms,
  diagnosis: r.diagnosis,
  check: r.first_check,
  action: r.action,
  rationale: r.rationale,
  diagnosisScore: r.diagnosis_score,
  actionScore: r.action_score,
  checkRight: r.check_right === 1,
  score: r.score,
  rating: r.rating,
  rated: r.rated === 1,
  mockId: r.mock_id,
});

/** Stores one answer (its uid is unique: storing it twice is a bug). */
export function insertIncidentAttempt(db: Db, a: IncidentAttempt): void {
  statement(
    db,
    `INSERT INTO incident_attempts (uid, incident, started_at, duration_ms, diagnosis, first_check, action, rationale, diagnosis_score, action_score, check_right, score, rating, rated, mock_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    a.uid,
    a.incident,
    a.startedAt.toISOString(),
    Math.round(a.durationMs),
    a.diagnosis,
    a.check,
    a.action,
    a.rationale,
    a.diagnosisScore,
    a.actionScore,
    a.checkRight ? 1 : 0,
    a.score,
    a.rating,
    a.rated ? 1 : 0,
    a.mockId,
  );
}

/** Every attempt (or those of one mock interview), oldest first. */
export function listIncidentAttempts(db: Db, options: { mockId?: string } = {}): IncidentAttempt[] {
  const rows = (
    options.mockId === undefined
      ? statement(db, "SELECT * FROM incident_attempts ORDER BY started_at, id").all()
      : statement(db, "SELECT * FROM incident_attempts WHERE mock_id = ? ORDER BY started_at, id").all(options.mockId)
  ) as Row[];
  return rows.map(toAttempt);
}
