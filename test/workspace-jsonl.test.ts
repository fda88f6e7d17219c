import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputError } from "../src/errors.js";
import { formatPath } from "../src/errors.js";
import { readJsonl, readJsonlLog } from "../src/workspace/jsonl.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-jsonl-"));
const schema = z.object({ prediction: z.string(), references: z.array(z.string()) });

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error("expected an InputError");
}

describe("readJsonl", () => {
  it("parses records with their line numbers, skipping blank lines", () => {
    const path = file("ok.jsonl", '{"prediction": "a", "references": ["a"]}\n\n{"prediction": "b", "references": []}\r\n');
    const records = readJsonl(path, schema, "hint");
    expect(records).toEqual([
      { line: 1, value: { prediction: "a", references: ["a"] } },
      { line: 3, value: { prediction: "b", references: [] } },
    ]);
  });

  it("names file:line for malformed JSON", () => {
    const path = file("bad.jsonl", '{"prediction": "a", "references": ["a"]}\n{"prediction": \n');
    const err = errorOf(() => readJsonl(path, schema, "hint"));
    expect(err.message).toMatch(new RegExp(`^${path}:2: not valid JSON`));
    expect(err.hint).toBe("each line must hold one JSON object");
  });

  it("names file:line and the field for a missing field or a wrong type", () => {
    const missing = file("missing.jsonl", '{"references": ["a"]}\n');
    expect(errorOf(() => readJsonl(missing, schema, "fields: x")).message).toBe(
      `${missing}:1: field prediction: Invalid input: expected string, received undefined`,
    );
    const wrong = file("wrong.jsonl", '{"prediction": "a", "references": ["a"]}\n{"prediction": "a", "references": ["a", 3]}\n');
    const err = errorOf(() => readJsonl(wrong, schema, "fields: x"));
    expect(err.message).toBe(`${wrong}:2: field references[1]: Invalid input: expected string, received number`);
    expect(err.hint).toBe("fields: x");
  });

  it("rejects an empty file, a non-object line and a missing file", () => {
    expect(errorOf(() => readJsonl(file("empty.jsonl", "\n \n"), schema, "h")).message).toMatch(/no records/);
    expect(errorOf(() => readJsonl(file("array.jsonl", "[1, 2]\n"), schema, "h")).message).toMatch(/:1: expected a JSON object, got an array/);
    expect(errorOf(() => readJsonl(join(dir, "nope.jsonl"), schema, "h")).message).toMatch(/cannot read \(no such file\)/);
  });

  it("formats nested field paths", () => {
    expect(formatPath(["metrics", "acc", 3])).toBe("metrics.acc[3]");
    expect(formatPath([])).toBe("(record)");
  });
});

describe("readJsonlLog", () => {
  const good = '{"prediction": "é", "references": ["a"]}'; // "é" is 2 bytes in UTF-8

  it("leaves out an unterminated, unparsable last line as torn, with the byte offset where it starts", () => {
    const path = file("torn.jsonl", `${good}\n${good}\n{"prediction": "a", "refer`);
    const { records, torn } = readJsonlLog(path, schema, "h");
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    // A good line in bytes: its characters, one more for "é" (2 bytes in UTF-8), and the newline.
    const lineBytes = good.length + 1 + 1;
    expect(torn).toMatchObject({ line: 3, offset: 2 * lineBytes });
    expect(torn!.problem).toMatch(new RegExp(`^${path}:3: not valid JSON`));
  });

  it("a valid last line without its newline is a record, not torn; an empty log has no records", () => {
    const path = file("unterminated.jsonl", `${good}\n${good}`);
    const { records, torn } = readJsonlLog(path, schema, "h");
    expect([records.length, torn]).toEqual([2, null]);
    expect(readJsonlLog(file("empty-log.jsonl", ""), schema, "h")).toEqual({ records: [], torn: null });
  });

  it("a bad line before the last, or a bad last line that got its newline, is an error as in readJsonl", () => {
    const middle = file("middle.jsonl", `${good}\n{"prediction": \n${good}\n`);
    expect(errorOf(() => readJsonlLog(middle, schema, "h")).message).toMatch(new RegExp(`^${middle}:2: not valid JSON`));
    const terminated = file("terminated.jsonl", `${good}\n{"prediction": 3, "references": []}\n`);
    expect(errorOf(() => readJsonlLog(terminated, schema, "h")).message).toMatch(new RegExp(`^${terminated}:2: field prediction`));
  });
});
