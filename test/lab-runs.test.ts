import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { PRESETS } from "../src/train/config.js";
import type { RunEvent } from "../src/train/events.js";
import { appendEvent, lockRun, readEventLog, repairEventLog } from "../src/lab/run-folder.js";
import { effectiveEvents, formatDuration, formatRunsTable, lastReadableRun, listRuns, runIdTime, runStatus, summarizeRun, type RunSummary } from "../src/lab/runs.js";

const T0 = Date.UTC(2025, 3, 1, 9);
const releases: Array<() => void> = [];
afterAll(() => releases.forEach((release) => release()));

/** The pid of a process that has exited (a pid is not reused this soon). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

function start(t: number, step = 0, resumedFrom?: number): RunEvent {
  return { t, step, kind: "start", steps: 100, parameters: 1000, unigramEntropy: 3, trainTokens: 10_000, validationTokens: 1000, ...(resumedFrom === undefined ? {} : { resumedFrom }) };
}

function train(t: number, step: number, elapsedMs = step * 100): RunEvent {
  return { t, step, kind: "train", loss: 3 - step / 100, lr: 1e-3, gradNorm: 1, tokens: step * 256, tokensPerSecond: 2560, elapsedMs, rssBytes: 1e8 };
}

function evaluation(t: number, step: number, valLoss: number): RunEvent {
  return { t, step, kind: "eval", tokens: step * 256, trainLoss: valLoss - 0.1, valLoss, valPerplexity: Math.exp(valLoss), domainLoss: {}, arithmeticAccuracy: null, arithmeticCount: 0, samples: [] };
}

function end(t: number, step: number, status: "completed" | "stopped" | "interrupted"): RunEvent {
  return { t, step, kind: "end", status, message: status };
}

/** A run that trained `steps` steps from T0 + offset, one per second, evaluating every 10 steps. */
function trainedRun(offset: number, steps: number, valLosses: number[] = []): RunEvent[] {
  const events: RunEvent[] = [start(T0 + offset)];
  for (let step = 1; step <= steps; step++) {
    events.push(train(T0 + offset + step * 1000, step));
    if (step % 10 === 0 && valLosses[step / 10 - 1] !== undefined) events.push(evaluation(T0 + offset + step * 1000, step, valLosses[step / 10 - 1]));
  }
  return events;
}

function makeRunsDir(): string {
  return mkdtempSync(join(tmpdir(), "lmdojo-runs-"));
}

