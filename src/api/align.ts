/**
 * The alignment lab: its runs and pipelines, one run's settings, step metrics and
 * evaluations, one pipeline's report and charts, starting a pipeline, stopping a stage, and a
 * run's events as server-sent events while it trains.
 */
import { z } from "zod";
import { alignConfigSchema, labellerSettings, pipelineRecord } from "../align/align-config.js";
import { alignEventSchema, type AlignEvalEvent } from "../align/align-events.js";
import { RunId } from "./common.js";

/** An align run's or a pipeline's folder name under align/. */
export const AlignId = RunId;

/** A run as `dojo align runs` summarizes it. */
export const AlignRun = z.object({
  id: z.string(),
  stage: z.string(),
  status: z.enum(["running", "completed", "interrupted", "crashed", "unreadable"]),
  stepsDone: z.number().int(),
  stepsTotal: z.number().int(),
  /** The runs it starts from, by role ("base", "policy", "pairs", "rewardModel", "init"). */
  parents: z.record(z.string(), z.string()),
  /** The last evaluation's metrics (empty before the first). */
  lastEval: z.record(z.string(), z.number()),
  error: z.string().optional(),
});
export type AlignRun = z.infer<typeof AlignRun>;

/** A pipeline's record (pipeline.json). */
export const PipelineRecord = pipelineRecord;

export const Pipeline = z.object({ id: z.string(), record: PipelineRecord, hasReport: z.boolean() });
export type Pipeline = z.infer<typeof Pipeline>;

/** A pipeline process the server started, as its output tells it. */
export const PipelineLaunch = z.object({
  id: z.string(),
  args: z.array(z.string()),
  startedAt: z.string(),
  state: z.enum(["running", "completed", "stopped", "failed"]),
  stage: z.object({ name: z.string(), index: z.number().int(), total: z.number().int() }).nullable(),
  /** The pipeline's id once its report is written. */
  pipeline: z.string().nullable(),
  error: z.string().nullable(),
});
export type PipelineLaunch = z.infer<typeof PipelineLaunch>;

/** GET /api/align: every run (oldest first), every pipeline, and the pipelines this server started. */
export const AlignOverviewResponse = z.object({ runs: z.array(AlignRun), pipelines: z.array(Pipeline), launches: z.array(PipelineLaunch) });
export type AlignOverviewResponse = z.infer<typeof AlignOverviewResponse>;

/** An evaluation: metrics with their 95% intervals, n, and graded samples (an eval event of events.jsonl). */
export const AlignEvaluation = alignEventSchema.options.find((o) => o.shape.kind.value === "eval") as z.ZodType<AlignEvalEvent>;
export type AlignEvaluation = AlignEvalEvent;

/** GET /api/align/runs/:id */
export const AlignRunResponse = z.object({
  run: AlignRun,
  /** The stage's settings (config.json); null when it cannot be read. */
  config: alignConfigSchema.nullable(),
  /** One series per step metric, [step, value] points in step order. */
  series: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
  evaluations: z.array(AlignEvaluation),
});
export type AlignRunResponse = z.infer<typeof AlignRunResponse>;

/** GET /api/align/pipelines/:id: the record and report.md (null before it is written; its charts at /charts/:file). */
export const PipelineResponse = z.object({ id: z.string(), record: PipelineRecord, report: z.string().nullable() });
export type PipelineResponse = z.infer<typeof PipelineResponse>;

/** A list of positive numbers, as `--betas` and `--kl-coefs` take them. */
const sweep = z.array(z.number().positive()).min(1).max(8);

/** POST /api/align/pipeline: `dojo align pipeline` with these flags (the defaults where left out). */
export const StartPipelineRequest = z.strictObject({
  worldSeed: z.number().int().min(0).optional(),
  bias: labellerSettings.shape.bias.optional(),
  betas: sweep.optional(),
  /** KL coefficients may be 0 (no penalty). */
  klCoefs: z.array(z.number().min(0)).min(1).max(8).optional(),
  /** Divide every stage's steps by this: a quick look. */
  shrink: z.number().int().min(1).max(1000).optional(),
});
export type StartPipelineRequest = z.infer<typeof StartPipelineRequest>;

/** POST /api/align/pipeline (201): the launch to poll at GET /api/align/launches/:id. */
export const PipelineStartedResponse = z.object({ launch: PipelineLaunch });
export type PipelineStartedResponse = z.infer<typeof PipelineStartedResponse>;

/** GET /api/align/launches/:id */
export const LaunchResponse = z.object({ launch: PipelineLaunch });

/** POST /api/align/runs/:id/stop: the stage's process was asked to stop. */
export const AlignStoppingResponse = z.object({ id: z.string(), stopping: z.literal(true) });

/** One event of a followed run (the server leaves checkpoints out), or a line of events.jsonl that does not read back. */
export const AlignUpdate = z.union([alignEventSchema, z.object({ kind: z.literal("problem"), message: z.string() })]);
export type AlignUpdate = z.infer<typeof AlignUpdate>;

/**
 * GET /api/align/runs/:id/events, a text/event-stream: every "message" event's data is a JSON
 * array of updates (the whole log so far first, then new lines as they are written); a last
 * event named "end" (data "{}") says no process trains the run any more.
 */
export const AlignUpdateBatch = z.array(AlignUpdate);
export const ALIGN_STREAM_END = "end";
