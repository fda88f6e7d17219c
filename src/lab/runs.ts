/**
 * Run folders, `runs/<id>/`, read back: the resolved `config.json` and the `events.jsonl`
 * log (src/train/events.ts), a one-line summary of each run for `dojo lab runs`, and the
 * run's history with the steps a resume redid counted once (for the report).
 *
 * A run's status: "running" while a live process holds its lock (a resume holds it from before
 * it logs its start); otherwise the last `end` event if it follows the last `start`, else
 * "crashed" (a killed process writes no end event and leaves a stale lock, or none).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { z } from "zod";
import { InputError, NotFoundError } from "../errors.js";
import { renderTable } from "../report/table.js";
import { readJsonFile } from "../workspace/jsonl.js";
import { trainConfigSchema } from "../train/config.js";
import type { RunEvent } from "../train/events.js";
import { inspectLock } from "../workspace/lock.js";
import type { TornLine } from "../workspace/jsonl.js";
import { readEventLog, runLockPath, runsFolder } from "./run-folder.js";

/** config.json: the resolved TrainConfig plus bookkeeping the trainer adds (library versions, creation time). */
export const runConfigSchema = trainConfigSchema.extend({ versions: z.unknown().optional(), createdAt: z.unknown().optional() });
export type RunConfig = z.infer<typeof runConfigSchema>;

/** A run folder's two files, parsed and validated. */
export interface RunFiles {
  /** The folder name, e.g. "2025-01-01T12-00-00-tiny". */
  id: string;
  dir: string;
  config: RunConfig;
  /** Every event in file order, including any that a resume later redid. */
  events: RunEvent[];
  /** A torn last line of events.jsonl (a process killed mid-append), left out of `events`. */
  torn: TornLine | null;
}

export type RunStatus = "completed" | "stopped" | "interrupted" | "running" | "crashed" | "unreadable";

export interface RunSummary {
  id: string;
  status: RunStatus;
  preset: string;
  /** "synthetic" or the path of the text file trained on. */
  data: string;
  /** Step of the last training step logged. */
  stepsDone: number;
  /** Steps the run is configured for. */
  stepsTotal: number;
  /** Lowest validation loss of any evaluation; null before the first one. */
  bestValLoss: number | null;
  /** Training time in ms (evaluation excluded), summed across resumes. */
  elapsedMs: number;
  /** Wall time of the first start event, ms since the Unix epoch; null without one. */
  startedAt: number | null;
  /** Why the run could not be read (status "unreadable"). */
  error?: string;
  /** Something read but worth knowing, e.g. a torn last line of events.jsonl that was skipped. */
  warning?: string;
}

/**
 * Reads and validates a run folder's config.json and events.jsonl. A missing or broken file
 * is one InputError naming the file (and line, for events).
 *
 * @example const { config, events } = readRun("~/.lmdojo/runs/2025-01-01T12-00-00-tiny");
 */
export function readRun(runDir: string): RunFiles {
  const dir = resolve(runDir);
  return { id: basename(dir), dir, config: readRunConfig(dir), ...readEventLog(dir) };
}

/** Reads `<runDir>/config.json`; extra top-level fields other than `versions` and `createdAt` are errors. */
export function readRunConfig(runDir: string): RunConfig {
  return readJsonFile(join(runDir, "config.json"), runConfigSchema, "the trainer writes this file; restore it or start a new run", "the config must match src/train/config.ts");
}

/**
 * The run's history with each step counted once: a `start` event that resumes from step s,
 * or a `recovery` that rolled back to step s, drops the train, layers, eval and checkpoint
 * events after step s that were logged before it, because the run redoes those steps.
 * Start, alert, recovery and end events are kept: they happened.
 *
 * @example effectiveEvents(events).filter((e) => e.kind === "train") // one event per step
 */
