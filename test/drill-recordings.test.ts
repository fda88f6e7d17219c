import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordAttempt } from "../src/drill/history.js";
import { listRecordings, readRecording, recordingPath, saveRecording } from "../src/drill/recordings.js";
import { NotFoundError } from "../src/errors.js";
import { openStore } from "../src/store/open.js";

const NOW = new Date("2026-12-01T10:00:00Z");
const A = "11111111-2222-4333-8444-555555555555";
const B = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const C = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";

/** A fresh workspace whose database holds attempts A (day 1) and B (day 2) at card x/one, and C at card x/two. */
function workspace() {
  const home = mkdtempSync(join(tmpdir(), "lmdojo-rec-"));
  const db = openStore(join(home, "dojo.db"));
  const store = (uid: string, cardId: string, day: number) =>
    recordAttempt(
      db,
      { uid, cardId, startedAt: `2026-11-0${day}T09:00:00.000Z`, durationMs: 1000, answer: "", rubricTicks: [true], suggestedRating: 4, rating: 3, followup: null, mockId: null },
      NOW,
    );
  store(A, "x/one", 1);
  store(B, "x/one", 2);
  store(C, "x/two", 3);
  return { home, db };
}

describe("recordings of spoken answers", () => {
  it("files a recording as audio/<uid>.webm with a sidecar holding its card and length", () => {
    const { home, db } = workspace();
    const audio = new Uint8Array([1, 2, 3, 4]);
    expect(saveRecording(db, home, A, audio, 125_000, NOW)).toEqual({ attemptUid: A, cardId: "x/one", durationMs: 125_000, bytes: 4, recordedAt: "2026-12-01T10:00:00.000Z" });
    expect(readdirSync(join(home, "audio")).sort()).toEqual([`${A}.json`, `${A}.webm`]);
    expect(JSON.parse(readFileSync(join(home, "audio", `${A}.json`), "utf8"))).toMatchObject({ cardId: "x/one", durationMs: 125_000 });
    expect(readRecording(home, A)).toEqual(new Uint8Array([1, 2, 3, 4]));
  });

  it("lists a card's recordings newest first, with each attempt's date, and only that card's", () => {
    const { home, db } = workspace();
    saveRecording(db, home, A, new Uint8Array([1]), 30_000, NOW);
    saveRecording(db, home, B, new Uint8Array([2]), 90_000, NOW);
    saveRecording(db, home, C, new Uint8Array([3]), 10_000, NOW);
    expect(listRecordings(db, home, "x/one").map((r) => [r.attemptUid, r.startedAt, r.durationMs])).toEqual([
      [B, "2026-11-02T09:00:00.000Z", 90_000],
      [A, "2026-11-01T09:00:00.000Z", 30_000],
    ]);
  });

  it("ignores an audio file whose sidecar was never written (a write cut short)", () => {
    const { home, db } = workspace();
    mkdirSync(join(home, "audio"));
    writeFileSync(join(home, "audio", `${A}.webm`), "partial");
    expect(listRecordings(db, home, "x/one")).toEqual([]);
    expect(() => readRecording(home, A)).toThrow(NotFoundError);
  });

  it("refuses an unknown attempt, a second recording, an empty body and a bad length, writing nothing", () => {
    const { home, db } = workspace();
    expect(() => saveRecording(db, home, "99999999-9999-4999-8999-999999999999", new Uint8Array([1]), 1000, NOW)).toThrow(NotFoundError);
    expect(() => saveRecording(db, home, A, new Uint8Array(), 1000, NOW)).toThrow(/empty/);
    expect(() => saveRecording(db, home, A, new Uint8Array([1]), -1, NOW)).toThrow(/durationMs/);
    expect(() => saveRecording(db, home, A, new Uint8Array([1]), 3_600_001, NOW)).toThrow(/durationMs/);
    expect(existsSync(join(home, "audio", `${A}.webm`))).toBe(false);
    saveRecording(db, home, A, new Uint8Array([1]), 1000, NOW);
    expect(() => saveRecording(db, home, A, new Uint8Array([2]), 1000, NOW)).toThrow(/already has a recording/);
    expect(readRecording(home, A)).toEqual(new Uint8Array([1]));
  });

  it("takes only a UUID as the file's name, so no id can reach outside audio/", () => {
    expect(recordingPath("/w", A)).toBe(`/w/audio/${A}.webm`);
    for (const bad of ["../dojo", `${A}/../../x`, "x/one@2026-11-01", `${A}.webm`, ""]) {
      expect(() => recordingPath("/w", bad)).toThrow(/not an attempt uid/);
    }
  });
});
