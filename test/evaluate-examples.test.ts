import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listExamples, readExample } from "../src/evaluate/examples.js";

describe("example files", () => {
  const dir = mkdtempSync(join(tmpdir(), "lmdojo-examples-"));
  for (const name of ["qa.jsonl", "ablation.jsonl", "notes.jsonl", "rank.json", "make.ts"]) writeFileSync(join(dir, name), `${name}\n`);

  it("lists <kind>.jsonl for eval and ablation.jsonl for ablate, nothing else", () => {
    expect(listExamples(dir)).toEqual([
      { name: "ablation.jsonl", tool: "ablate", kind: null },
      { name: "qa.jsonl", tool: "eval", kind: "qa" },
    ]);
  });

  it("reads only a listed file", () => {
    expect(readExample("qa.jsonl", dir)).toEqual({ name: "qa.jsonl", text: "qa.jsonl\n" });
    for (const name of ["notes.jsonl", "make.ts", "../qa.jsonl"]) expect(() => readExample(name, dir)).toThrow(`no example "${name}"`);
  });
});
