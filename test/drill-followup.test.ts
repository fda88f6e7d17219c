import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Card } from "../src/drill/card.js";
import { listAttempts, loadReviewStates } from "../src/drill/history.js";
import { practiseCard } from "../src/drill/practice.js";
import type { Prompter } from "../src/drill/prompter.js";
import { exportHistory, importHistory } from "../src/drill/transfer.js";
import { MIGRATIONS, SCHEMA_VERSION } from "../src/store/migrations.js";
import { openStore } from "../src/store/open.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-followup-"));
let counter = 0;
const freshDb = () => openStore(join(dir, `d-${counter++}.db`));
const NOW = new Date("2026-11-21T10:00:00Z");

const card: Card = {
  id: "objectives/x", area: "objectives", title: "x", kind: "concept", difficulty: 1, rubric: ["a", "b", "c"],
  followups: [{ question: "And why?", answer: "Because." }], pitfalls: ["p"], related: [], references: [],
  question: "What?", answer: "The model answer.", file: "x.md",
};

/** A person who gives `replies` in turn to the answer prompts (null: quits there). */
function person(replies: Array<string | null>): Prompter {
  let next = 0;
  return {
    show: () => {},
    answer: async () => replies[next++],
    checklist: async (_m, items) => items.map(() => true),
    choose: async (_m, _o, initial) => initial,
  };
}

describe("follow-up answers", () => {
  it("are stored with the attempt, aloud as an empty answer; quitting at the follow-up stores none", async () => {
    const db = freshDb();
    const ctx = (replies: Array<string | null>) => ({ db, prompter: person(replies), now: () => NOW, states: loadReviewStates(db) });
    await practiseCard(ctx(["first answer", "line one\n\nline two"]), card);
    await practiseCard(ctx(["second answer", ""]), card);
    await practiseCard(ctx(["third answer", null]), card);
    expect(listAttempts(db).map((a) => [a.answer, a.followup, a.followupAnswer])).toEqual([
      ["first answer", "And why?", "line one\n\nline two"],
      ["second answer", "And why?", ""],
      ["third answer", "And why?", null],
    ]);
  });

  it("are exported and imported; a file written before they were stored imports with none", async () => {
    const a = freshDb();
    await practiseCard({ db: a, prompter: person(["answer", "my follow-up"]), now: () => NOW, states: loadReviewStates(a) }, card);
    const file = JSON.parse(JSON.stringify(exportHistory(a, NOW)));
    expect(file.attempts[0].followupAnswer).toBe("my follow-up");

    const b = freshDb();
    importHistory(b, file, "h.json");
    expect(listAttempts(b)[0].followupAnswer).toBe("my follow-up");

    const c = freshDb();
    const older = { ...file, attempts: file.attempts.map(({ followupAnswer: _, ...rest }: { followupAnswer: unknown }) => rest) };
    expect(importHistory(c, older, "old.json").attemptsAdded).toBe(1);
    expect(listAttempts(c)[0].followupAnswer).toBeNull();
  });

  it("get a column when a database of the previous schema is opened, keeping its attempts", () => {
    const path = join(dir, "v2.db");
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 2)) old.exec(migration);
    old.pragma("user_version = 2");
    old.prepare("INSERT INTO attempts (uid, card_id, started_at, duration_ms, answer, rubric_ticks, rating, followup) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(
      "u1", "objectives/x", NOW.toISOString(), 1000, "old answer", "[true]", 3, "And why?",
    );
    old.close();
    const db = openStore(path);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(listAttempts(db)).toMatchObject([{ uid: "u1", answer: "old answer", followup: "And why?", followupAnswer: null }]);
    db.close();
  });
});
