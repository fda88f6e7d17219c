import { readFileSync } from "node:fs";
import { z } from "zod";
import { formatPath, InputError } from "../errors.js";
import type { Db } from "../store/open.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { insertAttempt, listAttempts, loadReviewStates, saveReviewState, type Attempt } from "./history.js";
import { newReviewState, review, type ReviewState } from "./scheduler.js";

/** A card's FSRS state rebuilt from its attempts: each rating applied when the answer ended. */
function replayAttempts(attempts: readonly Attempt[]): ReviewState {
  const ordered = [...attempts].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  let state = newReviewState(new Date(ordered[0].startedAt));
  for (const a of ordered) state = review(state, a.rating, new Date(Date.parse(a.startedAt) + a.durationMs));
  return state;
}

const isoDate = z.iso.datetime({ offset: true });
const grade = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

const reviewEntry = z.strictObject({
  cardId: z.string().min(1),
  due: isoDate,
  stability: z.number().finite().nonnegative(),
  difficulty: z.number().finite(),
  elapsedDays: z.number().int().nonnegative(),
  scheduledDays: z.number().int().nonnegative(),
  learningSteps: z.number().int().nonnegative(),
  reps: z.number().int().nonnegative(),
  lapses: z.number().int().nonnegative(),
  state: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  lastReview: isoDate.nullable(),
});

const attemptEntry = z.strictObject({
  uid: z.string().min(1),
  cardId: z.string().min(1),
  startedAt: isoDate,
  durationMs: z.number().int().nonnegative(),
  answer: z.string(),
  rubricTicks: z.array(z.boolean()),
  suggestedRating: grade.nullable(),
  rating: grade,
  followup: z.string().nullable(),
  /** Absent in files written before follow-up answers were stored. */
  followupAnswer: z.string().nullable().default(null),
  mockId: z.string().nullable(),
});

const mockEntry = z.strictObject({
  id: z.string().min(1),
  startedAt: isoDate,
  role: z.enum(["scientist", "engineer"]),
  minutes: z.number().int().positive(),
  summary: z.unknown(),
});

/** The whole practice history as one JSON document (`dojo export` / `dojo import`). */
export const historyFile = z.strictObject({
  format: z.literal("lmdojo-history"),
  version: z.literal(1),
  exportedAt: isoDate,
  reviews: z.array(reviewEntry),
  attempts: z.array(attemptEntry),
  mockSessions: z.array(mockEntry),
});
export type HistoryFile = z.infer<typeof historyFile>;

interface MockRow {
  id: string;
  started_at: string;
  role: string;
  minutes: number;
  summary: string;
}

/** Everything the user has practised: FSRS states, attempts, mock sessions. */
export function exportHistory(db: Db, now: Date): HistoryFile {
  const reviews = [...loadReviewStates(db)].map(([cardId, s]) => ({
    cardId,
    due: s.due.toISOString(),
    stability: s.stability,
    difficulty: s.difficulty,
    elapsedDays: s.elapsed_days,
    scheduledDays: s.scheduled_days,
    learningSteps: s.learning_steps,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state as 0 | 1 | 2 | 3,
    lastReview: s.last_review ? s.last_review.toISOString() : null,
  }));
  const mocks = db.prepare("SELECT * FROM mock_sessions ORDER BY started_at").all() as MockRow[];
  return {
    format: "lmdojo-history",
    version: 1,
    exportedAt: now.toISOString(),
    reviews,
    attempts: listAttempts(db),
    mockSessions: mocks.map((m) => ({ id: m.id, startedAt: m.started_at, role: m.role as "scientist" | "engineer", minutes: m.minutes, summary: JSON.parse(m.summary) })),
  };
}

/**
 * Writes an export to `path` atomically. An existing file is replaced only if it is an
 * lmdojo export itself (its "format" is "lmdojo-history") or `force` is set: anything else
 * there is the user's and is not overwritten (one InputError, nothing written).
 *
 * @example writeHistoryFile("history.json", exportHistory(db, new Date()), { force: false })
 */
