/**
 * The fault survey, `dojo lab break --all`: every fault in the failure lab's standard run,
 * and a healthy run beside them, each a normal run folder with its own report; faults that
 * spike the loss run again with rollback-and-skip. The survey's report says, per fault, when
 * it was injected, which detector fired first and when, whether the runbook's claims held,
 * and how the run ended with and without recovery, linking each claim to the run that shows it.
 */
import { mkdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { renderMarkdownTable } from "../report/table.js";
import type { ConfigOverrides, TrainConfig } from "../train/config.js";
import type { AlertEvent } from "../train/events.js";
import { FAULT_NAMES, type FaultName } from "../train/fault-names.js";
import { train } from "../train/trainer.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { prepareCorpus } from "./corpus.js";
import { FAULT_LAB, faultLabConfig, firstAlertsAfter } from "./fault-run.js";
import { faultHooks, FAULTS } from "./faults.js";
import { writeReport } from "./report.js";
import { createRunFolder, readEvents, runFolderSink, runsFolder, runStamp } from "./run-folder.js";
import { runbookPage, RUNBOOK_DIR } from "./runbook.js";

/** One run of the survey. */
export interface SurveyRun {
  runId: string;
  finalValLoss: number | null;
  status: string;
  alerts: AlertEvent[];
}

export interface FaultOutcome {
  fault: FaultName;
  /** The step the fault starts at (0 for faults that act from the first step). */
  at: number;
  run: SurveyRun;
  /** The same fault with rollback-and-skip, when the loss-spike detector fired without it. */
  rollback: SurveyRun | null;
  /** Per detector the runbook names: the steps after the injection it claims, and the steps it took (null: never fired). */
  claims: Array<{ detector: string; within: number; took: number | null }>;
}

export interface Survey {
  dir: string;
  seed: number;
  healthy: SurveyRun;
  faults: FaultOutcome[];
}

/**
 * Runs the survey into `<home>/runs/` and writes its report in a folder of its own.
 *
 * @example const survey = await surveyFaults(home, { seed: 1, onRun: (label, i, n) => console.log(`${i}/${n} ${label}`) });
 */
export async function surveyFaults(
  home: string,
  options: { seed: number; faults?: readonly FaultName[]; overrides?: ConfigOverrides; onRun?: (label: string, index: number, total: number) => void },
): Promise<Survey> {
  const faults = options.faults ?? FAULT_NAMES;
  let index = 0;
  const total = faults.length + 1;
  const runOne = async (label: string, config: TrainConfig): Promise<SurveyRun> => {
    options.onRun?.(label, ++index, total);
    return trainRun(home, config);
  };
  const healthy = await runOne("healthy", faultLabConfig({ seed: options.seed, fault: null, overrides: options.overrides }));
  const outcomes: FaultOutcome[] = [];
  for (const fault of faults) {
    const config = faultLabConfig({ seed: options.seed, fault, overrides: options.overrides });
    const run = await runOne(fault, config);
    const spiked = run.alerts.some((a) => a.alert === "loss-spike");
    const rollback = spiked ? await trainRun(home, { ...config, recovery: { ...config.recovery, onSpike: "rollback" } }) : null;
    const at = config.fault!.at;
    const claims = Object.entries(runbookPage(fault).detectors).map(([detector, within]) => {
      const first = firstAlertsAfter(run.alerts, at).find((a) => a.alert === detector);
      return { detector, within: within!, took: first ? first.step - at : null };
    });
    outcomes.push({ fault, at, run, rollback, claims });
  }
  const dir = join(runsFolder(home), `faults-${runStamp(new Date())}`);
  const survey: Survey = { dir, seed: options.seed, healthy, faults: outcomes };
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, "report.md"), surveyReport(survey, home));
  return survey;
}

/** Trains one run of the standard config into its own run folder and writes its report. */
async function trainRun(home: string, config: TrainConfig): Promise<SurveyRun> {
  const corpus = prepareCorpus(config);
  const { id, dir } = createRunFolder(home, config, { lmdojo: "0.1.0", node: process.version });
  const result = await train({ sink: runFolderSink(dir, config), config, corpus, intervention: faultHooks(config, corpus.tokenizer.vocabSize) });
  writeReport(dir);
  const alerts = readEvents(dir).filter((e): e is AlertEvent => e.kind === "alert");
  return { runId: id, finalValLoss: result.lastValLoss, status: result.status, alerts };
}

/** A relative path with forward slashes, as Markdown links want. */
const posix = (path: string) => path.split(sep).join("/");

/**
 * The survey's Markdown: one row per fault, with links to the runs (relative to the survey folder).
 *
 * @example surveyReport(survey, home).split("\n")[0] // "# Fault survey (seed 1)"
 */
export function surveyReport(survey: Survey, home: string): string {
  const link = (run: SurveyRun) => `[${run.runId}](${posix(relative(survey.dir, join(runsFolder(home), run.runId, "report.md")))})`;
  const loss = (run: SurveyRun | null) => (run === null ? "" : run.finalValLoss === null ? run.status : run.finalValLoss.toFixed(4));
  const clean = survey.healthy.finalValLoss;
  const versus = (run: SurveyRun | null) => (run === null || run.finalValLoss === null || clean === null ? "" : `${(((run.finalValLoss - clean) / clean) * 100).toFixed(1)}%`);
  const rows = survey.faults.map((o) => {
    const first = firstAlertsAfter(o.run.alerts, o.at)[0];
    const claims = o.claims.length === 0 ? "none claimed" : o.claims.map((c) => `${c.detector} ≤ ${c.within}: ${c.took === null ? "✗ never" : c.took <= c.within ? `✓ ${c.took}` : `✗ ${c.took}`}`).join("; ");
    return [
      `[${o.fault}](${posix(relative(survey.dir, join(RUNBOOK_DIR, `${o.fault}.md`)))})`,
      FAULTS[o.fault].timed ? String(o.at) : "start",
      first ? `${first.alert} at ${first.step}` : "none",
      claims,
      `${loss(o.run)} (${versus(o.run)})`,
      o.rollback ? `${loss(o.rollback)} (${versus(o.rollback)})` : "",
      [link(o.run), ...(o.rollback ? [link(o.rollback)] : [])].join(", "),
    ];
  });
  const held = survey.faults.flatMap((o) => o.claims).filter((c) => c.took !== null && c.took <= c.within).length;
  const claimed = survey.faults.flatMap((o) => o.claims).length;
  return [
    `# Fault survey (seed ${survey.seed})`,
    "",
    `The failure lab's standard run (the ${FAULT_LAB.preset} preset, ${FAULT_LAB.steps} steps, timed faults injected at step ${FAULT_LAB.at}) with each fault, and a healthy run: ${link(survey.healthy)}, final validation loss ${loss(survey.healthy)}.`,
    `The runbook's detector claims held for ${held} of ${claimed}. The last two loss columns compare with the healthy run; "rollback" reruns a fault whose loss spiked with rollback-and-skip.`,
    "",
    renderMarkdownTable(["fault", "injected at", "first alert", "runbook claims (steps after injection)", "final val loss", "with rollback", "runs"], rows).trimEnd(),
    "",
  ].join("\n");
}
