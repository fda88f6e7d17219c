import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { workspaceState } from "../src/workspace/paths.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-paths-"));
const folder = (name: string, files: string[] = [], folders: string[] = []) => {
  const path = join(dir, name);
  mkdirSync(path);
  for (const file of files) writeFileSync(join(path, file), "x");
  for (const sub of folders) mkdirSync(join(path, sub));
  return path;
};

describe("workspaceState", () => {
  it("a missing or empty folder is a place for a new workspace", () => {
    expect(workspaceState(join(dir, "missing"))).toBe("new");
    expect(workspaceState(folder("empty"))).toBe("new");
  });

  it("a folder with dojo.db or runs/ is a workspace, whatever else it holds", () => {
    expect(workspaceState(folder("with-db", ["dojo.db", "notes.txt"]))).toBe("workspace");
    expect(workspaceState(folder("with-runs", [], ["runs"]))).toBe("workspace");
  });

  it("a folder of other files is not a workspace, and a file is not a folder", () => {
    expect(workspaceState(folder("documents", ["thesis.tex"]))).toBe("foreign");
    expect(workspaceState(join(dir, "documents", "thesis.tex"))).toBe("file");
  });
});
