/**
 * The alignment lab as `dojo align runs` and the web app show it: every run with its stage,
 * status, progress, parents and last evaluation; every pipeline with its runs and report.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { runLockPath } from "../lab/run-folder.js";
import { readText } from "../workspace/jsonl.js";
import { inspectLock } from "../workspace/lock.js";
import type { AlignConfig } from "./align-config.js";
import type { AlignEvent, AlignEvalEvent } from "./align-events.js";
import { alignFolder, listAlignRunIds, readAlignConfig, readAlignEvents } from "./align-run.js";
import type { PipelineRecord } from "./align-config.js";
import { pipelinePath, readPipeline } from "./pipeline.js";

export type AlignRunStatus = "running" | "completed" | "interrupted" | "crashed" | "unreadable";

export interface AlignRunSummary {
  id: string;
  stage: string;
  status: AlignRunStatus;
  stepsDone: number;
  stepsTotal: number;
  /** The runs this one starts from, by role ("base", "policy", "pairs", "rewardModel", "init"). */
  parents: Record<string, string>;
  /** The last evaluation's metrics (empty before the first). */
  lastEval: Record<string, number>;
  error?: string;
}

/** Which fields of a stage's settings name other runs. */
function parentsOf(config: AlignConfig): Record<string, string> {
  const parents: Record<string, string> = {};
  for (const key of ["base", "policy", "pairs", "rewardModel", "init"] as const) {
    const value = (config as Record<string, unknown>)[key];
    if (typeof value === "string") parents[key] = value;
  }
  return parents;
}

/** Status from the events and the lock: running while a process holds the lock, else as the last start/end pair says. */
export function alignRunStatus(events: readonly AlignEvent[], lockHeld: boolean): Exclude<AlignRunStatus, "unreadable"> {
  if (lockHeld) return "running";
  const lastStart = events.findLastIndex((e) => e.kind === "start");
  const lastEnd = events.findLastIndex((e) => e.kind === "end");
  const end = events[lastEnd];
  return lastEnd > lastStart && end.kind === "end" ? end.status : "crashed";
}

/** One run's summary; a run whose files cannot be read is "unreadable" with the reason. */
export function summarizeAlignRun(home: string, id: string): AlignRunSummary {
  const dir = join(alignFolder(home), id);
  try {
    const config = readAlignConfig(dir);
    const events = readAlignEvents(dir);
    const steps = events.filter((e) => e.kind === "step" || e.kind === "eval").map((e) => e.step);
    const lastEval = events.findLast((e): e is AlignEvalEvent => e.kind === "eval");
    const start = events.find((e) => e.kind === "start");
    return {
      id,
      stage: config.stage,
      status: alignRunStatus(events, inspectLock(runLockPath(dir)).kind === "held"),
      stepsDone: steps.length === 0 ? 0 : Math.max(...steps),
      stepsTotal: start?.kind === "start" ? start.steps : "steps" in config ? config.steps : 0,
      parents: parentsOf(config),
      lastEval: lastEval?.metrics ?? {},
    };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { id, stage: "unknown", status: "unreadable", stepsDone: 0, stepsTotal: 0, parents: {}, lastEval: {}, error: err.message };
  }
}

export interface PipelineSummary {
  id: string;
  record: PipelineRecord;
  hasReport: boolean;
}

/** The pipelines of a workspace, oldest first. */
export function listPipelines(home: string): PipelineSummary[] {
  const folder = alignFolder(home);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((id) => existsSync(pipelinePath(join(folder, id))))
    .sort()
    .map((id) => ({ id, record: readPipeline(join(folder, id)), hasReport: existsSync(join(folder, id, "report.md")) }));
}

/**
 * Every align run (oldest first) and every pipeline.
 *
 * @example alignOverview(home).runs.filter((r) => r.stage === "rl")
 */
export function alignOverview(home: string): { runs: AlignRunSummary[]; pipelines: PipelineSummary[] } {
  return { runs: listAlignRunIds(home).map((id) => summarizeAlignRun(home, id)), pipelines: listPipelines(home) };
}

/** A pipeline's report Markdown, or null before it is written. */
export function pipelineReport(home: string, id: string): string | null {
  const path = join(alignFolder(home), id, "report.md");
  return existsSync(path) ? readText(path) : null;
}

/** A table of runs for the terminal. */
export function formatAlignRuns(runs: readonly AlignRunSummary[]): string {
  if (runs.length === 0) return "no align runs yet: dojo align pipeline --preset tiny runs them all\n";
  const header = ["run", "stage", "status", "steps", "gold accuracy", "gold score", "KL"];
  const rows = runs.map((r) => [r.id, r.stage, r.status, `${r.stepsDone}/${r.stepsTotal}`, fixed(r.lastEval["gold/accuracy"]), fixed(r.lastEval["gold/score"]), fixed(r.lastEval["kl/sequence"])]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  return [header, ...rows].map((row) => row.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n") + "\n";
}

function fixed(value: number | undefined): string {
  return value === undefined ? "–" : value.toFixed(2);
}
