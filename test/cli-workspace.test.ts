import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDojo } from "./cli-run.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lmdojo-cli-workspace-"));

/** A folder of someone's files, not a workspace. */
function documents(name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  writeFileSync(join(path, "thesis.tex"), "x");
  return path;
}

/**
 * Runs `dojo --home HOME progress` on a terminal (util-linux `script` gives it a pseudo-terminal),
 * types `key` once the question is on screen, and resolves with the exit code and what was shown.
 */
function onTerminal(home: string, key: string): Promise<{ code: number | null; screen: string }> {
  // A pseudo-terminal starts with no width; 200 columns keep the question on one line.
  const child = spawn("script", ["-qec", `stty cols 200 rows 50; node bin/dojo.js --home ${home} progress`, "/dev/null"], { cwd: ROOT });
  let screen = "";
  let answered = false;
  child.stdout.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
    if (!answered && screen.includes("Create a workspace there?")) {
      answered = true;
      child.stdin.write(key);
    }
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, screen })));
}

describe("--home on a folder that is not a workspace, on a terminal", () => {
  it("asks first: n creates nothing and exits 2", async () => {
    const home = documents("declined");
    const { code, screen } = await onTerminal(home, "n");
    expect(code).toBe(2);
    expect(screen).toContain(`${home} holds other files and no lmdojo workspace.`);
    expect(screen).toContain(`dojo: ${home}: not an lmdojo workspace; nothing was created`);
    expect(readdirSync(home)).toEqual(["thesis.tex"]);
  });

  it("y creates the workspace and the command runs", async () => {
    const home = documents("accepted");
    const { code, screen } = await onTerminal(home, "y");
    expect(code).toBe(0);
    expect(screen).toMatch(/area\s+seen\s+retention/);
    expect(existsSync(join(home, "dojo.db"))).toBe(true);
  });
});

describe("--home on a file", () => {
  it("is one error line, exit 2, before anything is announced or created", async () => {
    const parent = documents("holder");
    const file = join(parent, "thesis.tex");
    // Commands that write (progress opens the database, pretrain makes a run) and commands that only read.
    for (const args of [["progress"], ["lab", "pretrain", "--steps", "1"], ["lab", "runs"], []]) {
      const { code, stdout, stderr } = await runDojo(["--home", file, ...args]);
      expect([code, stdout, stderr]).toEqual([2, "", `dojo: ${file}: a file, not a folder; cannot use it as the workspace (hint: --home and LMDOJO_HOME must name a folder)\n`]);
    }
    expect(readdirSync(parent)).toEqual(["thesis.tex"]);
    expect(readFileSync(file, "utf8")).toBe("x");
  });
});