export function effectiveEvents(events: readonly RunEvent[]): RunEvent[] {
  let kept: RunEvent[] = [];
  for (const event of events) {
    const from = event.kind === "start" ? event.resumedFrom : event.kind === "recovery" ? event.toStep : undefined;
    if (from !== undefined) {
      kept = kept.filter((e) => !(e.step > from && (e.kind === "train" || e.kind === "layers" || e.kind === "eval" || e.kind === "checkpoint")));
    }
    kept.push(event);
  }
  return kept;
}

/**
 * A run's status: "running" while a live process holds the run's lock (`lockHeld`), even
 * after an end event (a resume locks the run before it logs its start); otherwise the last
 * end event's status when it comes after the last start, else "crashed".
 */
export function runStatus(events: readonly RunEvent[], lockHeld: boolean): Exclude<RunStatus, "unreadable"> {
  if (lockHeld) return "running";
  let lastStart = -1;
  let lastEnd = -1;
  events.forEach((event, i) => {
    if (event.kind === "start") lastStart = i;
    if (event.kind === "end") lastEnd = i;
  });
  if (lastEnd > lastStart) {
    const end = events[lastEnd];
    if (end.kind === "end") return end.status;
  }
  return "crashed";
}

/** A torn last line as users read it: where, and what happens to it. */
export function describeTornLine(runDir: string, torn: TornLine): string {
  return `${join(runDir, "events.jsonl")}:${torn.line}: a torn last line (the process was killed while writing it) is skipped; a resume removes it`;
}

/**
 * One run's line in `dojo lab runs`. A folder whose files cannot be read gives status
 * "unreadable" and the error message instead of throwing; a folder with neither config.json
 * nor events.jsonl is not a run and is an InputError.
 *
 * @example summarizeRun("runs/2025-01-01T12-00-00-tiny") // { status: "completed", stepsDone: 600, ... }
 */
export function summarizeRun(runDir: string): RunSummary {
  const dir = resolve(runDir);
  if (!isRunFolder(dir)) throw new InputError(`${dir}: not a run folder (no config.json or events.jsonl)`, "list runs with `dojo lab runs`");
  const summary: RunSummary = { id: basename(dir), status: "unreadable", preset: "?", data: "?", stepsDone: 0, stepsTotal: 0, bestValLoss: null, elapsedMs: 0, startedAt: null };
  let config: RunConfig;
  let events: RunEvent[];
  try {
    config = readRunConfig(dir);
    summary.preset = config.preset;
    summary.data = config.data.source;
    summary.stepsTotal = config.steps;
    const log = readEventLog(dir);
    events = log.events;
    if (log.torn) summary.warning = describeTornLine(dir, log.torn);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { ...summary, error: err.message };
  }

  const history = effectiveEvents(events);
  let lastTrain: { step: number; elapsedMs: number } | null = null;
  for (const event of history) {
    if (event.kind === "start") {
      summary.startedAt ??= event.t;
      summary.stepsTotal = event.steps;
    } else if (event.kind === "train") {
      lastTrain = event;
    } else if (event.kind === "eval" && Number.isFinite(event.valLoss)) {
      summary.bestValLoss = summary.bestValLoss === null ? event.valLoss : Math.min(summary.bestValLoss, event.valLoss);
    }
  }
  summary.stepsDone = lastTrain?.step ?? 0;
  summary.elapsedMs = lastTrain?.elapsedMs ?? 0;
  summary.status = runStatus(events, inspectLock(runLockPath(dir)).kind === "held");
  return summary;
}

/**
 * Summaries of every run folder in `runsDir`, newest first: by start time, or, for a run
 * that is unreadable or never started, by the creation time in its id ("20261121-073015-…",
 * UTC), else by the folder's modification time. Unreadable runs stay in the list (with
 * their error); `lastReadableRun` skips them. Entries that are not run folders are skipped;
 * a missing `runsDir` means no runs yet.
 *
 * @example formatRunsTable(listRuns(join(home, "runs")))
 */
