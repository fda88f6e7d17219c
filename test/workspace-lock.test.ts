import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { acquireLock, inspectLock } from "../src/workspace/lock.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-lock-"));
let counter = 0;
const freshPath = () => join(dir, `lock-${counter++}`);

/** The pid of a process that has exited (a pid is not reused this soon). */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

/** This process's start time as the kernel counts it: field 22 of /proc/self/stat, read here independently. */
function ownProcessStart(): string {
  const stat = readFileSync(`/proc/${process.pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

describe("acquireLock", () => {
  it("writes this process's pid and start time, refuses a second taker while held, and is free after release", () => {
    const path = freshPath();
    const release = acquireLock(path, "run r");
    const owner = JSON.parse(readFileSync(path, "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, processStart: ownProcessStart() });
    expect(Number.isNaN(Date.parse(owner.startedAt))).toBe(false);
    expect(inspectLock(path)).toEqual({ kind: "held", owner });

    let error: unknown;
    try {
      acquireLock(path, "run r");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`run r: locked by process ${process.pid} (started ${owner.startedAt}), which is still running`);
    expect(readFileSync(path, "utf8")).toBe(JSON.stringify(owner) + "\n"); // the refusal changed nothing

    release();
    expect(existsSync(path)).toBe(false);
    expect(inspectLock(path)).toEqual({ kind: "free" });
    acquireLock(path, "run r")();
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]); // no temporary file left behind
  });

  it("takes over the lock of a process that has died", () => {
    const path = freshPath();
    const stale = { pid: deadPid(), startedAt: "2026-01-01T00:00:00.000Z", processStart: "12345" };
    writeFileSync(path, JSON.stringify(stale) + "\n");
    expect(inspectLock(path)).toMatchObject({ kind: "stale", owner: stale });
    const release = acquireLock(path, "run r");
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    release();
  });

  it("takes over a lock whose pid is alive but started at another time (the pid was reused)", () => {
    const path = freshPath();
    const other = String(Number(ownProcessStart()) + 1);
    writeFileSync(path, JSON.stringify({ pid: process.pid, startedAt: "2026-01-01T00:00:00.000Z", processStart: other }) + "\n");
    expect(inspectLock(path).kind).toBe("stale");
    const release = acquireLock(path, "run r");
    expect(JSON.parse(readFileSync(path, "utf8")).processStart).toBe(ownProcessStart());
    release();
  });

  it("treats a file that is not a lock as stale", () => {
    const path = freshPath();
    writeFileSync(path, "not json");
    expect(inspectLock(path)).toEqual({ kind: "stale", owner: null, text: "not json" });
    acquireLock(path, "run r")();
  });

  it("release leaves a lock that another process has taken over", () => {
    const path = freshPath();
    const release = acquireLock(path, "run r");
    const taker = JSON.stringify({ pid: process.ppid, startedAt: "2026-01-01T00:00:00.000Z", processStart: null }) + "\n";
    writeFileSync(path, taker);
    release();
    expect(readFileSync(path, "utf8")).toBe(taker);
  });
});
