/**
 * How a solution in each language is run inside the sandbox: the program, its arguments
 * and the files of its working folder (the harness, the solution). TypeScript is turned
 * into JavaScript here, in lmdojo's process, by esbuild (types stripped, nothing of the
 * user's code executed), so that the sandbox starts plain Node in about 50 ms instead of
 * a TypeScript loader.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { transformSync, type TransformFailure } from "esbuild";
import { packagePath } from "../package-root.js";
import { functionName, type Kata, type Language } from "./kata.js";
import { findPython, type SandboxRun } from "./sandbox.js";

/** A language that cannot run here, and what to install. */
export class MissingRuntime extends Error {}

/** A solution that does not parse: the compiler's message and the 1-based line. */
export class SolutionSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

const harness = (name: string) => readFileSync(packagePath("src", "katas", "harness", name), "utf8");

let python: { program: string; folders: string[] } | null | undefined;

/** The Python interpreter and the folders of its installation (its prefixes), found once per process. */
function pythonRuntime(): { program: string; folders: string[] } {
  if (python === undefined) {
    const program = findPython();
    python = program ? { program, folders: pythonFolders(program) } : null;
  }
  if (!python) {
    throw new MissingRuntime(
      "Python katas need python3 with NumPy, and python3 was not found: install them (Debian: sudo apt install python3 python3-numpy); TypeScript katas work without them (--lang ts)",
    );
  }
  return python;
}

/** Where a Python installation lives: its prefixes (a virtual environment's and its base's) and its binary's folder. */
function pythonFolders(program: string): string[] {
  const asked = spawnSync(program, ["-c", "import sys; print(sys.prefix); print(sys.base_prefix); print(sys.exec_prefix)"], { encoding: "utf8" });
  return [...asked.stdout.split("\n").filter((line) => line.startsWith("/")), dirname(realpathSync(program))];
}

/** The hint for a Python without NumPy (the harness says when the import fails). */
export const MISSING_NUMPY =
  "Python katas need NumPy, and python3 cannot import it: install it (Debian: sudo apt install python3-numpy; or python3 -m pip install numpy); TypeScript katas work without it (--lang ts)";

/** Node's flag for its permission model: `--permission` from Node 22, `--experimental-permission` before. */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";

/**
 * The sandbox run of `code` for `kata` in `lang`, with the request (the cases) on stdin.
 * Throws MissingRuntime when the language cannot run here and SolutionSyntaxError when
 * TypeScript does not parse (Python's syntax errors are found by the harness).
 */
export function solutionRun(kata: Kata, lang: Language, code: string, calls: readonly { fn: string; args: unknown[] }[]): SandboxRun {
  const functions = kata.functions.map((name) => functionName(name, lang));
  const cases = calls.map((c) => ({ fn: functionName(c.fn, lang), args: c.args }));
  if (lang === "py") {
    const request = { file: "solution.py", functions, torch: kata.torch, cases };
    const { program, folders } = pythonRuntime();
    return {
      program,
      readable: folders,
      // -I: ignore PYTHON* variables and the user's site-packages; -B: write no .pyc files.
      args: ["-I", "-B", "harness.py"],
      files: { "harness.py": harness("harness.py"), "solution.py": code },
      stdin: JSON.stringify(request),
      results: true,
    };
  }
  // `source` is the name stack traces give the solution once mapped back to TypeScript.
  const request = { file: "solution.mjs", source: "solution.ts", functions, cases };
  return {
    program: process.execPath,
    readable: [dirname(dirname(process.execPath))],
    args: (dir) => [PERMISSION_FLAG, `--allow-fs-read=${dir}`, `--allow-fs-write=${dir}`, "--no-warnings", "--enable-source-maps", "harness.mjs"],
    files: { "harness.mjs": harness("harness.mjs"), "solution.mjs": transpile(code) },
    stdin: JSON.stringify(request),
    results: true,
  };
}

/** TypeScript to an ES module with an inline source map (so stack traces name TypeScript lines). */
function transpile(code: string): string {
  try {
    return transformSync(code, { loader: "ts", format: "esm", target: "node20", sourcemap: "inline", sourcefile: "solution.ts" }).code;
  } catch (err) {
    const first = (err as TransformFailure).errors?.[0];
    if (!first) throw err;
    throw new SolutionSyntaxError(first.text, first.location?.line ?? null);
  }
}
