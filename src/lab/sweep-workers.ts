/**
 * The processes that train a sweep's runs: each a child `dojo lab sweep-worker` that reads
 * one job per line on its standard input and answers one result per line on its standard
 * output, training one run at a time on one kernel thread, so that two workers keep both
 * cores busy without sharing anything but the plan. A worker prepares each seed's corpus
 * once and keeps it for the runs of that seed.
 *
 *   parent → worker   {"plan": SweepPlan, "job": {"variant", "lr", "seed"}}
 *   worker → parent   {"result": SweepRunResult}   or   {"error": message}
 *
 * `inProcessWorker` trains in the calling process instead (one at a time: the kernels are
 * process-wide state); tests use it.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { DOJO_CLI, type DojoCommand } from "./run-process.js";
import { SWEEP_VARIANTS, type SweepJob, type SweepPlan } from "./sweep-plan.js";
import { corpusCache, describeJob, runSweepJob, type SweepRunResult } from "./sweep-run.js";
import { planSchema, resultSchema } from "./sweep-file.js";

export interface SweepWorker {
  /** Trains one run; rejects when the worker fails (a bug, or the process died). */
  run(job: SweepJob): Promise<SweepRunResult>;
  /** Ends the worker: after its current run, or at once with `kill`. */
  close(kill?: boolean): void;
}

const jobMessage = z.object({ plan: planSchema, job: z.object({ variant: z.enum(SWEEP_VARIANTS), lr: z.number().positive(), seed: z.number().int() }) });
const answerMessage = z.union([z.object({ result: resultSchema }), z.object({ error: z.string() })]);

/**
 * Trains in this process.
 *
 * @example const worker = inProcessWorker(plan); const result = await worker.run(sweepJobs(plan)[0]);
 */
export function inProcessWorker(plan: SweepPlan): SweepWorker {
  const corpusFor = corpusCache();
  return { run: (job) => runSweepJob(plan, job, corpusFor), close: () => {} };
}

/**
 * Starts a child `dojo lab sweep-worker` (with `command`, lmdojo's own CLI unless a test gives
 * another) and returns the handle that sends it jobs, one at a time.
 */
export function spawnSweepWorker(plan: SweepPlan, command: DojoCommand = DOJO_CLI): SweepWorker {
  const [program, ...leading] = command;
  const child = spawn(program, [...leading, "lab", "sweep-worker"], { stdio: ["pipe", "pipe", "pipe"] });
  let pending: { job: SweepJob; resolve: (r: SweepRunResult) => void; reject: (e: Error) => void } | null = null;
  let stderr = "";
  let exited: string | null = null;
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-8192)));
  child.stdin!.on("error", () => {}); // a worker that died is reported by its exit, below
  const fail = (error: Error) => {
    const waiting = pending;
    pending = null;
    waiting?.reject(error);
  };
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const waiting = pending;
    if (waiting === null) return fail(new Error(`the sweep worker wrote a line while no run was asked of it: ${line.slice(0, 200)}`));
    pending = null;
    let answer: z.infer<typeof answerMessage>;
    try {
      answer = answerMessage.parse(JSON.parse(line));
    } catch (err) {
      return waiting.reject(new Error(`the sweep worker answered ${describeJob(waiting.job)} with a malformed line (${(err as Error).message}): ${line.slice(0, 200)}`));
    }
    if ("error" in answer) return waiting.reject(new Error(`the sweep worker failed on ${describeJob(waiting.job)}: ${answer.error}`));
    waiting.resolve(answer.result as SweepRunResult);
  });
  child.on("error", (err) => fail(err));
  child.on("close", (code, signal) => {
    exited = signal ?? `code ${code}`;
    if (pending) fail(new Error(`the sweep worker exited (${exited}) while training ${describeJob(pending.job)}${stderr ? `:\n${stderr}` : ""}`));
  });
  return {
    run(job) {
      if (pending) throw new Error("a sweep worker trains one run at a time");
      if (exited !== null) return Promise.reject(new Error(`the sweep worker has exited (${exited})${stderr ? `:\n${stderr}` : ""}`));
      return new Promise((resolve, reject) => {
        pending = { job, resolve, reject };
        child.stdin!.write(JSON.stringify({ plan, job }) + "\n");
      });
    },
    close(kill = false) {
      child.stdin!.end();
      if (kill && exited === null) child.kill("SIGTERM");
    },
  };
}

/**
 * The worker's side: reads jobs from `input` line by line, trains each in this process and
 * writes its result (or the error of a bug, with its stack) as one line to `output`, until
 * `input` ends. Malformed input is a bug in the parent: answered as an error.
 */
export async function serveSweepJobs(input: Readable, output: Writable): Promise<void> {
  const corpusFor = corpusCache();
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    let answer: object;
    try {
      const { plan, job } = jobMessage.parse(JSON.parse(line));
      answer = { result: await runSweepJob(plan as SweepPlan, job, corpusFor) };
    } catch (err) {
      answer = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    output.write(JSON.stringify(answer) + "\n");
  }
}

/**
 * Trains `jobs` on `workers`, each taking the next job as soon as it is free, and calls
 * `onResult` as each run ends. Stops taking jobs once `shouldStop()` is true. A worker's
 * failure ends the others (killed) and rejects, unless a stop was asked for, when a worker
 * killed by the same Ctrl-C is expected.
 */
export async function runJobs(
  jobs: readonly SweepJob[],
  workers: readonly SweepWorker[],
  onResult: (result: SweepRunResult) => void,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: Error | null = null;
  const loop = async (worker: SweepWorker) => {
    while (next < jobs.length && failure === null && !shouldStop()) {
      const job = jobs[next++];
      try {
        onResult(await worker.run(job));
      } catch (err) {
        if (shouldStop()) return;
        failure ??= err as Error;
        for (const w of workers) w.close(true);
        return;
      }
    }
  };
  try {
    await Promise.all(workers.map(loop));
  } finally {
    for (const w of workers) w.close(shouldStop() || failure !== null);
  }
  if (failure !== null) throw failure;
}
