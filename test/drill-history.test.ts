import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { fsrs, generatorParameters, Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { AREAS, type Card } from "../src/drill/card.js";
import { listAttempts, loadReviewStates, recordAttempt } from "../src/drill/history.js";
import { buildQueue } from "../src/drill/queue.js";
import { suggestRating } from "../src/drill/rubric.js";
import { newReviewState, retrievability, review } from "../src/drill/scheduler.js";
import { exportHistory, importHistory } from "../src/drill/transfer.js";
import { MIGRATIONS, SCHEMA_VERSION } from "../src/store/migrations.js";
import { openStore } from "../src/store/open.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-drill-"));
let counter = 0;
const freshDb = () => openStore(join(dir, `dojo-${counter++}.db`));
const NOW = new Date("2026-11-21T10:00:00Z");
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

function card(id: string, extra: Partial<Card> = {}): Card {
  const [area] = id.split("/");
  return {
    id, area: area as Card["area"], title: id, kind: "concept", difficulty: 1, rubric: ["a", "b", "c"],
    followups: [], pitfalls: ["p"], related: [], references: [], question: "Q?", answer: "A.", file: `${id}.md`, ...extra,
  };
}

function attempt(cardId: string, rating: 1 | 2 | 3 | 4, startedAt = NOW) {
  return {
    cardId, startedAt: startedAt.toISOString(), durationMs: 90_000, answer: "my answer", rubricTicks: [true, false, true],
    suggestedRating: suggestRating([true, false, true]), rating, followup: null, mockId: null,
  };
}

describe("scheduling with FSRS", () => {
  it("moves the due date exactly as ts-fsrs defines for each rating", () => {
    const reference = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: false }));
    const start = newReviewState(NOW);
    for (const rating of [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as const) {
      expect(review(start, rating, NOW).due).toEqual(reference.next(start, NOW, rating).card.due);
    }
    // A better rating never schedules the card sooner, and Easy on a new card waits days.
    const dues = ([1, 2, 3, 4] as const).map((r) => review(start, r, NOW).due.getTime());
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(dues[3] - NOW.getTime()).toBeGreaterThan(24 * 3600_000);
  });

  it("schedules a reviewed card about one stability ahead, where recall falls to the 0.9 target", () => {
    let state = review(newReviewState(NOW), Rating.Good, NOW);
    let now = NOW;
    for (let i = 0; i < 4; i++) {
      now = state.due;
      state = review(state, Rating.Good, now);
    }
    const intervalDays = (state.due.getTime() - now.getTime()) / 86_400_000;
    // FSRS defines stability S as the interval at which recall probability is 90%.
    expect(Math.abs(intervalDays - state.stability) / state.stability).toBeLessThan(0.05);
    expect(retrievability(state, state.due)).toBeCloseTo(0.9, 1);
  });

  it("suggests a rating from rubric coverage", () => {
    expect(suggestRating([false, false, true])).toBe(Rating.Again); // 33%
    expect(suggestRating([true, false, true, false])).toBe(Rating.Hard); // 50%
    expect(suggestRating([true, true, true, false])).toBe(Rating.Good); // 75%
    expect(suggestRating([true, true, true])).toBe(Rating.Easy);
  });
});

describe("attempt history", () => {
  it("stores every attempt with its text, ticks, rating and duration, and the new FSRS state", () => {
    const db = freshDb();
    recordAttempt(db, attempt("objectives/x", Rating.Good), NOW);
    recordAttempt(db, attempt("objectives/x", Rating.Again, minutes(30)), minutes(30));
    const attempts = listAttempts(db, "objectives/x");
    expect(attempts.map((a) => a.rating)).toEqual([Rating.Good, Rating.Again]);
    expect(attempts[0]).toMatchObject({ answer: "my answer", rubricTicks: [true, false, true], durationMs: 90_000, suggestedRating: Rating.Hard });
    const state = loadReviewStates(db).get("objectives/x");
    expect(state?.reps).toBe(2);
    expect(state?.last_review).toEqual(minutes(30));
    db.close();
  });

  it("queues due cards first, then new cards interleaved across areas, honouring filters", () => {
    const cards = [card("objectives/a"), card("objectives/b"), card("tokenization/c"), card("scaling/d", { kind: "quantitative" }), card("objectives/due")];
    const states = new Map([["objectives/due", review(newReviewState(NOW), Rating.Again, NOW)]]);
    const queue = buildQueue(cards, states, { now: minutes(60), newLimit: 10 });
    // objectives already has a reviewed card, so the areas not yet started come first.
    expect(queue.map((c) => c.id)).toEqual(["objectives/due", "tokenization/c", "scaling/d", "objectives/a", "objectives/b"]);
    expect(buildQueue(cards, states, { now: NOW, newLimit: 2 }).map((c) => c.id)).toEqual(["tokenization/c", "scaling/d"]);
    expect(buildQueue(cards, states, { now: minutes(60), newLimit: 10, kind: "quantitative" }).map((c) => c.id)).toEqual(["scaling/d"]);
  });
});

