import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { dojoCommand, shellWord } from "../src/home/command.js";

const root = mkdtempSync(join(tmpdir(), "lmdojo-command-"));

/** A folder holding an executable `dojo` (a shell script doing nothing). */
function binWithDojo(...parts: string[]): string {
  const dir = join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "dojo"), "#!/bin/sh\n", { mode: 0o755 });
  return dir;
}

describe("dojoCommand", () => {
  const userBin = binWithDojo("usr", "bin");
  // Where npx puts the package it runs, and a project's own bin folder: on PATH only for npm's child.
  const npxBin = binWithDojo(".npm", "_npx", "f94b2729710a3ced", "node_modules", ".bin");
  const projectBin = binWithDojo("project", "node_modules", ".bin");
  const empty = join(root, "empty");
  mkdirSync(empty, { recursive: true });
  const path = (...dirs: string[]) => ({ PATH: dirs.join(delimiter) });

  it("is `dojo` when the user's shell finds it, `npx dojo` when only npx's bin folders have it", () => {
    expect(dojoCommand({ env: path(empty, userBin) })).toBe("dojo");
    expect(dojoCommand({ env: path(empty) })).toBe("npx dojo");
    expect(dojoCommand({ env: {} })).toBe("npx dojo");
    // `npx dojo` run with no dojo installed: npx's cache and the project's bin folder come first on PATH.
    expect(dojoCommand({ env: path(npxBin, projectBin, empty) })).toBe("npx dojo");
    // A dojo the user installed is found behind npx's folder.
    expect(dojoCommand({ env: path(npxBin, userBin) })).toBe("dojo");
  });

  it("a file named dojo that is not executable does not count", () => {
    const dir = join(root, "plain");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "dojo"), "", { mode: 0o644 });
    expect(dojoCommand({ env: path(dir) })).toBe("npx dojo");
  });

  it("carries the --home the command was given, as one shell word", () => {
    expect(dojoCommand({ env: path(userBin), home: "/tmp/ws" })).toBe("dojo --home /tmp/ws");
    expect(dojoCommand({ env: path(empty), home: "my ws" })).toBe("npx dojo --home 'my ws'");
  });
});

describe("shellWord", () => {
  it("quotes only what a shell would split or expand, and escapes single quotes", () => {
    expect(shellWord("/home/ada/.lmdojo")).toBe("/home/ada/.lmdojo");
    expect(shellWord("../ws-2")).toBe("../ws-2");
    expect(shellWord("my ws")).toBe("'my ws'");
    expect(shellWord("$HOME/ws")).toBe("'$HOME/ws'");
    expect(shellWord("~/ws")).toBe("'~/ws'");
    expect(shellWord("")).toBe("''");
    // ada's ws → 'ada'\''s ws': close the quote, an escaped quote, reopen.
    expect(shellWord("ada's ws")).toBe("'ada'\\''s ws'");
  });
});
