import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { historyFile, writeHistoryFile, type HistoryFile } from "../src/drill/transfer.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-export-"));
const history: HistoryFile = { format: "lmdojo-history", version: 1, exportedAt: "2026-11-21T10:00:00.000Z", reviews: [], attempts: [], mockSessions: [] };
const written = (path: string) => historyFile.parse(JSON.parse(readFileSync(path, "utf8")));

describe("writeHistoryFile", () => {
  it("writes a new file and replaces an earlier export", () => {
    const path = join(dir, "history.json");
    writeHistoryFile(path, { ...history, exportedAt: "2026-01-01T00:00:00.000Z" }, { force: false });
    writeHistoryFile(path, history, { force: false });
    expect(written(path)).toEqual(history);
  });

  it("refuses to overwrite a file that is not an lmdojo export, leaving it as it was; --force replaces it", () => {
    for (const [name, text] of [["notes.md", "# my notes\n"], ["other.json", '{"format": "something-else"}\n'], ["empty.json", ""]]) {
      const path = join(dir, name);
      writeFileSync(path, text);
      expect(() => writeHistoryFile(path, history, { force: false })).toThrow(InputError);
      expect(() => writeHistoryFile(path, history, { force: false })).toThrow(`${path}: exists and is not an lmdojo export; not overwritten`);
      expect(readFileSync(path, "utf8")).toBe(text);
      writeHistoryFile(path, history, { force: true });
      expect(written(path)).toEqual(history);
    }
  });
});