describe("introducing new cards over many sessions", () => {
  it("reaches every area even when a session takes fewer new cards than there are areas", () => {
    const bank = AREAS.flatMap((area) => [1, 2, 3].map((i) => card(`${area}/card-${i}`)));
    const states = new Map<string, ReturnType<typeof newReviewState>>();
    const introduced: string[] = [];
    for (let session = 0; session < 2; session++) {
      for (const c of buildQueue(bank, states, { now: NOW, newLimit: 10 })) {
        introduced.push(c.area);
        states.set(c.id, review(newReviewState(NOW), Rating.Good, NOW)); // answered; due later
      }
    }
    expect(new Set(introduced)).toEqual(new Set(AREAS));
  });
});

describe("export and import", () => {
  it("round-trips the whole history and merges without duplicating", () => {
    const a = freshDb();
    recordAttempt(a, attempt("objectives/x", Rating.Good), NOW);
    recordAttempt(a, attempt("systems/y", Rating.Hard, minutes(5)), minutes(5));
    const file = JSON.parse(JSON.stringify(exportHistory(a, minutes(10))));

    const b = freshDb();
    expect(importHistory(b, file, "history.json")).toEqual({ attemptsAdded: 2, attemptsAlreadyThere: 0, reviewsUpdated: 2, mockSessionsAdded: 0 });
    expect(exportHistory(b, minutes(10))).toEqual(file);
    expect(importHistory(b, file, "history.json")).toEqual({ attemptsAdded: 0, attemptsAlreadyThere: 2, reviewsUpdated: 0, mockSessionsAdded: 0 });
    expect(listAttempts(b)).toHaveLength(2);
  });

  it("adds up practice of one card on two devices by replaying all its attempts", () => {
    const laptop = freshDb();
    recordAttempt(laptop, attempt("objectives/x", Rating.Good), NOW);
    const desktop = freshDb();
    recordAttempt(desktop, attempt("objectives/x", Rating.Good, minutes(60 * 24 * 3)), minutes(60 * 24 * 3));
    importHistory(laptop, exportHistory(desktop, NOW), "desktop.json");
    const merged = loadReviewStates(laptop).get("objectives/x");
    expect(merged?.reps).toBe(2);
    // Same as having answered both on one device:
    const reference = freshDb();
    recordAttempt(reference, attempt("objectives/x", Rating.Good), new Date(NOW.getTime() + 90_000));
    recordAttempt(reference, attempt("objectives/x", Rating.Good, minutes(60 * 24 * 3)), new Date(minutes(60 * 24 * 3).getTime() + 90_000));
    expect(merged).toEqual(loadReviewStates(reference).get("objectives/x"));
  });

  it("keeps the more recently reviewed state of a card on import", () => {
    const older = freshDb();
    recordAttempt(older, attempt("objectives/x", Rating.Good), NOW);
    const newer = freshDb();
    recordAttempt(newer, attempt("objectives/x", Rating.Again, minutes(60)), minutes(60));
    // States in the file without attempts (as written by an export that kept no attempts):
    const stateOnly = (db: ReturnType<typeof freshDb>) => ({ ...exportHistory(db, NOW), attempts: [] });
    const newerState = loadReviewStates(newer).get("objectives/x");
    expect(importHistory(newer, stateOnly(older), "old.json").reviewsUpdated).toBe(0);
    expect(loadReviewStates(newer).get("objectives/x")).toEqual(newerState);
    expect(importHistory(older, stateOnly(newer), "new.json").reviewsUpdated).toBe(1);
    expect(loadReviewStates(older).get("objectives/x")).toEqual(newerState);
  });

  it("rejects a file of the wrong shape with its field, and leaves the data untouched", () => {
    const db = freshDb();
    recordAttempt(db, attempt("objectives/x", Rating.Good), NOW);
    const before = exportHistory(db, NOW);
    const bad = { ...before, attempts: [{ ...before.attempts[0], uid: "new" }, { ...before.attempts[0], uid: "other", rating: 7 }] };
    expect(() => importHistory(db, bad, "h.json")).toThrow("h.json: field attempts[1].rating");
    expect(() => importHistory(db, { hello: 1 }, "h.json")).toThrow(/^h\.json: field format/);
    expect(exportHistory(db, NOW)).toEqual(before);
  });
});

