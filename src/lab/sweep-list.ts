/**
 * The sweeps of a workspace as the Lab page lists them: each sweep's plan, progress, loss
 * table, LR sensitivity and verdicts, computed from its sweep.json as the report is (a sweep
 * still running shows the runs finished so far). A sweep.json that cannot be read is listed
 * as unreadable with its error, so one broken file hides no other sweep.
 */
import { basename } from "node:path";
import { InputError } from "../errors.js";
import { listSweepFolders, readSweepFile } from "./sweep-file.js";
import { sweepJobs } from "./sweep-plan.js";
import { buildSweepReport, lossTable } from "./sweep-report.js";
import type { Verdict } from "./sweep-verdicts.js";

export interface SweepOverview {
  id: string;
  status: "running" | "completed" | "interrupted" | "unreadable";
  createdAt: string | null;
  wallMs: number;
  preset: string;
  steps: number;
  lrs: number[];
  variants: string[];
  seeds: number;
  runsDone: number;
  runsTotal: number;
  /** The report's loss table: variant, one column per learning rate, LR sensitivity. */
  table: { header: string[]; rows: string[][] };
  sensitivity: { variant: string; value: number | null; perSeed: number[] }[];
  verdicts: { claim: string; statement: string; verdict: Verdict; evidence: string }[];
  error?: string;
}

/**
 * Every sweep of the workspace `home`, newest first.
 *
 * @example listSweeps(home)[0].verdicts.map((v) => v.verdict) // ["reproduced", "not shown", "partly"]
 */
export function listSweeps(home: string): SweepOverview[] {
  return listSweepFolders(home).map((dir) => {
    try {
      const sweep = readSweepFile(dir);
      const { summary, verdicts } = buildSweepReport(sweep);
      return {
        id: sweep.id,
        status: sweep.status,
        createdAt: sweep.createdAt,
        wallMs: sweep.wallMs,
        preset: sweep.plan.preset,
        steps: sweep.plan.steps,
        lrs: sweep.plan.lrs,
        variants: sweep.plan.variants,
        seeds: sweep.plan.seeds.length,
        runsDone: sweep.results.length,
        runsTotal: sweepJobs(sweep.plan).length,
        table: lossTable(summary),
        sensitivity: summary.sensitivity.map((s) => ({ variant: s.variant, value: s.value, perSeed: s.perSeed.map((p) => p.value) })),
        verdicts: verdicts.map(({ claim, statement, verdict, evidence }) => ({ claim, statement, verdict, evidence })),
      };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const empty = { header: [], rows: [] };
      return { id: basename(dir), status: "unreadable", createdAt: null, wallMs: 0, preset: "?", steps: 0, lrs: [], variants: [], seeds: 0, runsDone: 0, runsTotal: 0, table: empty, sensitivity: [], verdicts: [], error: err.message };
    }
  });
}
