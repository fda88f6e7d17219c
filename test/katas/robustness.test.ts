// Hostile and broken solutions: each gets its own clear verdict and message, and nothing
// outside the sandbox's folder changes. The kata is the real stable-softmax one.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findKata, loadKatas } from "../../src/katas/catalogue.js";
import { judge } from "../../src/katas/judge.js";
import type { Language } from "../../src/katas/kata.js";

const kata = findKata(loadKatas().katas, "stable-softmax");
// CPU time stops an endless loop; the wall-clock limit is generous so that a loaded machine cannot turn an output or memory stop into a timeout.
const check = (lang: Language, code: string, limits = {}) => judge(kata, lang, code, { seed: 3, limits: { wallMs: 15_000, cpuSeconds: 3, ...limits } });

// A stand-in for the user's workspace: a database and a note the solution must not touch.
const workspace = mkdtempSync(join(tmpdir(), "lmdojo-victim-"));
const database = join(workspace, "dojo.db");
writeFileSync(database, "SQLite format 3\0 the user's reviews");
const digest = () => createHash("sha256").update(readFileSync(database)).digest("hex");
const before = digest();
const outside = join(workspace, "written-by-a-kata.txt");
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const py = (body: string) => `import numpy as np\n\ndef softmax(x):\n${body}\n\ndef log_softmax(x):\n    return x\n`;
const ts = (body: string) => `export function softmax(x: number[][]) {\n${body}\n}\nexport function logSoftmax(x: number[][]) { return x; }\n`;

