import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Runs `dojo ARGS` as a user would, from the project root (or `options.cwd`), with `input` on
 * standard input.
 * Asynchronous, so that the test worker keeps answering the runner while the command runs.
 */
export function runDojo(
  args: readonly string[],
  input = "",
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/dojo.js"), ...args], { cwd: options.cwd ?? ROOT, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The warnings a command printed on stderr (each line "dojo: warning: ..."), without the prefix. */
export function warningsOf(stderr: string): string[] {
  const lines = stderr.split("\n").filter(Boolean);
  for (const line of lines) expect(line).toMatch(/^dojo: warning: /);
  return lines.map((line) => line.replace(/^dojo: warning: /, ""));
}
