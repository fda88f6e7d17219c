/**
 * The lab's runs as the web app shows them: the list of `dojo lab runs` with what can be done
 * to each run, the presets a new run starts from, and one run's config and report.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { PRESETS, type PresetName } from "../train/config.js";
import { readText } from "../workspace/jsonl.js";
import { listCheckpoints } from "./checkpoint.js";
import { buildReport } from "./report.js";
import { checkpointsFolder, runsFolder } from "./run-folder.js";
import { listRuns, readRunConfig, runFolderById, summarizeRun, type RunConfig, type RunStatus, type RunSummary } from "./runs.js";

/** Statuses of a run that ended before its last step and may go on from a checkpoint. */
const UNFINISHED: ReadonlySet<RunStatus> = new Set(["stopped", "interrupted", "crashed"]);

/**
 * Whether `dojo lab pretrain --resume` can continue the run: it ended before completing
 * (stopped by an alert, interrupted, or crashed) and saved a checkpoint to go on from.
 *
 * @example isResumable(summarizeRun(dir), dir) // true for a run interrupted after its first checkpoint
 */
export function isResumable(summary: RunSummary, runDir: string): boolean {
  return UNFINISHED.has(summary.status) && listCheckpoints(checkpointsFolder(runDir)).length > 0;
}

/** A run as the Lab page lists it. */
export type RunRow = RunSummary & { resumable: boolean };

/** A preset a new run can start from, with the defaults that the form's fields override. */
export interface PresetChoice {
  name: PresetName;
  steps: number;
  seed: number;
  layers: number;
  width: number;
}

/**
 * The Lab page: every run, newest first (as `dojo lab runs`), and the presets.
 *
 * @example labRuns(home).runs[0] // { id: "20261121-073015-tiny", status: "completed", resumable: false, ... }
 */
export function labRuns(home: string): { runs: RunRow[]; presets: PresetChoice[] } {
  const runs = listRuns(runsFolder(home)).map((summary) => ({ ...summary, resumable: isResumable(summary, join(runsFolder(home), summary.id)) }));
  const presets = (Object.keys(PRESETS) as PresetName[]).map((name) => {
    const preset = PRESETS[name];
    return { name, steps: preset.steps, seed: preset.seed, layers: preset.model.nLayer, width: preset.model.nEmbd };
  });
  return { runs, presets };
}

/** One run's page, besides its curves (which follow the events log, src/lab/run-stream.ts). */
export interface RunView {
  run: RunRow;
  /** config.json; null when it cannot be read (the run's `error` says why). */
  config: RunConfig | null;
  /** The report without its SVG charts; null when the run's files cannot be read. */
  report: { markdown: string; written: boolean } | null;
}

/**
 * The run `id` of the workspace `home` (a NotFoundError when there is none): its summary,
 * config and report: report.md when `dojo lab report` wrote it (with the user's answers),
 * else the report that command would write now.
 */
export function labRun(home: string, id: string): RunView {
  const dir = runFolderById(home, id);
  const summary = summarizeRun(dir);
  const run = { ...summary, resumable: isResumable(summary, dir) };
  if (summary.status === "unreadable") return { run, config: null, report: null };
  const path = join(dir, "report.md");
  if (existsSync(path)) return { run, config: readRunConfig(dir), report: { markdown: reportForPage(readText(path)), written: true } };
  try {
    return { run, config: readRunConfig(dir), report: { markdown: reportForPage(buildReport(dir).markdown), written: false } };
  } catch (err) {
    // The files changed between the summary and the report (a run being written): show no report.
    if (!(err instanceof InputError)) throw err;
    return { run, config: null, report: null };
  }
}

/**
 * A report as the run page shows it: without its Charts section and any line that embeds an
 * SVG chart (the page draws live charts instead), and without the answer placeholders (HTML
 * comments, which the page's Markdown would show as text).
 *
 * @example reportForPage("# Run\n## Charts\n![Learning rate](lr.svg)\n## Alerts\nNone.") // "# Run\n## Alerts\nNone."
 */
export function reportForPage(markdown: string): string {
  let inCharts = false;
  return markdown
    .split("\n")
    .filter((line) => {
      if (line.startsWith("## ")) inCharts = line.trim() === "## Charts";
      return !inCharts && !/^!\[[^\]]*\]\([^)\s/]+\.svg\)\s*$/.test(line) && !/^<!--.*-->\s*$/.test(line);
    })
    .join("\n");
}
