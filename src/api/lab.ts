/**
 * The lab: the runs and the presets a new run starts from, one run's config and report,
 * starting, stopping and resuming runs, and a run's events as server-sent events.
 */
import { z } from "zod";
import { DETECTORS } from "../train/detectors.js";

const RunStatus = z.enum(["completed", "stopped", "interrupted", "running", "crashed", "unreadable"]);

/** A run as `dojo lab runs` summarizes it, and whether it can be resumed. */
export const LabRun = z.object({
  id: z.string(),
  status: RunStatus,
  preset: z.string(),
  /** "synthetic" or the path of the text file trained on. */
  data: z.string(),
  stepsDone: z.number().int(),
  stepsTotal: z.number().int(),
  bestValLoss: z.number().nullable(),
  /** Training time in ms (evaluation excluded), summed across resumes. */
  elapsedMs: z.number(),
  /** Wall time of the first start, ms since the Unix epoch. */
  startedAt: z.number().nullable(),
  error: z.string().optional(),
  warning: z.string().optional(),
  /** Ended before its last step (stopped, interrupted, crashed) with a checkpoint to go on from. */
  resumable: z.boolean(),
});
export type LabRun = z.infer<typeof LabRun>;

export const Preset = z.enum(["tiny", "baby"]);

/** GET /api/lab/runs */
export const LabRunsResponse = z.object({
  runs: z.array(LabRun),
  presets: z.array(z.object({ name: Preset, steps: z.number().int(), seed: z.number().int(), layers: z.number().int(), width: z.number().int() })),
});
export type LabRunsResponse = z.infer<typeof LabRunsResponse>;

/** POST /api/lab/runs: a new run from a preset, with `dojo lab pretrain`'s --steps and --seed. */
export const StartRunRequest = z.strictObject({
  preset: Preset,
  /** Up to a million: past that a CPU run of even the tiny preset takes days. */
  steps: z.number().int().min(1).max(1_000_000).optional(),
  seed: z.number().int().min(0).optional(),
});
export type StartRunRequest = z.infer<typeof StartRunRequest>;

/** POST /api/lab/runs (201) and POST /api/lab/runs/:id/resume (201): the run now training. */
export const RunStartedResponse = z.object({ id: z.string() });
export type RunStartedResponse = z.infer<typeof RunStartedResponse>;

/** POST /api/lab/runs/:id/stop: the run was asked to save a checkpoint and stop. */
export const RunStoppingResponse = z.object({ id: z.string(), stopping: z.literal(true) });
export type RunStoppingResponse = z.infer<typeof RunStoppingResponse>;

/** GET /api/lab/runs/:id */
export const LabRunResponse = z.object({
  run: LabRun,
  /** The run's config.json; null when it cannot be read. */
  config: z.record(z.string(), z.unknown()).nullable(),
  /** report.md when written (`written`), else the report as it would be written now; without its charts. */
  report: z.object({ markdown: z.string(), written: z.boolean() }).nullable(),
});
export type LabRunResponse = z.infer<typeof LabRunResponse>;

/** A training step, a layer measurement and an evaluation as the run page and the incident page draw them. */
export const TrainUpdate = z.object({ kind: z.literal("train"), step: z.number().int(), loss: z.number(), lr: z.number(), gradNorm: z.number() });
export const LayersUpdate = z.object({
  kind: z.literal("layers"),
  step: z.number().int(),
  updateRatios: z.record(z.string(), z.number()),
  /** Max attention logit per block ("h.0" …). */
  attentionLogits: z.record(z.string(), z.number()),
  /** The output logits' mean, max and mean log Z; null when not measured. */
  logits: z.object({ mean: z.number(), max: z.number(), logZ: z.number() }).nullable(),
});
export const EvalUpdate = z.object({
  kind: z.literal("eval"),
  step: z.number().int(),
  trainLoss: z.number(),
  valLoss: z.number(),
  domainLoss: z.record(z.string(), z.number()),
  samples: z.array(z.string()),
});

/**
 * One event of a run as its page draws it. A start with `resumedFrom` s begins a resumed
 * session, which redoes the steps after s: their earlier points are replaced.
 */
export const RunUpdate = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("start"), step: z.number().int(), steps: z.number().int(), resumedFrom: z.number().int().nullable() }),
  TrainUpdate,
  LayersUpdate,
  EvalUpdate,
  z.object({ kind: z.literal("alert"), step: z.number().int(), alert: z.enum(DETECTORS), message: z.string() }),
  /** The run rolled back or lowered its learning rate on a loss spike at alertStep; the steps after `step` are redone. */
  z.object({ kind: z.literal("recovery"), step: z.number().int(), alertStep: z.number().int(), message: z.string() }),
  z.object({ kind: z.literal("end"), step: z.number().int(), status: z.enum(["completed", "stopped", "interrupted"]), message: z.string() }),
  /** A line of events.jsonl that does not read back, named and skipped. */
  z.object({ kind: z.literal("problem"), message: z.string() }),
]);
export type RunUpdate = z.infer<typeof RunUpdate>;

/**
 * GET /api/lab/runs/:id/events, a text/event-stream: every "message" event's data is a
 * JSON array of updates (the whole log so far first, then new lines as they are written);
 * a last event named "end" (data "{}") says the run's process is gone and the stream closes.
 */
export const RunUpdateBatch = z.array(RunUpdate);
export const RUN_STREAM_END = "end";

/** A learning-rate sweep (`dojo lab sweep`) with its loss table, LR sensitivity and verdicts. */
export const LabSweep = z.object({
  id: z.string(),
  status: z.enum(["running", "completed", "interrupted", "unreadable"]),
  createdAt: z.string().nullable(),
  wallMs: z.number(),
  preset: z.string(),
  steps: z.number().int(),
  lrs: z.array(z.number()),
  variants: z.array(z.string()),
  /** Seeds per learning rate and variant. */
  seeds: z.number().int(),
  runsDone: z.number().int(),
  runsTotal: z.number().int(),
  /** Variant, the mean final loss at each learning rate ("†k": k seeds diverged), the LR sensitivity. */
  table: z.object({ header: z.array(z.string()), rows: z.array(z.array(z.string())) }),
  sensitivity: z.array(z.object({ variant: z.string(), value: z.number().nullable(), perSeed: z.array(z.number()) })),
  /** Each claim of Wortsman et al. 2023 the sweep tests, with the verdict its rule gives. */
  verdicts: z.array(z.object({ claim: z.string(), statement: z.string(), verdict: z.enum(["reproduced", "partly", "not reproduced", "not shown", "not tested"]), evidence: z.string() })),
  error: z.string().optional(),
});
export type LabSweep = z.infer<typeof LabSweep>;

/** GET /api/lab/sweeps: the sweeps, newest first. */
export const LabSweepsResponse = z.object({ sweeps: z.array(LabSweep) });
export type LabSweepsResponse = z.infer<typeof LabSweepsResponse>;