export function writeHistoryFile(path: string, history: HistoryFile, options: { force: boolean }): void {
  if (!options.force) {
    const existing = readExisting(path);
    if (existing !== null && !isHistoryExport(existing)) {
      throw new InputError(`${path}: exists and is not an lmdojo export; not overwritten`, "choose another file name, or pass --force to replace it");
    }
  }
  writeFileAtomic(path, JSON.stringify(history, null, 2) + "\n");
}

/** The bytes of `path` as text, or null when there is no such file (a folder is left to the write to report). */
function readExisting(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR") return null;
    throw new InputError(`${path}: cannot read the existing file (${code})`, "choose another file name");
  }
}

/** Whether a file's text is an export written by `dojo export` (any version), judged by its "format" field. */
function isHistoryExport(text: string): boolean {
  try {
    const value = JSON.parse(text) as { format?: unknown } | null;
    return typeof value === "object" && value !== null && value.format === "lmdojo-history";
  } catch {
    return false;
  }
}

/** What an import changed. */
export interface ImportCounts {
  attemptsAdded: number;
  attemptsAlreadyThere: number;
  reviewsUpdated: number;
  mockSessionsAdded: number;
}

/**
 * Merges an exported history into the store, without duplicating: attempts and mock
 * sessions by id. A card practised on both sides gets its FSRS state rebuilt by replaying
 * all of its attempts in time order (so two devices' practice adds up); otherwise the
 * file's state of a card replaces ours only if it was reviewed more recently. The file
 * is validated first and merged in one transaction, so a file of the wrong shape changes nothing.
 * The transaction is IMMEDIATE: it takes the write lock at BEGIN, so no other writer can
 * change the store between the reads that decide the merge and the writes.
 */
export function importHistory(db: Db, data: unknown, source: string): ImportCounts {
  const parsed = historyFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${source}: field ${formatPath(issue.path)}: ${issue.message}`, "import a file written by `dojo export`");
  }
  const file = parsed.data;
  const counts: ImportCounts = { attemptsAdded: 0, attemptsAlreadyThere: 0, reviewsUpdated: 0, mockSessionsAdded: 0 };
  db.transaction(() => {
    // Cards practised on both sides: their states are rebuilt from the merged attempts.
    const practisedHere = new Set((db.prepare("SELECT DISTINCT card_id FROM attempts").all() as Array<{ card_id: string }>).map((r) => r.card_id));
    const replay = new Set<string>();
    for (const attempt of file.attempts) {
      if (insertAttempt(db, attempt)) {
        counts.attemptsAdded++;
        if (practisedHere.has(attempt.cardId)) replay.add(attempt.cardId);
      } else counts.attemptsAlreadyThere++;
    }
    for (const cardId of replay) {
      saveReviewState(db, cardId, replayAttempts(listAttempts(db, cardId)));
      counts.reviewsUpdated++;
    }
    const current = loadReviewStates(db);
    for (const r of file.reviews) {
      if (replay.has(r.cardId)) continue;
      const mine = current.get(r.cardId);
      const theirs = r.lastReview ? Date.parse(r.lastReview) : -Infinity;
      if (mine && (mine.last_review?.getTime() ?? -Infinity) >= theirs) continue;
      const state: ReviewState = {
        due: new Date(r.due),
        stability: r.stability,
        difficulty: r.difficulty,
        elapsed_days: r.elapsedDays,
        scheduled_days: r.scheduledDays,
        learning_steps: r.learningSteps,
        reps: r.reps,
        lapses: r.lapses,
        state: r.state,
        last_review: r.lastReview ? new Date(r.lastReview) : undefined,
      };
      saveReviewState(db, r.cardId, state);
      counts.reviewsUpdated++;
    }
    const insertMock = db.prepare("INSERT OR IGNORE INTO mock_sessions (id, started_at, role, minutes, summary) VALUES (?, ?, ?, ?, ?)");
    for (const m of file.mockSessions) {
      counts.mockSessionsAdded += insertMock.run(m.id, m.startedAt, m.role, m.minutes, JSON.stringify(m.summary ?? null)).changes;
    }
  }).immediate();
  return counts;
}
