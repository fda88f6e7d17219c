import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveExamplePath } from "../src/cli/example-path.js";
import { PACKAGE_ROOT } from "../src/package-root.js";

describe("paths given on the command line", () => {
  const cwd = process.cwd();
  let elsewhere: string;
  beforeEach(() => {
    elsewhere = mkdtempSync(join(tmpdir(), "lmdojo-cwd-"));
    process.chdir(elsewhere);
  });
  afterEach(() => process.chdir(cwd));

  it("find lmdojo's examples/ from any folder", () => {
    expect(resolveExamplePath("examples/qa.jsonl")).toBe(join(PACKAGE_ROOT, "examples", "qa.jsonl"));
    expect(resolveExamplePath("./examples/ablation.jsonl")).toBe(join(PACKAGE_ROOT, "examples", "ablation.jsonl"));
  });

  it("prefer a file of the same name in the current folder, and leave other paths as typed", () => {
    mkdirSync(join(elsewhere, "examples"));
    writeFileSync(join(elsewhere, "examples", "qa.jsonl"), "{}\n");
    expect(resolveExamplePath("examples/qa.jsonl")).toBe("examples/qa.jsonl");
    expect(resolveExamplePath("examples/none.jsonl")).toBe("examples/none.jsonl");
    expect(resolveExamplePath("data/qa.jsonl")).toBe("data/qa.jsonl");
    expect(resolveExamplePath("../examples/qa.jsonl")).toBe("../examples/qa.jsonl");
  });
});