function writeRun(runsDir: string, id: string, events: RunEvent[] | string, config: object = { ...PRESETS.tiny, createdAt: T0, versions: { node: "20" } }): string {
  const dir = join(runsDir, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  writeFileSync(join(dir, "events.jsonl"), typeof events === "string" ? events : events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  return dir;
}

describe("runStatus", () => {
  it("takes the last end event's status when it follows the last start and no live process holds the lock", () => {
    for (const status of ["completed", "stopped", "interrupted"] as const) {
      expect(runStatus([start(T0), train(T0 + 1, 1), end(T0 + 2, 1, status)], false)).toBe(status);
      // A resume locks the run before it logs its start: the run is training again.
      expect(runStatus([start(T0), train(T0 + 1, 1), end(T0 + 2, 1, status)], true)).toBe("running");
    }
    // A resume after a stop, that ended again: the newer end counts.
    expect(runStatus([start(T0), end(T0 + 1, 1, "stopped"), start(T0 + 2, 1, 1), end(T0 + 3, 2, "completed")], false)).toBe("completed");
  });

  it("without a later end: running while a live process holds the lock, else crashed", () => {
    const resumed = [start(T0), end(T0 + 1000, 5, "interrupted"), start(T0 + 2000, 5, 5), train(T0 + 3000, 6)];
    expect(runStatus(resumed, true)).toBe("running");
    expect(runStatus(resumed, false)).toBe("crashed");
    expect(runStatus([start(T0), train(T0 + 1000, 1)], true)).toBe("running");
    expect(runStatus([start(T0), train(T0 + 1000, 1)], false)).toBe("crashed");
  });
});

describe("effectiveEvents", () => {
  it("drops the steps that a resume redid, keeping alerts and ends", () => {
    const events: RunEvent[] = [
      start(T0),
      train(T0 + 1, 1),
      train(T0 + 2, 2),
      train(T0 + 3, 3),
      { t: T0 + 3, step: 3, kind: "alert", alert: "loss-spike", message: "spike" },
      end(T0 + 4, 3, "interrupted"),
      start(T0 + 5, 2, 2),
      train(T0 + 6, 3),
    ];
    const kept = effectiveEvents(events);
    expect(kept.filter((e) => e.kind === "train").map((e) => [e.step, e.t])).toEqual([[1, T0 + 1], [2, T0 + 2], [3, T0 + 6]]);
    expect(kept.filter((e) => e.kind === "alert")).toHaveLength(1);
    expect(kept.filter((e) => e.kind === "end")).toHaveLength(1);
  });
});

describe("summarizeRun", () => {
  const runsDir = makeRunsDir();

  it("summarizes steps, best validation loss, training time and start time from the events", () => {
    const events = [...trainedRun(0, 40, [2.5, 2.1, 2.3, 2.2]), end(T0 + 41_000, 40, "completed")];
    const summary = summarizeRun(writeRun(runsDir, "done", events));
    expect(summary).toEqual({
      id: "done",
      status: "completed",
      preset: "tiny",
      data: "synthetic",
      stepsDone: 40,
      stepsTotal: 100, // from the start event
      bestValLoss: 2.1,
      elapsedMs: 4000,
      startedAt: T0,
    });
  });

  it("counts a resumed run's redone steps once and its training time from the last step", () => {
    const events: RunEvent[] = [start(T0), train(T0 + 1000, 1, 100), train(T0 + 2000, 2, 200), evaluation(T0 + 2000, 2, 1.5), start(T0 + 9000, 1, 1), train(T0 + 10_000, 2, 250)];
    const dir = writeRun(runsDir, "resumed", events);
    const release = lockRun(dir); // this process trains it
    try {
      expect(summarizeRun(dir)).toMatchObject({ status: "running", stepsDone: 2, elapsedMs: 250, startedAt: T0, bestValLoss: null });
    } finally {
      release();
    }
    expect(summarizeRun(dir).status).toBe("crashed");
  });

  it("shows a run whose lock names a process that has died as crashed", () => {
    const dir = writeRun(runsDir, "killed", trainedRun(0, 3));
    writeFileSync(join(dir, "lock"), JSON.stringify({ pid: deadPid(), startedAt: new Date(T0).toISOString(), processStart: "1" }) + "\n");
    expect(summarizeRun(dir).status).toBe("crashed");
  });

  it("skips a torn last line of events.jsonl with a warning, but a broken line before the last is unreadable", () => {
    const lines = trainedRun(0, 3).map((e) => JSON.stringify(e));
    const torn = writeRun(runsDir, "torn", lines.join("\n") + "\n" + lines[3].slice(0, 20)); // an append cut short by a kill
    const summary = summarizeRun(torn);
    expect(summary).toMatchObject({ status: "crashed", stepsDone: 3 });
    expect(summary.warning).toBe(`${join(torn, "events.jsonl")}:5: a torn last line (the process was killed while writing it) is skipped; a resume removes it`);
    expect(formatRunsTable([summary], "dojo")).toContain(`\ntorn: ${summary.warning}\n`);

    lines[2] = lines[2].slice(0, 20);
    const dir = writeRun(runsDir, "broken", lines.join("\n") + "\n");
    const broken = summarizeRun(dir);
    expect(broken.status).toBe("unreadable");
    expect(broken.error).toMatch(new RegExp(`^${join(dir, "events.jsonl")}:3: not valid JSON`));
    expect(broken).toMatchObject({ preset: "tiny", data: "synthetic", stepsTotal: PRESETS.tiny.steps, bestValLoss: null });
  });

  it("tolerates versions and createdAt in config.json, but not other unknown fields", () => {
    const dir = writeRun(runsDir, "extra-field", trainedRun(0, 2), { ...PRESETS.tiny, createdAt: "2025-04-01", versions: {}, colour: "blue" });
    const summary = summarizeRun(dir);
    expect(summary.status).toBe("unreadable");
    expect(summary.error).toContain(`${join(dir, "config.json")}: field `);
    expect(summary.preset).toBe("?");
  });

  it("rejects a folder that is not a run", () => {
    const dir = join(runsDir, "not-a-run");
    mkdirSync(dir);
    expect(() => summarizeRun(dir)).toThrow(InputError);
  });
});

describe("listRuns", () => {
  it("lists runs newest first, skips folders and files that are not runs, and lists broken runs", () => {
    const runsDir = makeRunsDir();
    writeRun(runsDir, "a-old", [...trainedRun(0, 10, [2.0]), end(T0 + 11_000, 10, "completed")]);
    writeRun(runsDir, "b-newest", trainedRun(3_000_000, 20)); // no end event, no lock
    writeRun(runsDir, "c-middle", trainedRun(1_000_000, 5));
    const live = writeRun(runsDir, "d-live", trainedRun(3_500_000, 5));
    releases.push(lockRun(live));
    // A broken run has no start time: it is placed by its folder's modification time.
    const broken = writeRun(runsDir, "e-broken", '{"t": 1, "step": 0, "kind": "start"}\n');
    utimesSync(broken, new Date(T0 + 2_000_000), new Date(T0 + 2_000_000));
    mkdirSync(join(runsDir, "scratch"));
    writeFileSync(join(runsDir, "notes.txt"), "not a run");
    const runs = listRuns(runsDir);
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      ["d-live", "running"],
      ["b-newest", "crashed"],
      ["e-broken", "unreadable"],
      ["c-middle", "crashed"],
      ["a-old", "completed"],
    ]);
    expect(runs[2].error).toContain(`${join(runsDir, "e-broken", "events.jsonl")}:1: field `);
    expect(runs[4].bestValLoss).toBe(2.0);
  });

  it("places an unreadable run by the time in its id, whatever its folder's modification time", () => {
    const runsDir = makeRunsDir();
    // T0 is 2025-04-01 09:00 UTC; each id's time is when its folder was made, its start event a moment later.
    writeRun(runsDir, "20250401-090000-tiny", [...trainedRun(1000, 10), end(T0 + 11_000, 10, "completed")]);
    writeRun(runsDir, "20250401-100000-tiny", [...trainedRun(3_601_000, 5), end(T0 + 3_606_000, 5, "completed")]);
    // A broken line in the middle of events.jsonl makes a run unreadable (only a torn last line is skipped).
    const brokenLog = [JSON.stringify(start(T0)), "{not json", JSON.stringify(train(T0 + 1000, 1))].join("\n") + "\n";
    writeRun(runsDir, "20250401-093000-tiny", brokenLog); // modified now: newer than every start time
    const newest = writeRun(runsDir, "20250401-110000-tiny", brokenLog);
    utimesSync(newest, new Date(T0 - 86_400_000), new Date(T0 - 86_400_000)); // modified a day before every start time
    expect(listRuns(runsDir).map((r) => [r.id, r.status])).toEqual([
      ["20250401-110000-tiny", "unreadable"],
      ["20250401-100000-tiny", "completed"],
      ["20250401-093000-tiny", "unreadable"],
      ["20250401-090000-tiny", "completed"],
    ]);
    expect(lastReadableRun(runsDir)?.id).toBe("20250401-100000-tiny");
  });

  it("returns no runs for a missing runs folder, and no last readable run when every run is unreadable", () => {
    expect(listRuns(join(makeRunsDir(), "runs"))).toEqual([]);
    expect(lastReadableRun(join(makeRunsDir(), "runs"))).toBeNull();
    const runsDir = makeRunsDir();
    writeRun(runsDir, "20250401-090000-tiny", "{not json\n" + JSON.stringify(start(T0)) + "\n");
    expect(lastReadableRun(runsDir)).toBeNull();
  });
});

