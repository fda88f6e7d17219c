/**
 * `dojo lab sweep`: a learning-rate sweep after Wortsman et al. 2023 at small scale. Plans
 * the runs (sweep-plan.ts), trains them two at a time in worker processes (sweep-workers.ts),
 * records every result in sweep.json as it arrives, and at the end writes the `dojo ablate`
 * runs file and the report with its verdicts (sweep-report.ts) into `runs/sweep-<stamp>/`.
 *
 * A sweep interrupted (Ctrl-C, or `shouldStop`) keeps every finished run: sweep.json, the
 * runs file and the report are written for them, marked interrupted.
 */
import { acquireLock } from "../workspace/lock.js";
import type { DojoCommand } from "./run-process.js";
import { createSweepFolder, sweepLockPath, writeSweepFile, type SweepFile } from "./sweep-file.js";
import { sweepJobs, sweepRunConfig, type SweepPlan } from "./sweep-plan.js";
import { writeSweepReport, type SweepReport } from "./sweep-report.js";
import type { SweepRunResult } from "./sweep-run.js";
import { inProcessWorker, runJobs, spawnSweepWorker, type SweepWorker } from "./sweep-workers.js";

export interface SweepProgress {
  /** Runs finished, of `total`. */
  done: number;
  total: number;
  result: SweepRunResult;
  elapsedMs: number;
  /** Estimated time left: the mean time per finished run so far times the runs left. */
  etaMs: number;
}

export interface RunSweepOptions {
  home: string;
  plan: SweepPlan;
  /** Runs trained at once, each in its own worker process (default 2, one per core). */
  workers?: number;
  /** Train in this process, one run at a time, instead of in worker processes (tests). */
  inProcess?: boolean;
  /** The CLI the worker processes run (default lmdojo's own). */
  command?: DojoCommand;
  /** Called once the sweep's folder exists, before the first run. */
  onStart?: (id: string, dir: string) => void;
  onResult?: (progress: SweepProgress) => void;
  /** Polled between runs: true stops taking new runs (the sweep ends as interrupted). */
  shouldStop?: () => boolean;
  now?: () => Date;
}

export interface SweepOutcome {
  id: string;
  dir: string;
  sweep: SweepFile;
  report: SweepReport;
}

/**
 * Runs a sweep and writes its folder.
 *
 * @example const { dir, report } = await runSweep({ home, plan: planSweep({ quick: true }, "wasm"), onResult: (p) => console.log(p.done, p.total) });
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepOutcome> {
  const { plan } = options;
  const now = options.now ?? (() => new Date());
  const shouldStop = options.shouldStop ?? (() => false);
  const jobs = sweepJobs(plan);
  const alerts = sweepRunConfig(plan, jobs[0]).alerts;
  const started = now();
  const { id, dir } = createSweepFolder(options.home, started);
  const release = acquireLock(sweepLockPath(dir), `sweep ${id}`);
  try {
    const sweep: SweepFile = {
      id,
      status: "running",
      createdAt: started.toISOString(),
      wallMs: 0,
      thresholds: { attentionLogitMax: alerts.attentionLogitMax, logZMax: alerts.logZMax },
      plan,
      results: [],
    };
    writeSweepFile(dir, sweep);
    options.onStart?.(id, dir);
    const count = options.inProcess ? 1 : Math.max(1, Math.min(options.workers ?? 2, jobs.length));
    const workers: SweepWorker[] = Array.from({ length: count }, () => (options.inProcess ? inProcessWorker(plan) : spawnSweepWorker(plan, options.command)));
    const t0 = now().getTime();
    await runJobs(
      jobs,
      workers,
      (result) => {
        sweep.results.push(result);
        sweep.wallMs = now().getTime() - t0;
        writeSweepFile(dir, sweep);
        const done = sweep.results.length;
        options.onResult?.({ done, total: jobs.length, result, elapsedMs: sweep.wallMs, etaMs: (sweep.wallMs / done) * (jobs.length - done) });
      },
      shouldStop,
    );
    sweep.status = sweep.results.length === jobs.length ? "completed" : "interrupted";
    sweep.wallMs = now().getTime() - t0;
    // Results in plan order, whichever worker finished first.
    const order = new Map(jobs.map((job, i) => [`${job.variant} ${job.lr} ${job.seed}`, i]));
    sweep.results.sort((a, b) => order.get(`${a.variant} ${a.lr} ${a.seed}`)! - order.get(`${b.variant} ${b.lr} ${b.seed}`)!);
    const report = writeSweepReport(dir, sweep);
    writeSweepFile(dir, sweep); // last: a sweep marked completed has its report
    return { id, dir, sweep, report };
  } finally {
    release();
  }
}
