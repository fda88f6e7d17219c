/**
 * A lock file that says which process works on something (a run folder's `lock`): one JSON
 * line {"pid", "startedAt", "processStart"}. It is held while that process lives; a lock whose
 * process has died is stale and is taken over.
 *
 * A pid alone does not name a process: after a crash the system may give the same pid to an
 * unrelated process. So the lock also records the process's start time as the kernel counts
 * it (field 22 of /proc/<pid>/stat, clock ticks since boot), and a live pid with a different
 * start time is a stale lock too. Where /proc does not exist, the pid alone decides.
 */
import { linkSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.js";
import { fsyncDirectory, writeFileDurably } from "./atomic.js";

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  /** When the process started, ISO 8601, for people. */
  startedAt: string;
  /** The kernel's start time of the process (/proc/<pid>/stat field 22), or null without /proc. */
  processStart: string | null;
}

/** A lock file's state: no file, a file whose process runs, or one left by a dead process. */
export type LockState = { kind: "free" } | { kind: "held"; owner: LockOwner } | { kind: "stale"; owner: LockOwner | null; text: string };

/**
 * Takes the lock at `path` for this process and returns the function that releases it. A
 * lock held by a live process is one InputError naming it (`what` says what is locked, e.g.
 * the run folder); a stale lock is replaced. The lock file appears whole or not at all: it is
 * written and fsynced under a temporary name, then hard-linked to `path`, which, like
 * open(O_CREAT|O_EXCL), fails if `path` exists, so of two processes only one gets it.
 *
 * @example const release = acquireLock(join(runDir, "lock"), runDir); try { ... } finally { release(); }
 */
export function acquireLock(path: string, what: string): () => void {
  const self = currentProcess();
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileDurably(temp, JSON.stringify(self) + "\n");
  try {
    // Twice at most: once as it is, once more after removing a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(temp, path);
        fsyncDirectory(dirname(path));
        return () => releaseLock(path, self);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const state = inspectLock(path);
      if (state.kind === "held") throw heldError(what, state.owner);
      // Remove the stale file only if it is still the one just inspected: another process may
      // have taken the lock over in between.
      if (state.kind === "stale" && readOrNull(path) === state.text) rmSync(path, { force: true });
    }
    const state = inspectLock(path);
    throw heldError(what, state.kind === "held" ? state.owner : null);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * What the lock file at `path` says and whether its process still runs. A file that does
 * not parse as a lock (edited by hand: this module never writes a partial one) is stale.
 */
export function inspectLock(path: string): LockState {
  const text = readOrNull(path);
  if (text === null) return { kind: "free" };
  const owner = parseOwner(text);
  if (owner !== null && isAlive(owner)) return { kind: "held", owner };
  return { kind: "stale", owner, text };
}

/** This process as a lock owner. */
function currentProcess(): LockOwner {
  return { pid: process.pid, startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(), processStart: processStart(process.pid) };
}

/** Whether the owner's process still runs: its pid exists and, where known, started when the lock says. */
function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0); // signal 0: only checks that the process exists
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = processStart(owner.pid);
  return owner.processStart === null || now === null || now === owner.processStart;
}

/**
 * Field 22 of /proc/<pid>/stat (starttime, in clock ticks after boot), or null where there
 * is no such file. The second field, the command name in parentheses, may hold spaces and
 * parentheses, so fields are counted after the last ")".
 */
function processStart(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[22 - 3] ?? null; // fields[0] is field 3 (state)
}

/** Removes the lock if it is still this process's (a lock taken over after a suspend stays). */
function releaseLock(path: string, self: LockOwner): void {
  const owner = parseOwner(readOrNull(path) ?? "");
  if (owner?.pid === self.pid && owner.processStart === self.processStart) rmSync(path, { force: true });
}

function heldError(what: string, owner: LockOwner | null): InputError {
  const who = owner ? `process ${owner.pid} (started ${owner.startedAt})` : "another process";
  return new InputError(`${what}: locked by ${who}, which is still running`, "wait for it to finish, or stop it first (Ctrl-C); a lock whose process has died is taken over");
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isSafeInteger(value.pid) && value.pid! > 0 && typeof value.startedAt === "string" && (value.processStart === null || typeof value.processStart === "string")) {
      return { pid: value.pid!, startedAt: value.startedAt, processStart: value.processStart };
    }
  } catch {
    // Not JSON: not a lock this module wrote.
  }
  return null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
