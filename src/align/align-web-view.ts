/**
 * The alignment lab as the web app shows it, beside `dojo align runs`: one run's config, its
 * step metrics as one series per metric and its evaluations; one pipeline's record, report and
 * charts; a run's events followed while a process trains it; and pipelines started as child
 * processes running `dojo align pipeline`, which the server can list and stop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { z } from "zod";
import { InputError, NotFoundError } from "../errors.js";
import { eventsPath, runLockPath } from "../lab/run-folder.js";
import { DOJO_CLI, type DojoCommand } from "../lab/run-process.js";
import { tailLines } from "../workspace/line-tail.js";
import { inspectLock } from "../workspace/lock.js";
import type { AlignConfig, LabellerSettings } from "./align-config.js";
import { alignEventSchema, type AlignEvalEvent, type AlignEvent } from "./align-events.js";
import { alignFolder, readAlignConfig, readAlignEvents } from "./align-run.js";
import { summarizeAlignRun, pipelineReport, type AlignRunSummary } from "./align-view.js";
import type { PipelineRecord } from "./align-config.js";
import { pipelinePath, readPipeline } from "./pipeline.js";

/** The folder of align run `id` (a folder name under `<home>/align/`, never a path); an unknown id is a NotFoundError. */
export function alignRunFolder(home: string, id: string): string {
  const dir = join(alignFolder(home), id);
  if (basename(dir) !== id || !existsSync(join(dir, "config.json"))) throw new NotFoundError(`no align run "${id}" in ${alignFolder(home)}`, "the Align page lists the runs");
  return dir;
}

/** The folder of pipeline `id` (a folder name under `<home>/align/`); an unknown id is a NotFoundError. */
export function pipelineFolder(home: string, id: string): string {
  const dir = join(alignFolder(home), id);
  if (basename(dir) !== id || !existsSync(pipelinePath(dir))) throw new NotFoundError(`no pipeline "${id}" in ${alignFolder(home)}`, "the Align page lists the pipelines");
  return dir;
}

/** A metric's points, [step, value], in step order. */
export type MetricPoints = Array<[number, number]>;

/**
 * The events of a run as it stands: a start with `resumedFrom` s begins a session that redoes
 * the steps after s, so the step and eval events logged after s before it are dropped.
 */
function currentEvents(events: readonly AlignEvent[]): AlignEvent[] {
  let kept: AlignEvent[] = [];
  for (const e of events) {
    if (e.kind === "start" && e.resumedFrom !== undefined) kept = kept.filter((k) => k.step <= e.resumedFrom! || (k.kind !== "step" && k.kind !== "eval"));
    kept.push(e);
  }
  return kept;
}

/**
 * One series per step metric (the stage's own, plus `lr` and `grad_norm`), each step once,
 * in the order the metrics first appear.
 *
 * @example metricSeries(readAlignEvents(dir))["rewards/margins"] // [[1, 0.02], [2, 0.05], …]
 */
export function metricSeries(events: readonly AlignEvent[]): Record<string, MetricPoints> {
  const series: Record<string, MetricPoints> = {};
  for (const e of currentEvents(events)) {
    if (e.kind !== "step") continue;
    for (const [name, value] of Object.entries(e.metrics)) (series[name] ??= []).push([e.step, value]);
  }
  return series;
}

/** The run's evaluations in step order, as the run stands after any resume. */
export function evaluations(events: readonly AlignEvent[]): AlignEvalEvent[] {
  return currentEvents(events).filter((e): e is AlignEvalEvent => e.kind === "eval");
}

export interface AlignRunDetail {
  run: AlignRunSummary;
  /** The stage's settings; null when config.json cannot be read. */
  config: AlignConfig | null;
  series: Record<string, MetricPoints>;
  evaluations: AlignEvalEvent[];
}

/**
 * One align run as its page shows it; an unreadable run has its summary's error and nothing else.
 *
 * @example Object.keys(alignRunDetail(home, "20261207-081500-dpo").series) // ["loss", "rewards/chosen", …, "lr", "grad_norm"]
 */
export function alignRunDetail(home: string, id: string): AlignRunDetail {
  const dir = alignRunFolder(home, id);
  const run = summarizeAlignRun(home, id);
  if (run.status === "unreadable") return { run, config: null, series: {}, evaluations: [] };
  const events = readAlignEvents(dir);
  return { run, config: readAlignConfig(dir), series: metricSeries(events), evaluations: evaluations(events) };
}

export interface PipelineDetail {
  id: string;
  record: PipelineRecord;
  /** report.md; null before `dojo align report` writes it. */
  report: string | null;
}

/** One pipeline's record and report. */
export function pipelineDetail(home: string, id: string): PipelineDetail {
  return { id, record: readPipeline(pipelineFolder(home, id)), report: pipelineReport(home, id) };
}

