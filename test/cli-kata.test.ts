// `dojo kata` as a user drives it: list, show, start, check (wrong then right), solution,
// history; bad input gives one line and exit 2; a missing python3 or NumPy names what to
// install while TypeScript katas still run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDojo } from "./cli-run.js";

const KATA = join("content", "katas", "pass-at-k");
const withHome = () => ({ ...process.env, LMDOJO_HOME: mkdtempSync(join(tmpdir(), "lmdojo-cli-kata-")) });

describe("dojo kata", () => {
  it("lists every kata with its area, budget and schedule", async () => {
    const { code, stdout } = await runDojo(["kata", "list", "--area", "numerics"], "", { env: withHome() });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^pass-at-k +numerics +1 +15 min +new +-$/m);
    expect(stdout).not.toMatch(/causal-attention/);
    expect(stdout).toMatch(/\d+ katas\. Start one: /);
  });

  it("shows a statement with its functions and hidden edge cases", async () => {
    const { code, stdout } = await runDojo(["kata", "show", "pass-at-k"], "", { env: withHome() });
    expect(code).toBe(0);
    expect(stdout).toContain("Functions: pass_at_k (Python) · passAtK (TypeScript)");
    expect(stdout).toContain("Hidden tests: 5 edge cases (n - c < k; no correct samples;");
  });

  it("starts, fails with the hint of the mistake, passes, rates the kata and opens the solution", async () => {
    const env = withHome();
    const started = await runDojo(["kata", "start", "pass-at-k"], "", { env });
    expect(started.code).toBe(0);
    const path = join(env.LMDOJO_HOME!, "katas", "pass-at-k.py");
    expect(started.stdout).toContain(`Starter copied to ${path}`);
    expect(readFileSync(path, "utf8")).toBe(readFileSync(join(KATA, "starter.py"), "utf8"));

    const early = await runDojo(["kata", "solution", "pass-at-k"], "", { env });
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/no check of pass-at-k yet: the solution opens after a first attempt/);

    writeFileSync(path, readFileSync(join(KATA, "wrong", "with-replacement.py")));
    const wrong = await runDojo(["kata", "check", "pass-at-k"], "", { env });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^FAILED: \d+\/35 cases passed; first failure \(edge: n - c < k\)/);
    expect(wrong.stdout).toContain("hint: that is pass@k with replacement");

    writeFileSync(path, readFileSync(join(KATA, "solution.py")));
    const right = await runDojo(["kata", "check", "pass-at-k"], "", { env });
    expect(right.code).toBe(0);
    expect(right.stdout).toMatch(/^PASSED: all 35 cases passed/);
    expect(right.stdout).toContain("Rated Hard (passed after failed checks): due in");

    const solution = await runDojo(["kata", "solution", "pass-at-k", "--lang", "ts"], "", { env });
    expect(solution.code).toBe(0);
    expect(solution.stdout).toContain("export function passAtK(n: number, c: number, k: number): number {");
    expect(solution.stdout).toContain("Follow-ups an interviewer asks next:");

    const history = await runDojo(["kata", "history", "pass-at-k"], "", { env });
    expect(history.stdout).toMatch(/py +practice +failed +\d+\/35/);
    expect(history.stdout).toMatch(/py +practice +passed +35\/35/);
    expect(history.stdout).toContain("2 checks");
  });

  it("interview mode: tests on demand, the hand-in with the reference, a follow-up, the summary and the rating", async () => {
    const env = withHome();
    const { code, stdout } = await runDojo(["kata", "interview", "pass-at-k", "--minutes", "5"], "\nd\nit has lower variance\n", { env });
    expect(code).toBe(0);
    expect(stdout).toContain(`Your file, fresh from the starter: ${join(env.LMDOJO_HOME!, "katas", "interview", "pass-at-k.py")}`);
    expect(stdout).toMatch(/\[5 min 0 s left\] > (FAILED|ERROR)/);
    expect(stdout).toContain("The final check, with hints:");
    expect(stdout).toContain("Reference solution (Python):");
    expect(stdout).toContain("Follow-up: Why not just generate k samples and check whether any passes?");
    expect(stdout).toMatch(/A strong answer: /);
    expect(stdout).toMatch(/Not passed: 2 checks in .* \(budget 5 min 0 s\)\. Rated Again \(gave up\): due in/);
  });

  it("checks a file given by path, in the language of its extension", async () => {
    const env = withHome();
    const result = await runDojo(["kata", "check", "pass-at-k", join(KATA, "solution.ts")], "", { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("(TypeScript) on 5 edge cases and 30 random ones");
  });

  it.each([
    [["kata", "show", "no-such-kata"], /^dojo: no kata "no-such-kata" \(hint: dojo kata list shows them\)$/],
    [["kata", "start", "pass-at-k", "--lang", "rust"], /^dojo: --lang: "rust" is not a kata language/],
    [["kata", "check", "pass-at-k"], /^dojo: no solution of pass-at-k in .*katas \(hint: dojo kata start pass-at-k copies the starter there\)$/],
    [["kata", "check", "pass-at-k", "notes.txt"], /^dojo: notes\.txt: cannot tell the language from the name/],
    [["kata", "list", "--area", "poetry"], /^dojo: --area/],
  ])("refuses %j with one line and exit 2", async (args, message) => {
    const { code, stderr } = await runDojo(args, "", { env: withHome() });
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it("without python3, says what to install, and TypeScript katas still run", async () => {
    // A PATH with the sandbox's tools and no Python.
    const bin = mkdtempSync(join(tmpdir(), "lmdojo-nopython-"));
    for (const tool of ["sh", "prlimit", "unshare"]) symlinkSync(execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), join(bin, tool));
    const env = { ...withHome(), PATH: bin };
    const python = await runDojo(["kata", "check", "pass-at-k", join(KATA, "solution.py")], "", { env });
    expect(python.code).toBe(1);
    expect(python.stdout).toMatch(/^NO-RUNTIME: Python katas need python3 with NumPy, and python3 was not found: install them \(Debian: sudo apt install python3 python3-numpy\)/);
    const typescript = await runDojo(["kata", "check", "pass-at-k", join(KATA, "solution.ts")], "", { env });
    expect(typescript.code).toBe(0);
    expect(typescript.stdout).toMatch(/^PASSED/);
  });

  it("with a python3 that lacks NumPy, says how to install it", async () => {
    const venv = join(mkdtempSync(join(tmpdir(), "lmdojo-nonumpy-")), "venv");
    execFileSync("python3", ["-m", "venv", "--without-pip", venv]);
    const env = { ...withHome(), PATH: `${join(venv, "bin")}:${process.env.PATH}` };
    const result = await runDojo(["kata", "check", "pass-at-k", join(KATA, "solution.py")], "", { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^NO-RUNTIME: Python katas need NumPy, and python3 cannot import it: install it \(Debian: sudo apt install python3-numpy/);
  });
});
