import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadReviewStates, recordAttempt } from "../src/drill/history.js";
import { importHistory } from "../src/drill/transfer.js";
import { openStore } from "../src/store/open.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-store-"));

/**
 * A second connection to the database at `path` that tries one write at a time without waiting
 * for the lock: `tryWrite()` gives SQLite's error code, or undefined when the write went through.
 */
function otherConnection(path: string) {
  const other = new Database(path, { timeout: 0 });
  const insert = other.prepare("INSERT INTO mock_sessions (id, started_at, role, minutes, summary) VALUES (?, '2026-01-01T00:00:00Z', 'scientist', 45, 'null')");
  let writes = 0;
  return {
    tryWrite(): string | undefined {
      try {
        insert.run(`other-${writes++}`);
        return undefined;
      } catch (err) {
        return (err as { code?: string }).code;
      }
    },
    close: () => other.close(),
  };
}

describe("the SQLite store's durability", () => {
  it("opens every connection with WAL and synchronous=FULL (2), which fsyncs at each commit", () => {
    const db = openStore(join(dir, "pragma.db"));
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      // SQLite's codes: OFF 0, NORMAL 1, FULL 2, EXTRA 3.
      expect(db.pragma("synchronous", { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });

  it("import holds the write lock from BEGIN: a second connection cannot write between its reads and its writes", () => {
    const path = join(dir, "race.db");
    const importer = openStore(path);
    const other = otherConnection(path);
    let otherError: string | undefined;
    // The import reads (the cards practised here, the review states), then serializes each mock
    // session's summary just before inserting it: this toJSON runs in that gap, inside the
    // import's transaction. IMMEDIATE has held the write lock since BEGIN, so the other write is
    // refused with SQLITE_BUSY; a DEFERRED transaction would let it commit, and the import's own
    // insert would then fail on its stale snapshot.
    const summary = {
      toJSON() {
        otherError = other.tryWrite();
        return { score: 1 };
      },
    };
    const file = {
      format: "lmdojo-history",
      version: 1,
      exportedAt: "2026-01-02T00:00:00Z",
      reviews: [],
      attempts: [],
      mockSessions: [{ id: "mock-1", startedAt: "2026-01-01T10:00:00Z", role: "engineer", minutes: 30, summary }],
    };
    try {
      const counts = importHistory(importer, file, "history.json");
      expect(otherError).toBe("SQLITE_BUSY");
      expect(counts.mockSessionsAdded).toBe(1);
      const ids = (importer.prepare("SELECT id FROM mock_sessions ORDER BY id").all() as Array<{ id: string }>).map((r) => r.id);
      expect(ids).toEqual(["mock-1"]);
      // Once the import has committed, the other connection writes normally.
      expect(other.tryWrite()).toBeUndefined();
    } finally {
      other.close();
      importer.close();
    }
  });

  it("recordAttempt holds the write lock from BEGIN: no other write between reading a card's state and saving the next one", () => {
    const path = join(dir, "attempt.db");
    const db = openStore(path);
    const other = otherConnection(path);
    let otherError: string | undefined = "not tried";
    // recordAttempt reads the card's FSRS state, then copies the attempt to insert it: this getter
    // runs in that gap, inside its transaction. Under IMMEDIATE the other write gets SQLITE_BUSY;
    // under DEFERRED it would commit, and the attempt's own write would fail on a stale snapshot
    // (or, in another order, one session's review would overwrite the other's).
    const attempt = {
      cardId: "objectives/x",
      startedAt: "2026-01-01T10:00:00Z",
      durationMs: 60_000,
      rubricTicks: [true],
      suggestedRating: 3 as const,
      rating: 3 as const,
      followup: null,
      mockId: null,
      get answer() {
        if (otherError === "not tried") otherError = other.tryWrite();
        return "my answer";
      },
    };
    try {
      recordAttempt(db, attempt, new Date("2026-01-01T10:01:00Z"));
      expect(otherError).toBe("SQLITE_BUSY");
      expect(loadReviewStates(db).get("objectives/x")?.reps).toBe(1);
      expect(other.tryWrite()).toBeUndefined();
    } finally {
      other.close();
      db.close();
    }
  });
});
