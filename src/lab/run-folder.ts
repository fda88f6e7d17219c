/**
 * A run's folder, `<home>/runs/<id>/` (DESIGN.md, Workspace): config.json written once,
 * atomically; events.jsonl appended one line per event; checkpoints/ beside them; `lock`
 * while a process trains the run.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, statSync, writeSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { formatPath, InputError } from "../errors.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { acquireLock } from "../workspace/lock.js";
import { readJsonlLog, type TornLine } from "../workspace/jsonl.js";
import type { TrainConfig } from "../train/config.js";
import type { TrainSink } from "../train/trainer.js";
import { saveCheckpoint } from "./checkpoint.js";
import { eventSchema, type RunEvent } from "../train/events.js";

/** Folder holding every run of a workspace. */
export function runsFolder(home: string): string {
  return join(home, "runs");
}

export function checkpointsFolder(runDir: string): string {
  return join(runDir, "checkpoints");
}

export function eventsPath(runDir: string): string {
  return join(runDir, "events.jsonl");
}

/**
 * Creates a new run folder named after the time and preset ("20261121-073015-tiny", with
 * "-2", "-3" … if taken) and writes its config.json.
 */
export function createRunFolder(home: string, config: TrainConfig, versions: Record<string, string>, now = new Date()): { id: string; dir: string } {
  const base = `${runStamp(now)}-${config.preset}`;
  mkdirSync(runsFolder(home), { recursive: true });
  let id = base;
  for (let n = 2; existsSync(join(runsFolder(home), id)); n++) id = `${base}-${n}`;
  const dir = join(runsFolder(home), id);
  mkdirSync(checkpointsFolder(dir), { recursive: true });
  writeFileAtomic(join(dir, "config.json"), JSON.stringify({ ...config, versions, createdAt: now.toISOString() }, null, 2) + "\n");
  return { id, dir };
}

/** A folder-name time stamp, "20261121-073015" for 2026-11-21T07:30:15Z. */
export function runStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** The lock file that names the process training a run (src/workspace/lock.ts). */
export function runLockPath(runDir: string): string {
  return join(runDir, "lock");
}

/**
 * Locks a run for this process's training and returns the release function. A run that a
 * live process trains is one InputError; the lock of a process that died is taken over.
 */
export function lockRun(runDir: string): () => void {
  return acquireLock(runLockPath(runDir), `run ${basename(runDir)}`);
}

/** The folder of run `idOrPath`: a path to a run folder, or a run id under the workspace. */
export function findRunFolder(home: string, idOrPath: string): string {
  for (const dir of [idOrPath, join(runsFolder(home), idOrPath)]) {
    if (existsSync(join(dir, "config.json"))) return dir;
  }
  throw new InputError(`no run "${idOrPath}" (looked for ${join(runsFolder(home), idOrPath, "config.json")})`, "dojo lab runs lists the runs");
}

/**
 * Appends one event as a line of events.jsonl. An event that would not read back (e.g. a
 * NaN, which JSON writes as null) is a bug in the trainer: thrown, never written.
 */
export function appendEvent(runDir: string, event: RunEvent): void {
  const line = JSON.stringify(event);
  const check = eventSchema.safeParse(JSON.parse(line));
  if (!check.success) throw new Error(`refusing to log a malformed ${event.kind} event at step ${event.step}: ${formatPath(check.error.issues[0].path)}: ${check.error.issues[0].message}`);
  appendFileSync(eventsPath(runDir), line + "\n");
}

/** A run's events as written, and the torn last line that was left out, if any. */
export interface EventLog {
  events: RunEvent[];
  /** A last line a process killed mid-append left unfinished: skipped, and removed by a resume (repairEventLog). */
  torn: TornLine | null;
}

const EVENTS_HINT = "each line is one event of src/train/events.ts";

/**
 * The events of a run as written, validated (file:line errors), or none when it has none
 * yet. An unparsable last line is a torn append, not an error: it is left out and returned
 * as `torn`. After a resume the steps redone appear twice: see effectiveEvents in runs.ts.
 */
export function readEventLog(runDir: string): EventLog {
  const path = eventsPath(runDir);
  if (!existsSync(path)) return { events: [], torn: null };
  const { records, torn } = readJsonlLog(path, eventSchema, EVENTS_HINT);
  return { events: records.map((r) => r.value), torn };
}

/** The events of a run (readEventLog without the torn line). */
export function readEvents(runDir: string): RunEvent[] {
  return readEventLog(runDir).events;
}

/**
 * Makes events.jsonl safe to append to again, before a resumed run writes to it: a torn
 * last line is truncated away (else the next event would be glued to it and the line would
 * never parse), and a complete last line without its newline gets one. Returns the torn
 * line removed, or null.
 */
export function repairEventLog(runDir: string): TornLine | null {
  const path = eventsPath(runDir);
  if (!existsSync(path)) return null;
  const { torn } = readJsonlLog(path, eventSchema, EVENTS_HINT);
  const size = statSync(path).size;
  const fd = openSync(path, "r+");
  try {
    if (torn) {
      ftruncateSync(fd, torn.offset);
    } else if (size > 0) {
      const lastByte = Buffer.alloc(1);
      readSync(fd, lastByte, 0, 1, size - 1);
      if (lastByte[0] !== 0x0a) writeSync(fd, "\n", size);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return torn;
}

/**
 * The trainer's sink for a run folder: events appended to events.jsonl, checkpoints saved
 * (atomically, keeping the last K and the best) under checkpoints/.
 *
 * @example await train({ sink: runFolderSink(dir, config), config, corpus })
 */
export function runFolderSink(runDir: string, config: TrainConfig): TrainSink {
  return {
    event: (event) => appendEvent(runDir, event),
    checkpoint(state) {
      const saved = saveCheckpoint(checkpointsFolder(runDir), state, { keepLast: config.checkpoint.keepLast });
      return { path: relative(runDir, saved.sidecarPath).split(sep).join("/"), best: saved.best };
    },
  };
}
