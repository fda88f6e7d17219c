/**
 * Runs untrusted code (a kata solution) in a child process with limits, never inside
 * lmdojo's own process:
 * - a fresh temporary working folder holding only the files given, removed afterwards;
 * - an environment with only what a runtime needs (PATH, HOME = the folder, a UTF-8 locale);
 * - CPU time, address space and file size capped by `prlimit` (RLIMIT_CPU, RLIMIT_AS,
 *   RLIMIT_FSIZE), and a wall-clock limit enforced here;
 * - no network where the kernel lets `unshare -n` make an empty network namespace (the
 *   result says which);
 * - its own process group, killed whole when the run ends, so a child it forked cannot linger;
 * - its output (stdout and stderr together) capped, 1 MB by default: past the cap the run
 *   is stopped;
 * - a separate channel for results, file descriptor 3, when asked for: what the code
 *   prints can then never pass for a result.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SandboxLimits {
  /** Wall-clock time, ms. */
  wallMs: number;
  /** CPU time, s (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Address space, bytes (RLIMIT_AS). */
  addressSpaceBytes: number;
  /** Largest file the code may write, bytes (RLIMIT_FSIZE). */
  fileBytes: number;
  /** Output (stdout and stderr together, and results apart) kept; past it the run is stopped. */
  outputBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  wallMs: 10_000,
  cpuSeconds: 10,
  addressSpaceBytes: 2 * 1024 ** 3,
  fileBytes: 16 * 1024 ** 2,
  outputBytes: 1024 ** 2,
};

export interface SandboxRun {
  /** The program, an absolute path (resolve it with `findProgram`). */
  program: string;
  /** The arguments, or a function of the working folder's path when they name it. */
  args: readonly string[] | ((dir: string) => readonly string[]);
  /** Files written into the fresh working folder before the run: name → content. */
  files?: Readonly<Record<string, string>>;
  stdin?: string | Uint8Array;
  limits?: Partial<SandboxLimits>;
  /** Open file descriptor 3 for results (SandboxResult.results). */
  results?: boolean;
}

/** How a run ended: normally (`exited`, with its code), or stopped by one of the limits. */
export type SandboxEnd = "exited" | "timeout" | "cpu" | "memory" | "output" | "signal";

export interface SandboxResult {
  end: SandboxEnd;
  /** Exit code when it exited, else null. */
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** What the code wrote to file descriptor 3 (empty unless `results` was asked for). */
  results: Buffer;
  /** Whether the run had no network (an empty network namespace). */
  networkIsolated: boolean;
}

let unshareWorks: boolean | null = null;

/** Whether `unshare -n` can make an empty network namespace here (needs privileges or user namespaces). */
export function canIsolateNetwork(): boolean {
  unshareWorks ??= spawnSync("unshare", ["-n", "true"], { stdio: "ignore" }).status === 0;
  return unshareWorks;
}

/** The absolute path of `name` on the caller's PATH, or null; the sandbox itself gets a minimal PATH. */
export function findProgram(name: string, path: string = process.env.PATH ?? ""): string | null {
  const found = spawnSync("sh", ["-c", 'command -v "$0"', name], { env: { PATH: path }, encoding: "utf8" });
  const out = found.stdout.trim();
  return found.status === 0 && out.startsWith("/") ? out : null;
}

const STDERR_KEPT = 64 * 1024;

/** Runs `run` under the limits; resolves when it has ended and its folder is gone. */
export function runSandboxed(run: SandboxRun): Promise<SandboxResult> {
  const limits = { ...DEFAULT_LIMITS, ...run.limits };
  const dir = mkdtempSync(join(tmpdir(), "lmdojo-kata-"));
  for (const [name, content] of Object.entries(run.files ?? {})) writeFileSync(join(dir, name), content);
  const isolated = canIsolateNetwork();
  const limited = [
    "prlimit",
    `--cpu=${limits.cpuSeconds}`,
    `--as=${limits.addressSpaceBytes}`,
    `--fsize=${limits.fileBytes}`,
    "--core=0",
    "--",
    run.program,
    ...(typeof run.args === "function" ? run.args(dir) : run.args),
  ];
  const argv = isolated ? ["unshare", "-n", "--", ...limited] : limited;
  const env = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: dir, TMPDIR: dir, LANG: "C.UTF-8", PYTHONDONTWRITEBYTECODE: "1", PYTHONHASHSEED: "0" };

  return new Promise((resolve, reject) => {
    const stdio: ("pipe" | "ignore")[] = run.results ? ["pipe", "pipe", "pipe", "pipe"] : ["pipe", "pipe", "pipe"];
    const child = spawn(argv[0], argv.slice(1), { cwd: dir, env, detached: true, stdio });
    const stdout: Buffer[] = [];
    const results: Buffer[] = [];
    let printed = 0;
    let resultBytes = 0;
    let stderr = "";
    let stoppedBy: SandboxEnd | null = null;
    const stop = (why: SandboxEnd) => {
      stoppedBy ??= why;
      try {
        process.kill(-child.pid!, "SIGKILL"); // the whole group: forked children too
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => stop("timeout"), limits.wallMs);
    child.stdout!.on("data", (chunk: Buffer) => {
      printed += chunk.length;
      if (printed > limits.outputBytes) return stop("output");
      stdout.push(chunk);
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      printed += chunk.length;
      if (printed > limits.outputBytes) return stop("output");
      if (stderr.length < STDERR_KEPT) stderr += chunk.toString("utf8").slice(0, STDERR_KEPT - stderr.length);
    });
    const resultStream = child.stdio[3] as NodeJS.ReadableStream | undefined;
    resultStream?.on("data", (chunk: Buffer) => {
      resultBytes += chunk.length;
      if (resultBytes > limits.outputBytes) return stop("output");
      results.push(chunk);
    });
    // A program that never reads its input must not fail the run with EPIPE.
    child.stdin!.on("error", () => {});
    child.stdin!.end(run.stdin ?? "");
    child.on("error", (error) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // Whatever the code left running in its group goes with it.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // none left
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({
        end: stoppedBy ?? endOf(code, signal, stderr),
        code: stoppedBy || signal ? null : code,
        stdout: Buffer.concat(stdout),
        stderr,
        results: Buffer.concat(results),
        networkIsolated: isolated,
      });
    });
  });
}

/** A run that ended by itself: RLIMIT_CPU sends SIGXCPU (then SIGKILL); an address-space cap shows as MemoryError or a failed allocation. */
function endOf(code: number | null, signal: NodeJS.Signals | null, stderr: string): SandboxEnd {
  if (signal === "SIGXCPU" || signal === "SIGKILL") return "cpu";
  if (/MemoryError|Cannot allocate memory|out of memory|ArrayMemoryError/i.test(stderr)) return "memory";
  if (signal) return "signal";
  return code === null ? "signal" : "exited";
}

/**
 * The Python interpreter itself, not a launcher: `python3` on the caller's PATH may be a
 * shim (pyenv's is a shell script that adds its own variables), so ask it for sys.executable.
 */
export function findPython(path: string = process.env.PATH ?? ""): string | null {
  const launcher = findProgram("python3", path);
  if (!launcher) return null;
  const asked = spawnSync(launcher, ["-c", "import sys; print(sys.executable)"], { env: { ...process.env, PATH: path }, encoding: "utf8" });
  const executable = asked.stdout.trim();
  return asked.status === 0 && executable.startsWith("/") ? executable : null;
}