describe("runIdTime", () => {
  it("reads the UTC time at the start of a run id; null for an id without one or an impossible date", () => {
    expect(runIdTime("20261121-073015-tiny")).toBe(Date.UTC(2026, 10, 21, 7, 30, 15));
    expect(runIdTime("20261121-073015-baby-2")).toBe(Date.UTC(2026, 10, 21, 7, 30, 15));
    expect(runIdTime("e-broken")).toBeNull();
    expect(runIdTime("20261321-073015-tiny")).toBeNull(); // month 13
    expect(runIdTime("20260230-000000-tiny")).toBeNull(); // 30 February
    expect(runIdTime("20261121-246015-tiny")).toBeNull(); // hour 24
  });
});

describe("formatRunsTable", () => {
  const summary = (over: Partial<RunSummary>): RunSummary => ({
    id: "r",
    status: "completed",
    preset: "tiny",
    data: "synthetic",
    stepsDone: 600,
    stepsTotal: 600,
    bestValLoss: 1.23456,
    elapsedMs: 65_000,
    startedAt: T0,
    ...over,
  });

  it("aligns the columns and formats steps, loss and time", () => {
    const table = formatRunsTable([
      summary({ id: "2025-04-01T09-00-00-tiny" }),
      summary({ id: "short", status: "running", stepsDone: 12, bestValLoss: null, elapsedMs: 4_000, preset: "baby", data: "/home/ada/data/tinyshakespeare.txt" }),
      summary({ id: "bad", status: "unreadable", stepsDone: 0, stepsTotal: 0, bestValLoss: null, elapsedMs: 0, preset: "?", data: "?", error: "runs/bad/events.jsonl:3: not valid JSON" }),
    ], "dojo");
    const lines = table.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "run                       status        steps  best val loss    time  preset  data",
      "------------------------  ----------  -------  -------------  ------  ------  -------------------",
      "2025-04-01T09-00-00-tiny  completed   600/600         1.2346  1m 05s  tiny    synthetic",
      "short                     running      12/600              -      4s  baby    tinyshakespeare.txt",
      "bad                       unreadable        ?              -       -  ?       ?",
    ]);
    expect(table).toContain("\nbad: runs/bad/events.jsonl:3: not valid JSON\n");
  });

  it("says how to start a run when there are none, spelled as the caller says dojo runs here", () => {
    expect(formatRunsTable([], "dojo")).toBe("No runs yet. Start one with `dojo lab pretrain --preset tiny`.\n");
    expect(formatRunsTable([], "npx dojo --home /tmp/ws")).toBe("No runs yet. Start one with `npx dojo --home /tmp/ws lab pretrain --preset tiny`.\n");
  });
});