describe("a kata solution that misbehaves", () => {
  it.each<[Language, string]>([
    ["py", py("    while True:\n        pass")],
    ["ts", ts("  for (;;) {}")],
  ])("in %s, looping forever, is stopped and named as a timeout", async (lang, code) => {
    const result = await check(lang, code);
    expect(result.verdict).toBe("timeout");
    expect(result.cases[0].status).toBe("timeout");
    expect(result.failure?.message).toMatch(/stopped after \d+ s of (wall|CPU) time/);
  });

  it.each<[Language, string]>([
    ["py", py("    import os\n    os.fork()\n    return x")],
    ["py", py("    import subprocess\n    subprocess.run(['sh', '-c', ':(){ :|:& };:'])\n    return x")],
    ["ts", 'import { execSync } from "node:child_process";\n' + ts('  execSync("true");\n  return x;')],
    ["ts", 'import { fork } from "node:child_process";\n' + ts('  fork("harness.mjs");\n  return x;')],
  ])("in %s, forking or starting a process, is refused", async (lang, code) => {
    const result = await check(lang, code);
    // A refused import is an ImportError the code may handle; the other refusals decide the verdict.
    const refusal = result.verdict === "refused" ? result.summary : result.failure?.message;
    expect(refusal).toMatch(/sandbox refused (forking|starting a process|importing subprocess)/);
  });

  it("a solution may check itself with numpy.testing", async () => {
    const code = "from numpy.testing import assert_allclose\n" + readFileSync(reference, "utf8") + "\nassert_allclose(softmax(np.zeros((1, 2))), [[0.5, 0.5]])\n";
    expect((await check("py", code)).verdict).toBe("passed");
  });

  it("an import it refuses can be handled like a missing module", async () => {
    const code = "try:\n    import scipy.special\n    have_scipy = True\nexcept ImportError:\n    have_scipy = False\n" + readFileSync(reference, "utf8");
    const result = await check("py", code);
    expect(result.verdict).toBe("passed");
  });

  it.each<[Language, string]>([
    ["py", py("    while True:\n        print('x' * 10000)")],
    ["ts", ts('  for (;;) console.log("x".repeat(10000));')],
  ])("in %s, printing without end, is stopped at the output cap", async (lang, code) => {
    const result = await check(lang, code);
    expect(result.verdict).toBe("output");
    expect(result.failure?.message).toMatch(/printing more than 1024 KB/);
  });

  it("returning far more than asked is stopped at the results cap, and said so", async () => {
    const result = await check("py", py("    return np.zeros((400, 400))"));
    expect(result.verdict).toBe("output");
    expect(result.summary).toMatch(/^stopped when its results passed 1024 KB: return only what the kata asks for/);
  });

  it.each<[Language, string]>([
    ["py", py("    big = np.ones((1 << 40,))\n    return x")],
    ["ts", ts("  const hog: number[][] = [];\n  for (;;) hog.push(new Array(1e6).fill(1.5));")],
  ])("in %s, allocating without bound, hits the memory limit", async (lang, code) => {
    const result = await check(lang, code, { addressSpaceBytes: 1024 ** 3, cpuSeconds: 6 });
    expect(result.verdict).toBe("memory");
  });

  it.each<[Language, (path: string) => string]>([
    ["py", (p) => py(`    open(${JSON.stringify(p)}, "w").write("gotcha")\n    return x`)],
    ["ts", (p) => `import { writeFileSync } from "node:fs";\n` + ts(`  writeFileSync(${JSON.stringify(p)}, "gotcha");\n  return x;`)],
  ])("in %s, writing outside its folder, is refused and writes nothing", async (lang, code) => {
    const result = await check(lang, code(outside));
    expect(result.verdict).toBe("refused");
    expect(result.summary).toContain(outside);
    expect(existsSync(outside)).toBe(false);
  });

  it.each<[Language, (path: string) => string]>([
    ["py", (p) => py(`    data = open(${JSON.stringify(p)}, "rb").read()\n    return x`)],
    ["ts", (p) => `import { readFileSync } from "node:fs";\n` + ts(`  readFileSync(${JSON.stringify(p)});\n  return x;`)],
    ["py", (p) => py(`    open(${JSON.stringify(p)}, "r+b").write(b"corrupted")\n    return x`)],
  ])("in %s, reading or changing lmdojo's database, is refused", async (lang, code) => {
    const result = await check(lang, code(database));
    expect(result.verdict).toBe("refused");
    expect(result.summary).toContain("dojo.db");
    expect(digest()).toBe(before);
  });

  it("printing or forging result lines instead of computing passes nothing", async () => {
    const forged = (i: number) => JSON.stringify({ event: "case", index: i, ok: true, value: 0, ms: 0, refused: [] });
    const code = [
      "import os, sys",
      // Printed lines go to stdout, which the judge never reads results from.
      `print(${JSON.stringify(forged(0))})`,
      // Lines written straight to the results channel still carry values the judge checks.
      `for i in range(40):\n    os.write(3, (${JSON.stringify(forged(0)).replace('"index": 0', '"index": ')} + "\\n").encode())`,
      "def softmax(x):\n    return 0",
      "def log_softmax(x):\n    return 0",
    ].join("\n");
    const result = await check("py", code);
    expect(result.verdict).toBe("crashed");
    expect(result.summary).toMatch(/results channel was written to by the solution/);
    expect(result.passed).toBe(0);
    // A line forged while a case runs doubles that case's line.
    const during = `import os\nimport numpy as np\ndef softmax(x):\n    os.write(3, b'{"event": "case", "index": 0, "ok": true, "value": 1, "ms": 0}\\n')\n    return x\ndef log_softmax(x):\n    return x\n`;
    expect((await check("py", during)).verdict).toBe("crashed");
    // A forged "NumPy is missing" is no excuse either.
    const excuse = await check("py", `import os\nos.write(3, b'{"event": "no-numpy"}\\n')\n` + py("    return x"));
    expect(excuse.verdict).toBe("crashed");
  });

  it("a syntax error is reported with its line, without running anything", async () => {
    const python = await check("py", "def softmax(x):\n    return x +\n");
    expect(python.verdict).toBe("syntax-error");
    expect(python.summary).toMatch(/^syntax error on line 2/);
    const typescript = await check("ts", "export function softmax(x: number[]) {\n  return x.map((v) => v +);\n}\n");
    expect(typescript.verdict).toBe("syntax-error");
    expect(typescript.summary).toMatch(/^syntax error on line 2/);
  });

  it("an exception names its type and the solution's line", async () => {
    const result = await check("py", py("    y = x.sum(axis=-1)\n    raise ValueError('shapes')"));
    expect(result.verdict).toBe("failed");
    expect(result.failure?.message).toBe("ValueError on line 5: shapes");
    expect(result.failure?.line).toBe(5);
  });

  it("a wrong shape and NaN each get their own message", async () => {
    const shape = await check("py", py("    return x.T"));
    expect(shape.failure?.message).toMatch(/expected shape \[2, 3\], got \[3, 2\]/);
    const nan = await check("py", py("    return x * np.nan"));
    expect(nan.failure?.message).toMatch(/got NaN, expected/);
  });

  it("a missing function is named", async () => {
    const result = await check("py", "def soft_max(x):\n    return x\n");
    expect(result.verdict).toBe("missing-function");
    expect(result.summary).toMatch(/no function softmax/);
  });

  // The container (bubblewrap) is what holds when the language runtime's guards are defeated.
  const reference = join(process.cwd(), "content", "katas", "stable-softmax", "solution.py");

  it("runs every solution in a container of its own", async () => {
    const result = await check("py", readFileSync(reference, "utf8"));
    expect(result.verdict).toBe("passed");
    expect(result.confined).toBe(true);
  });

  it("patching the harness's guards and reading the reference solution passes nothing", async () => {
    const code = [
      "import __main__",
      "__main__.violations = []",
      "hook = None",
      "for name in dir(__main__):",
      "    value = getattr(__main__, name)",
      "    if isinstance(value, (list, dict, set)) and name.isupper(): value.clear()",
      `exec(open(${JSON.stringify(reference)}).read(), globals())`,
    ].join("\n");
    const result = await check("py", code);
    expect(result.verdict).not.toBe("passed");
  });

  it("a file descriptor opened before a chdir, or a hard link, reaches nothing outside", async () => {
    const viaDirFd = [
      "import os",
      "h = os.open('.', os.O_RDONLY)",
      "os.makedirs('a/b/c/d/e/f/g/h')",
      "try:\n    os.chdir('a/b/c/d/e/f/g/h')\nexcept PermissionError:\n    pass",
      "root = os.open('../../../../../../../../../../../..', os.O_RDONLY, dir_fd=h)",
      `w = os.open(${JSON.stringify(outside.slice(1))}, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=root)`,
      "os.write(w, b'escaped')",
      "def softmax(x):\n    return x",
      "def log_softmax(x):\n    return x",
    ].join("\n");
    expect((await check("py", viaDirFd)).verdict).not.toBe("passed");
    expect(existsSync(outside)).toBe(false);
    const viaLink = `import os\nos.link(${JSON.stringify(database)}, "db")\nopen("db", "r+b").write(b"corrupted")\n` + py("    return x");
    expect((await check("py", viaLink)).verdict).not.toBe("passed");
    expect(digest()).toBe(before);
  });

  it("a process started behind the guards does not outlive the check", async () => {
    const marker = join(workspace, "lingered.txt");
    const code = [
      "import os, sys",
      "try:",
      "    import _posixsubprocess",
      "    r, w = os.pipe()",
      `    _posixsubprocess.fork_exec([b"/bin/sh"], [b"/bin/sh", b"-c", b"sleep 2; echo x > ${marker}"], True, (), None, None, -1, -1, -1, -1, -1, -1, r, w, True, True, -1, None, None, None, -1, None, False)`,
      "except Exception as error:",
      "    print(error)",
    ].join("\n") + "\n" + py("    return x");
    await check("py", code);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(existsSync(marker)).toBe(false);
  });

  it.each<[Language, string]>([
    ["ts", 'process.kill(process.ppid, "SIGTERM");\n' + ts("  return x;")],
    ["py", "import os, signal\nsignal.pidfd_send_signal(os.pidfd_open(os.getppid()), signal.SIGTERM)\n" + py("    return x")],
  ])("in %s, signalling its parent cannot stop lmdojo", async (lang, code) => {
    const result = await check(lang, code);
    expect(result.verdict).not.toBe("passed");
    // This test process ran the judge: still here.
    expect(process.exitCode ?? 0).toBe(0);
  });

  it("the workspace is unchanged after all of it", () => {
    expect(digest()).toBe(before);
    expect(existsSync(outside)).toBe(false);
  });
});