/** The names a pipeline's chart may have: an SVG file beside report.md, never a path. */
export const CHART_FILE = /^[\w-]+\.svg$/;

/**
 * The SVG text of chart `file` of pipeline `id`: a name that is not a chart's is an
 * InputError, a missing chart a NotFoundError.
 *
 * @example pipelineChart(home, "20261207-080000-pipeline", "frontier.svg").startsWith("<svg")
 */
export function pipelineChart(home: string, id: string, file: string): string {
  if (!CHART_FILE.test(file)) throw new InputError(`chart "${file}": not the name of a chart (letters, digits, '_' and '-', ending in .svg)`, "the report links its charts by name");
  const path = join(pipelineFolder(home, id), file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new NotFoundError(`pipeline ${id} has no chart "${file}"`, "dojo align report writes the charts beside report.md");
  return readFileSync(path, "utf8");
}

/** One event of a followed run, or a line of events.jsonl that does not read back (named, and skipped). */
export type AlignUpdate = Exclude<AlignEvent, { kind: "checkpoint" }> | { kind: "problem"; message: string };

export interface FollowOptions {
  /** Whether a process still trains the run. */
  isRunning: () => boolean;
  /** Resolves when it is time to look for new lines again. */
  wait: () => Promise<unknown>;
  /** True once the reader has gone away. */
  stopped?: () => boolean;
}

/**
 * The records of the JSON-lines file at `path` in batches: first everything written so far,
 * then the lines completed since, until no process writes it any more and every line is read.
 * A torn last line is never yielded; a line that does not match `schema` becomes `problem(line)`.
 *
 * @example for await (const batch of followJsonl(path, schema, (n) => null, { isRunning, wait })) send(batch);
 */
export async function* followJsonl<T, P>(path: string, schema: z.ZodType<T>, problem: (line: number, why: string) => P, options: FollowOptions): AsyncGenerator<Array<T | P>> {
  const tail = tailLines(path);
  let lines = 0;
  while (!options.stopped?.()) {
    // Asked before reading: a process that has exited by now wrote its last line before this read.
    const running = options.isRunning();
    const batch: Array<T | P> = [];
    for (const text of tail.read()) {
      lines++;
      if (text.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        batch.push(problem(lines, "not valid JSON"));
        continue;
      }
      const parsed = schema.safeParse(json);
      batch.push(parsed.success ? parsed.data : problem(lines, "not a record of the expected shape"));
    }
    if (batch.length > 0) yield batch;
    if (!running) return;
    await options.wait();
  }
}

/**
 * The events of align run `id` as its page follows them (checkpoints left out): the whole log,
 * then each line as it is written, until no process trains the run.
 */
export async function* followAlignRun(home: string, id: string, options: Omit<FollowOptions, "isRunning">): AsyncGenerator<AlignUpdate[]> {
  const dir = alignRunFolder(home, id);
  const isRunning = () => inspectLock(runLockPath(dir)).kind === "held";
  const problem = (line: number, why: string): AlignUpdate => ({ kind: "problem", message: `events.jsonl:${line}: ${why}; skipped` });
  for await (const batch of followJsonl(eventsPath(dir), alignEventSchema, problem, { ...options, isRunning })) {
    const shown = batch.filter((u): u is AlignUpdate => u.kind !== "checkpoint");
    if (shown.length > 0) yield shown;
  }
}

/** A pipeline to start from the web app: `dojo align pipeline`'s flags, the defaults where left out. */
export interface PipelineRequest {
  worldSeed?: number;
  bias?: LabellerSettings["bias"];
  betas?: number[];
  klCoefs?: number[];
  shrink?: number;
}

/** The arguments of `dojo align pipeline` for `request`. */
export function pipelineArgs(request: PipelineRequest): string[] {
  return [
    ...(request.worldSeed === undefined ? [] : ["--world-seed", String(request.worldSeed)]),
    ...(request.bias === undefined ? [] : ["--bias", request.bias]),
    ...(request.betas === undefined ? [] : ["--betas", request.betas.join(",")]),
    ...(request.klCoefs === undefined ? [] : ["--kl-coefs", request.klCoefs.join(",")]),
    ...(request.shrink === undefined ? [] : ["--shrink", String(request.shrink)]),
  ];
}

/** A pipeline process started by the server, as its output tells it. */
export interface PipelineLaunch {
  id: string;
  /** The `dojo align pipeline` command line, without the program. */
  args: string[];
  startedAt: string;
  state: "running" | "completed" | "stopped" | "failed";
  /** The stage under way ("sft", "dpo β=0.1", …) with its place in the pipeline, once the first has begun. */
  stage: { name: string; index: number; total: number } | null;
  /** The pipeline's id once its report is written. */
  pipeline: string | null;
  /** Why a failed pipeline ended: the CLI's one-line error, or its last lines. */
  error: string | null;
}

export interface PipelineProcesses {
  /** Starts `dojo align pipeline` for `request`; returns the launch's id. One pipeline runs at a time. */
  start(request: PipelineRequest): PipelineLaunch;
  /** Every launch of this server, oldest first. */
  launches(): PipelineLaunch[];
  /** Launch `id`; an unknown one is a NotFoundError. */
  launch(id: string): PipelineLaunch;
  /** Asks the pipeline training align run `runId` to stop (SIGINT, as Ctrl-C). */
  stop(runId: string): void;
  /** Resolves when launch `id`'s process has exited. */
  exited(id: string): Promise<void>;
  /** Stops every running pipeline and waits for them to exit. */
  stopAll(): Promise<void>;
}

/** `dojo align pipeline`'s line as a stage begins: "[3/7] pairs". */
const STAGE_LINE = /^\[(\d+)\/(\d+)\] (.+)$/;
/** Its last line on success: "report: <path>/report.md". */
const REPORT_LINE = /^report: (.+)$/;
/** A user error, as the CLI prints it: "dojo: <message> (hint: <hint>)". */
const ERROR_LINE = /^dojo: (.*)$/;

/**
 * The pipelines started by the server in workspace `home`, each a child process running
 * `command` (lmdojo's CLI; tests give a stand-in).
 *
 * @example const pipelines = createPipelineProcesses(home); const { id } = pipelines.start({ bias: "length", shrink: 20 });
 */
export function createPipelineProcesses(home: string, command: DojoCommand = DOJO_CLI): PipelineProcesses {
  const launches = new Map<string, { launch: PipelineLaunch; process: ChildProcess; exited: Promise<void>; stopping: boolean }>();
  let count = 0;

  const running = () => [...launches.values()].find((l) => l.launch.state === "running");

  return {
    start(request) {
      const busy = running();
      if (busy !== undefined) throw new InputError(`pipeline ${busy.launch.id} is running: one pipeline runs at a time`, "stop its stage, or wait for it to finish");
      const args = ["align", "pipeline", ...pipelineArgs(request)];
      const [program, ...leading] = command;
      const child = spawn(program, [...leading, "--home", home, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      const launch: PipelineLaunch = { id: String(++count), args, startedAt: new Date().toISOString(), state: "running", stage: null, pipeline: null, error: null };
      let stderr = "";
      // Both pipes are read to the end, so that a child that prints much never blocks on a full pipe.
      const lines = (stream: NodeJS.ReadableStream, each: (line: string) => void) => {
        let pending = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => {
          const parts = (pending + chunk).split("\n");
          pending = parts.pop()!;
          parts.forEach(each);
        });
      };
      lines(child.stderr!, (line) => {
        stderr = (stderr + line + "\n").slice(-4096);
        const stage = STAGE_LINE.exec(line);
        if (stage) launch.stage = { index: Number(stage[1]), total: Number(stage[2]), name: stage[3] };
      });
      lines(child.stdout!, (line) => {
        const report = REPORT_LINE.exec(line);
        if (report) launch.pipeline = basename(dirname(report[1]));
      });
      const entry = { launch, process: child, stopping: false, exited: Promise.resolve() };
      entry.exited = new Promise<void>((resolve) => {
        child.once("error", (err) => {
          Object.assign(launch, { state: "failed", error: err.message });
          resolve();
        });
        child.once("close", (code) => {
          if (code === 0) launch.state = "completed";
          else if (entry.stopping) launch.state = "stopped";
          else {
            const last = stderr.trimEnd().split("\n").at(-1) ?? "";
            Object.assign(launch, { state: "failed", error: ERROR_LINE.exec(last)?.[1] ?? (last || `exited with code ${code}`) });
          }
          resolve();
        });
      });
      launches.set(launch.id, entry);
      return launch;
    },
    launches: () => [...launches.values()].map((l) => l.launch),
    launch(id) {
      const entry = launches.get(id);
      if (entry === undefined) throw new NotFoundError(`no pipeline launch "${id}" on this server`, "the Align page lists the launches");
      return entry.launch;
    },
    stop(runId) {
      const lock = inspectLock(runLockPath(alignRunFolder(home, runId)));
      if (lock.kind !== "held") throw new InputError(`align run ${runId} is not running`, "only a running stage can be stopped");
      const entry = [...launches.values()].find((l) => l.launch.state === "running" && l.process.pid === lock.owner.pid);
      if (entry === undefined) throw new InputError(`align run ${runId} is trained by a process this server did not start`, "stop it where it runs (Ctrl-C)");
      if (entry.stopping) return;
      entry.stopping = true;
      entry.process.kill("SIGINT");
    },
    exited: (id) => launches.get(id)?.exited ?? Promise.resolve(),
    async stopAll() {
      const live = [...launches.values()].filter((l) => l.launch.state === "running");
      for (const l of live) {
        l.stopping = true;
        l.process.kill("SIGINT");
      }
      await Promise.all(live.map((l) => l.exited));
    },
  };
}
