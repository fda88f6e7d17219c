/**
 * The dojo.db schema, as the list of migrations that build it. Version n of the schema is
 * migrations[0..n-1] applied in order; `PRAGMA user_version` records the version a
 * database is at. Never edit a shipped migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // v1: FSRS state per card, and every attempt.
  `CREATE TABLE reviews (
     card_id TEXT PRIMARY KEY,
     due TEXT NOT NULL,
     stability REAL NOT NULL,
     difficulty REAL NOT NULL,
     elapsed_days INTEGER NOT NULL,
     scheduled_days INTEGER NOT NULL,
     learning_steps INTEGER NOT NULL,
     reps INTEGER NOT NULL,
     lapses INTEGER NOT NULL,
     state INTEGER NOT NULL,
     last_review TEXT
   );
   CREATE TABLE attempts (
     id INTEGER PRIMARY KEY,
     card_id TEXT NOT NULL,
     started_at TEXT NOT NULL,
     duration_ms INTEGER NOT NULL,
     answer TEXT NOT NULL,
     rubric_ticks TEXT NOT NULL,
     rating INTEGER NOT NULL
   );`,
  // v2: a stable id per attempt (so imports merge without duplicates), the suggested
  // rating and the follow-up shown, and mock interview sessions.
  `ALTER TABLE attempts ADD COLUMN uid TEXT;
   UPDATE attempts SET uid = card_id || '@' || started_at;
   CREATE UNIQUE INDEX attempts_uid ON attempts (uid);
   ALTER TABLE attempts ADD COLUMN suggested_rating INTEGER;
   ALTER TABLE attempts ADD COLUMN followup TEXT;
   ALTER TABLE attempts ADD COLUMN mock_id TEXT;
   CREATE TABLE mock_sessions (
     id TEXT PRIMARY KEY,
     started_at TEXT NOT NULL,
     role TEXT NOT NULL,
     minutes INTEGER NOT NULL,
     summary TEXT NOT NULL
   );`,
  // v3: the answer to the follow-up question.
  `ALTER TABLE attempts ADD COLUMN followup_answer TEXT;`,
  // v4: every kata check (the code, the judge's result), and how each round on a kata
  // ended (the rating it gave the kata's FSRS state, kept in reviews as "kata/<slug>").
  `CREATE TABLE kata_checks (
     id INTEGER PRIMARY KEY,
     uid TEXT NOT NULL UNIQUE,
     slug TEXT NOT NULL,
     lang TEXT NOT NULL,
     checked_at TEXT NOT NULL,
     duration_ms INTEGER NOT NULL,
     code TEXT NOT NULL,
     seed INTEGER NOT NULL,
     verdict TEXT NOT NULL,
     passed INTEGER NOT NULL,
     total INTEGER NOT NULL,
     result TEXT NOT NULL,
     mode TEXT NOT NULL,
     session_id TEXT
   );
   CREATE INDEX kata_checks_slug ON kata_checks (slug, checked_at);
   CREATE TABLE kata_outcomes (
     id INTEGER PRIMARY KEY,
     slug TEXT NOT NULL,
     at TEXT NOT NULL,
     outcome TEXT NOT NULL,
     rating INTEGER NOT NULL,
     checks INTEGER NOT NULL
   );`,
  // v5: every answer to an on-call incident drill: the incident shown (a fault name or
  // "healthy"), the diagnosis, first check, first action and rationale given, their scores,
  // and the FSRS rating (kept in reviews as "incident/<id>" when the incident was due).
  `CREATE TABLE incident_attempts (
     id INTEGER PRIMARY KEY,
     uid TEXT NOT NULL UNIQUE,
     incident TEXT NOT NULL,
     started_at TEXT NOT NULL,
     duration_ms INTEGER NOT NULL,
     diagnosis TEXT NOT NULL,
     first_check TEXT NOT NULL,
     action TEXT NOT NULL,
     rationale TEXT NOT NULL,
     diagnosis_score REAL NOT NULL,
     action_score REAL NOT NULL,
     check_right INTEGER NOT NULL,
     score REAL NOT NULL,
     rating INTEGER NOT NULL,
     rated INTEGER NOT NULL,
     mock_id TEXT
   );
   CREATE INDEX incident_attempts_incident ON incident_attempts (incident, started_at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
