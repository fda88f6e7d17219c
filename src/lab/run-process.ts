/**
 * Training runs started from the web app: each one a child process running
 * `dojo lab pretrain` (never the server's own event loop), kept in a registry so that the
 * server knows which runs it started and can stop them. Stop is the CLI's Ctrl-C: SIGINT,
 * on which lab pretrain saves a checkpoint and ends the run as "interrupted".
 *
 * One run trains at a time (the CPU is the limit): a start or resume is refused while a
 * run's lock is held by a live process (src/workspace/lock.ts), whoever started it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.js";
import type { PresetName } from "../train/config.js";
import { inspectLock } from "../workspace/lock.js";
import { runLockPath, runsFolder } from "./run-folder.js";
import { runFolderById, summarizeRun } from "./runs.js";
import { isResumable } from "./run-view.js";

/** A new run: a preset, and the CLI's --steps and --seed when given. */
export interface PretrainRequest {
  preset: PresetName;
  steps?: number;
  seed?: number;
}

/** The program and leading arguments that run `dojo`. */
export type DojoCommand = readonly [string, ...string[]];

/** lmdojo's own CLI, run by the Node that runs the server. */
export const DOJO_CLI: DojoCommand = [process.execPath, fileURLToPath(new URL("../../bin/dojo.js", import.meta.url))];

export interface RunProcesses {
  /** Starts `dojo lab pretrain` for `request`; resolves with the new run's id once its folder exists and is locked. */
  start(request: PretrainRequest): Promise<string>;
  /** Continues run `id` from its newest checkpoint (`--resume`); resolves once the run is locked. */
  resume(id: string): Promise<string>;
  /** Asks the child training run `id` to save a checkpoint and stop (SIGINT); a second ask is not sent again. */
  stop(id: string): void;
  /** Whether a process trains run `id`: a child of this registry, or any process holding the run's lock. */
  isRunning(id: string): boolean;
  /** Resolves when the child training run `id` has exited (at once if there is none). */
  exited(id: string): Promise<void>;
  /** Stops every child and waits for them to exit. */
  stopAll(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  stopping: boolean;
  exited: Promise<void>;
}

/** The arguments of `dojo lab pretrain` for `request`. */
export function pretrainArgs(request: PretrainRequest): string[] {
  return [
    "--preset",
    request.preset,
    ...(request.steps === undefined ? [] : ["--steps", String(request.steps)]),
    ...(request.seed === undefined ? [] : ["--seed", String(request.seed)]),
  ];
}

/**
 * The registry of training processes for the workspace `home`. `command` runs `dojo`
 * (tests give a stand-in).
 *
 * @example const runs = createRunProcesses(home); const id = await runs.start({ preset: "tiny" }); runs.stop(id);
 */
export function createRunProcesses(home: string, command: DojoCommand = DOJO_CLI): RunProcesses {
  const children = new Map<string, Child>();
  /** A child started whose run id is not known yet. */
  let launching = false;

  const lockHeld = (dir: string) => inspectLock(runLockPath(dir)).kind === "held";

  /** The run that trains now, if any: "a new run" while one is being launched. */
  function trainingRun(): string | null {
    if (launching) return "a new run";
    const [child] = children.keys();
    if (child !== undefined) return child;
    const runs = runsFolder(home);
    if (!existsSync(runs)) return null;
    return readdirSync(runs).find((name) => lockHeld(join(runs, name))) ?? null;
  }

  function refuseWhileTraining(): void {
    const busy = trainingRun();
    if (busy !== null) throw new InputError(`${busy === "a new run" ? "a new run is starting" : `run ${busy} is training`}: one run trains at a time`, "stop it, or wait for it to finish");
  }

  /** Runs `dojo lab pretrain ARGS` and resolves with its run id, read from its first line ("run <folder>"). */
  function launch(args: string[]): Promise<string> {
    launching = true;
    const [program, ...leading] = command;
    const child = spawn(program, [...leading, "--home", home, "lab", "pretrain", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
    return new Promise<string>((resolve, reject) => {
      let id: string | null = null;
      let stdout = "";
      let stderr = "";
      const launched = (error: Error | null) => {
        launching = false;
        if (error) reject(error);
      };
      child.once("error", launched);
      // Both pipes are read to the end, so that a child that prints much never blocks on a full pipe.
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        if (id !== null) return;
        stdout += chunk;
        const first = /^run (.+)\n/m.exec(stdout);
        if (first === null) return;
        id = basename(first[1]);
        children.set(id, { process: child, stopping: false, exited: closed.then(() => undefined) });
        launched(null);
        resolve(id);
      });
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-8192);
      });
      void closed.then(({ code, signal }) => {
        if (id !== null) children.delete(id);
        else launched(launchError(stderr, code, signal));
      });
    });
  }

  const signal = (child: Child) => {
    if (child.stopping) return;
    child.stopping = true;
    child.process.kill("SIGINT");
  };

  return {
    async start(request) {
      refuseWhileTraining();
      return launch(pretrainArgs(request));
    },
    async resume(id) {
      const dir = runFolderById(home, id);
      refuseWhileTraining();
      const summary = summarizeRun(dir);
      if (!isResumable(summary, dir)) {
        const why = summary.status === "completed" ? "it completed all its steps" : summary.status === "unreadable" ? "its files cannot be read" : "it has no checkpoint to go on from";
        throw new InputError(`run ${id} cannot be resumed: ${why}`, "start a new run");
      }
      // The folder's full path: the CLI would also take a same-named folder in its working folder.
      return launch(["--resume", dir]);
    },
    stop(id) {
      const dir = runFolderById(home, id);
      const child = children.get(id);
      if (child !== undefined) return signal(child);
      if (lockHeld(dir)) throw new InputError(`run ${id} is trained by a process this server did not start`, "stop it where it runs (Ctrl-C)");
      throw new InputError(`run ${id} is not running`, "only a running run can be stopped");
    },
    isRunning(id) {
      return children.has(id) || lockHeld(join(runsFolder(home), id));
    },
    exited(id) {
      return children.get(id)?.exited ?? Promise.resolve();
    },
    async stopAll() {
      const running = [...children.values()];
      running.forEach(signal);
      await Promise.all(running.map((child) => child.exited));
    },
  };
}

/**
 * Why `dojo lab pretrain` exited before starting a run: its one-line user error
 * ("dojo: <message> (hint: <hint>)", exit code 2) as an InputError; anything else is a bug
 * and keeps the child's output.
 */
export function launchError(stderr: string, code: number | null, signal: NodeJS.Signals | null): Error {
  const lines = stderr.trimEnd().split("\n");
  const last = /^dojo: (.*?)(?: \(hint: (.*)\))?$/.exec(lines.at(-1) ?? "");
  if (code === 2 && last) return new InputError(last[1], last[2]);
  return new Error(`dojo lab pretrain exited (${signal ?? `code ${code}`}) before starting a run:\n${stderr}`);
}