describe("the store", () => {
  it("migrates a database written by the first schema forward, keeping its data", () => {
    const path = join(dir, "old.db");
    const old = new Database(path);
    old.exec(MIGRATIONS[0]);
    old.pragma("user_version = 1");
    old.prepare("INSERT INTO attempts (card_id, started_at, duration_ms, answer, rubric_ticks, rating) VALUES (?, ?, ?, ?, ?, ?)").run(
      "objectives/x", NOW.toISOString(), 1000, "old answer", "[true]", 3,
    );
    old.close();
    const db = openStore(path);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    const [migrated] = listAttempts(db);
    expect(migrated).toMatchObject({ cardId: "objectives/x", answer: "old answer", uid: `objectives/x@${NOW.toISOString()}`, followup: null });
    db.close();
  });

  it("reports a corrupt database in one line and leaves the file as it was", () => {
    const path = join(dir, "corrupt.db");
    writeFileSync(path, "this is not a database, it is a note I saved by mistake\n".repeat(100));
    const before = readFileSync(path);
    expect(() => openStore(path)).toThrow(/corrupt\.db: not a readable lmdojo database \(file is not a database\)/);
    expect(readFileSync(path)).toEqual(before);
  });

  it("reports a database whose pages are corrupt, not just its header", () => {
    const path = join(dir, "pages.db");
    const db = openStore(path);
    for (let i = 0; i < 200; i++) recordAttempt(db, attempt(`objectives/c${i}`, Rating.Good), NOW);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    const bytes = readFileSync(path);
    const damaged = Buffer.from(bytes);
    for (let i = 4096; i < 4096 + 64; i++) damaged[i] = 0xff; // page 2 (a b-tree page of a table), not the file header
    writeFileSync(path, damaged);
    expect(() => openStore(path)).toThrow(/pages\.db: not a readable lmdojo database/);
    expect(readFileSync(path)).toEqual(damaged);
  });

  it("refuses another program's SQLite database instead of adding tables to it", () => {
    const path = join(dir, "foreign.db");
    const other = new Database(path);
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
    other.close();
    expect(() => openStore(path)).toThrow(/foreign\.db: an SQLite database of another program/);
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: "notes" }]);
    check.close();
  });

  it("keeps two sessions' reviews of one card when they write to the same database", () => {
    const path = join(dir, "shared.db");
    const one = openStore(path);
    const two = openStore(path);
    recordAttempt(one, attempt("objectives/x", Rating.Good), NOW);
    recordAttempt(two, attempt("objectives/x", Rating.Good, minutes(20)), minutes(20));
    expect(loadReviewStates(one).get("objectives/x")?.reps).toBe(2);
    one.close();
    two.close();
  });

  it("reports a truncated database and leaves it as it was", () => {
    const good = join(dir, "good.db");
    const db = openStore(good);
    recordAttempt(db, attempt("objectives/x", Rating.Good), NOW);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    const truncated = join(dir, "truncated.db");
    copyFileSync(good, truncated);
    const bytes = readFileSync(truncated);
    writeFileSync(truncated, bytes.subarray(0, 1500));
    expect(() => openStore(truncated)).toThrow(/truncated\.db: not a readable lmdojo database/);
    expect(readFileSync(truncated)).toEqual(bytes.subarray(0, 1500));
  });
});
