/**
 * Runs untrusted code (a kata solution) in a child process with limits, never inside
 * lmdojo's own process:
 * - where bubblewrap (`bwrap`) can run, a container of its own: a root holding only the
 *   system's /usr (read-only), the runtime's own folders (read-only) and the working
 *   folder; its own process, network and IPC namespaces, so nothing it starts outlives
 *   the run or sees lmdojo's processes, files or the network; no capabilities. Without
 *   bwrap, the language runtime's own guards (the harnesses') keep files and processes
 *   out of reach, and `unshare -n` the network where the kernel allows it; the result
 *   says which (`confined`);
 * - a fresh temporary working folder holding only the files given, removed afterwards;
 * - an environment with only what a runtime needs (PATH, HOME = the folder, a UTF-8 locale);
 * - CPU time, address space and file size capped by `prlimit` (RLIMIT_CPU, RLIMIT_AS,
 *   RLIMIT_FSIZE; the shell's `ulimit` where prlimit is missing), and a wall-clock limit
 *   enforced here;
 * - no network where the kernel lets `unshare -n` make an empty network namespace (the
 *   result says which);
 * - its own process group, killed whole when the run ends, so a child it forked cannot linger;
 * - its output (stdout and stderr together) capped, 1 MB by default: past the cap the run
 *   is stopped;
 * - a separate channel for results, file descriptor 3, when asked for: what the code
 *   prints can then never pass for a result.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, constants, tmpdir } from "node:os";
import { dirname, join } from "node:path";

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
  /** How the limits are set: prlimit (the default where it is installed) or the shell's ulimit. */
  limiter?: "prlimit" | "ulimit";
  /** Folders the program needs to read besides /usr and its own installation, bound read-only into the container. */
  readable?: readonly string[];
}

/** How a run ended: normally (`exited`, with its code), or stopped by one of the limits (`output`: printed too much; `results`: wrote too much on descriptor 3). */
export type SandboxEnd = "exited" | "timeout" | "cpu" | "memory" | "output" | "results" | "signal";

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
  /** Whether the run was in a container of its own (bubblewrap): files, processes and network out of reach. */
  confined: boolean;
}

let bwrapWorks: boolean | null = null;

/** Whether bubblewrap is installed and may make its namespaces here (as root, or with user namespaces). */
export function canConfine(): boolean {
  bwrapWorks ??= spawnSync("bwrap", [...containerArgs("/", []), "--", "/usr/bin/true"], { stdio: "ignore" }).status === 0;
  return bwrapWorks;
}

/** bubblewrap's arguments for a container holding /usr, the `readable` folders and the working folder `dir`. */
function containerArgs(dir: string, readable: readonly string[]): string[] {
  const binds = [...new Set(readable)].filter((p) => p !== "/usr" && !p.startsWith("/usr/")).flatMap((p) => ["--ro-bind", p, p]);
  return [
    "--unshare-all", // user, IPC, PID, network, UTS and cgroup namespaces
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--ro-bind",
    "/usr",
    "/usr",
    ...["lib", "lib64", "bin", "sbin"].flatMap((d) => ["--symlink", `usr/${d}`, `/${d}`]),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    // An empty /tmp first, so that the folders bound after it (a virtual environment, the
    // working folder, both often under /tmp) are not hidden by it.
    "--tmpfs",
    "/tmp",
    ...binds,
    ...(dir === "/" ? [] : ["--bind", dir, dir, "--chdir", dir]),
  ];
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

/** Runs at once, one per core: a burst of checks (each may take 2 GB and a core) waits its turn. */
const MAX_RUNNING = availableParallelism();
let running = 0;
const waiting: Array<() => void> = [];

/** Runs `run` under the limits, once a slot is free; resolves when it has ended and its folder is gone. */
export async function runSandboxed(run: SandboxRun): Promise<SandboxResult> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await runNow(run);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runNow(run: SandboxRun): Promise<SandboxResult> {
  const limits = { ...DEFAULT_LIMITS, ...run.limits };
  const dir = mkdtempSync(join(tmpdir(), "lmdojo-kata-"));
  for (const [name, content] of Object.entries(run.files ?? {})) writeFileSync(join(dir, name), content);
  const confined = canConfine();
  const isolated = confined || canIsolateNetwork();
  const limited = [
    ...limiter(limits, run.limiter ?? defaultLimiter()),
    // The program's installation (prefix/bin/program → prefix) is always readable in the container.
    ...(confined ? ["bwrap", ...containerArgs(dir, [dirname(dirname(realpathSync(run.program))), ...(run.readable ?? [])]), "--"] : []),
    run.program,
    ...(typeof run.args === "function" ? run.args(dir) : run.args),
  ];
  const argv = isolated && !confined ? ["unshare", "-n", "--", ...limited] : limited;
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
      // A process that left the group may still hold the pipes open: stop waiting for them.
      setTimeout(() => child.stdio.forEach((stream) => stream?.destroy()), 1000).unref();
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
      if (resultBytes > limits.outputBytes) return stop("results");
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
        end: stoppedBy ?? endOf(code, signal, stderr, confined),
        code: stoppedBy || signal ? null : code,
        stdout: Buffer.concat(stdout),
        stderr,
        results: Buffer.concat(results),
        networkIsolated: isolated,
        confined,
      });
    });
  });
}

let prlimitFound: boolean | null = null;
function defaultLimiter(): "prlimit" | "ulimit" {
  prlimitFound ??= findProgram("prlimit") !== null;
  return prlimitFound ? "prlimit" : "ulimit";
}

/**
 * The command that sets the limits, then runs the rest of its arguments: prlimit, or where
 * it is missing the shell's ulimit (CPU seconds, address space and file size in KiB).
 */
function limiter(limits: SandboxLimits, how: "prlimit" | "ulimit"): string[] {
  if (how === "prlimit") {
    return ["prlimit", `--cpu=${limits.cpuSeconds}`, `--as=${limits.addressSpaceBytes}`, `--fsize=${limits.fileBytes}`, "--core=0", "--"];
  }
  const kib = (bytes: number) => Math.ceil(bytes / 1024);
  // One limit per ulimit: dash, Debian's sh, takes no more.
  return ["sh", "-c", `ulimit -t ${limits.cpuSeconds} && ulimit -v ${kib(limits.addressSpaceBytes)} && ulimit -f ${kib(limits.fileBytes)} && ulimit -c 0 && exec "$@"`, "sh"];
}

/** A run that ended by itself: RLIMIT_CPU sends SIGXCPU (then SIGKILL); an address-space cap shows as MemoryError or a failed allocation. */
function endOf(code: number | null, exitSignal: NodeJS.Signals | null, stderr: string, confined: boolean): SandboxEnd {
  // bubblewrap exits with 128 + N when the code it ran was killed by signal N.
  const signal = exitSignal ?? (confined && code !== null && code > 128 ? signalName(code - 128) : null);
  if (signal === "SIGXCPU" || signal === "SIGKILL") return "cpu";
  if (/MemoryError|Cannot allocate memory|out of memory|ArrayMemoryError/i.test(stderr)) return "memory";
  if (signal) return "signal";
  return code === null ? "signal" : "exited";
}

/** The name of signal number `n` (9 → "SIGKILL"), or null. */
function signalName(n: number): NodeJS.Signals | null {
  const found = Object.entries(constants.signals).find(([, number]) => number === n);
  return found ? (found[0] as NodeJS.Signals) : null;
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