describe("formatDuration", () => {
  it("writes seconds, minutes and hours", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(42_400)).toBe("42s");
    expect(formatDuration(59_600)).toBe("1m 00s");
    expect(formatDuration(65_000)).toBe("1m 05s");
    expect(formatDuration(3_599_000)).toBe("59m 59s");
    expect(formatDuration(3_600_000 + 125_000)).toBe("1h 02m");
    expect(formatDuration(NaN)).toBe("-");
  });
});

describe("repairEventLog (before a resumed run appends)", () => {
  const runsDir = makeRunsDir();
  const lines = trainedRun(0, 3).map((e) => JSON.stringify(e));

  it("truncates a torn last line, so the next event starts a line of its own", () => {
    const intact = lines.join("\n") + "\n";
    const dir = writeRun(runsDir, "torn", intact + lines[3].slice(0, 25));
    expect(repairEventLog(dir)).toMatchObject({ line: 5, offset: Buffer.byteLength(intact) });
    expect(readFileSync(join(dir, "events.jsonl"), "utf8")).toBe(intact);
    appendEvent(dir, train(T0 + 9000, 4));
    expect(readEventLog(dir)).toEqual({ events: [...trainedRun(0, 3), train(T0 + 9000, 4)], torn: null });
  });

  it("ends a complete last line that lost only its newline, and leaves a sound log alone", () => {
    const dir = writeRun(runsDir, "no-newline", lines.join("\n"));
    expect(repairEventLog(dir)).toBeNull();
    expect(readFileSync(join(dir, "events.jsonl"), "utf8")).toBe(lines.join("\n") + "\n");
    expect(repairEventLog(dir)).toBeNull();
    expect(readFileSync(join(dir, "events.jsonl"), "utf8")).toBe(lines.join("\n") + "\n");
  });
});