export function listRuns(runsDir: string): RunSummary[] {
  if (!existsSync(runsDir)) return [];
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch (err) {
    throw new InputError(`${runsDir}: cannot list runs (${(err as NodeJS.ErrnoException).code})`, "the runs folder is <workspace>/runs");
  }
  const runs: { summary: RunSummary; sortKey: number }[] = [];
  for (const name of names) {
    const dir = join(runsDir, name);
    if (!isRunFolder(dir)) continue;
    const summary = summarizeRun(dir);
    runs.push({ summary, sortKey: summary.startedAt ?? runIdTime(name) ?? statSync(dir).mtimeMs });
  }
  runs.sort((a, b) => b.sortKey - a.sortKey || (a.summary.id < b.summary.id ? 1 : a.summary.id > b.summary.id ? -1 : 0));
  return runs.map((r) => r.summary);
}

/**
 * The newest run whose files can be read (any status but "unreadable"), as listRuns orders
 * them; null when there is none.
 *
 * @example lastReadableRun(join(home, "runs"))?.id // "20261121-073015-tiny"
 */
export function lastReadableRun(runsDir: string): RunSummary | null {
  return listRuns(runsDir).find((run) => run.status !== "unreadable") ?? null;
}

/**
 * When a run was created, from its id: "20261121-073015-tiny" → Date.UTC(2026, 10, 21, 7, 30, 15)
 * (createRunFolder names runs by the UTC time); null for an id that does not start with a
 * valid YYYYMMDD-HHMMSS.
 */
export function runIdTime(id: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(id);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls over out-of-range fields (month 13 is next January): such an id is not a time.
  const date = new Date(time);
  const same = date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
  return same ? time : null;
}

/**
 * The table of `dojo lab runs`: aligned columns run, status, steps (done/total), best val
 * loss, time, preset, data; unreadable runs get their error, and runs with a torn log line
 * a warning, on a line below the table.
 * With no runs, says how to start one, the command starting with `dojo` (e.g. "npx dojo").
 */
export function formatRunsTable(runs: readonly RunSummary[], dojo: string): string {
  if (runs.length === 0) return `No runs yet. Start one with \`${dojo} lab pretrain --preset tiny\`.\n`;
  const header = ["run", "status", "steps", "best val loss", "time", "preset", "data"];
  const rows = runs.map((r) => [
    r.id,
    r.status,
    r.status === "unreadable" ? "?" : `${r.stepsDone}/${r.stepsTotal}`,
    r.bestValLoss === null ? "-" : r.bestValLoss.toFixed(4),
    r.status === "unreadable" ? "-" : formatDuration(r.elapsedMs),
    r.preset,
    r.data === "synthetic" || r.data === "?" ? r.data : basename(r.data),
  ]);
  const lines = [renderTable(header, rows, [2, 3, 4]).trimEnd()];
  const notes = runs.flatMap((r) => (r.status === "unreadable" ? [`${r.id}: ${r.error ?? "unreadable"}`] : r.warning ? [`${r.id}: ${r.warning}`] : []));
  if (notes.length > 0) lines.push("", ...notes);
  return lines.join("\n") + "\n";
}

/**
 * A duration for people: "42s", "1m 05s", "2h 03m" (rounded to the second, then to the minute).
 *
 * @example formatDuration(65_000) // "1m 05s"
 */
export function formatDuration(ms: number): string {
  if (!(Number.isFinite(ms) && ms >= 0)) return "-";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/**
 * The folder of the run named `id` in the workspace `home`: only under its runs/ folder
 * (never a path relative to the working folder, as the CLI's findRunFolder also accepts).
 * A name that is no run folder there is a NotFoundError.
 *
 * @example runFolderById(home, "20261121-073015-tiny") // "<home>/runs/20261121-073015-tiny"
 */
export function runFolderById(home: string, id: string): string {
  const dir = join(runsFolder(home), id);
  if (basename(dir) !== id || !isRunFolder(dir)) throw new NotFoundError(`no run "${id}" in ${runsFolder(home)}`, "the Lab page lists the runs");
  return dir;
}

/** A run folder holds config.json or events.jsonl (a run that crashed early may lack one of them). */
function isRunFolder(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch {
    return false;
  }
  return existsSync(join(dir, "config.json")) || existsSync(join(dir, "events.jsonl"));
}
