/**
 * A sweep's folder, `<home>/runs/sweep-<stamp>/` (beside the runs, which it is not one of:
 * it has no config.json or events.jsonl, so `dojo lab runs` passes it by):
 *
 *   sweep.json     the plan and every finished run's result, rewritten atomically after each run
 *   runs.jsonl     the `dojo ablate` runs file (sweep-ablation.ts)
 *   report.md      the table, LR sensitivity, charts (*.svg beside it) and "What reproduced"
 *   lock           while a process runs the sweep (the web app then starts no run)
 *
 * sweep.json is read back through `sweepFileSchema`, so a hand-edited file is one clear error.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../workspace/atomic.js";
import { readJsonFile } from "../workspace/jsonl.js";
import { inspectLock } from "../workspace/lock.js";
import { SWEEP_VARIANTS, type SweepPlan } from "./sweep-plan.js";
import type { SweepRunResult } from "./sweep-run.js";
import { runsFolder } from "./run-folder.js";

const point = z.tuple([z.number(), z.number()]);
const variant = z.enum(SWEEP_VARIANTS);

export const planSchema = z.object({
  preset: z.enum(["tiny", "baby"]),
  steps: z.number().int().min(1),
  lrs: z.array(z.number().positive()).min(1),
  variants: z.array(variant).min(1),
  seeds: z.array(z.number().int()).min(1),
  quick: z.boolean(),
  backend: z.enum(["wasm", "ts"]),
  settings: z.object({
    warmupSteps: z.number().int().min(0),
    minLr: z.number().min(0),
    beta2: z.number(),
    weightDecay: z.number().min(0),
    weightDecayMode: z.literal("independent"),
    zLoss: z.number().min(0),
    gradClip: z.number().min(0),
    signalEvery: z.number().int().min(1),
  }),
  baseOverrides: z.record(z.string(), z.unknown()).optional(),
});

export const resultSchema = z.object({
  variant,
  lr: z.number(),
  seed: z.number().int(),
  status: z.enum(["completed", "stopped", "interrupted"]),
  diverged: z.boolean(),
  stepsDone: z.number().int(),
  initialLoss: z.number().nullable(),
  finalValLoss: z.number().nullable(),
  finalTrainLoss: z.number().nullable(),
  finalLoss: z.number().nullable(),
  attention: z.array(point),
  logitMean: z.array(point),
  logZ: z.array(point),
  trainMs: z.number(),
  message: z.string().optional(),
});

export const sweepFileSchema = z.object({
  id: z.string(),
  /** "running" while a process runs it; "interrupted" after Ctrl-C, or when that process died. */
  status: z.enum(["running", "completed", "interrupted"]),
  createdAt: z.string(),
  /** Wall time from the first run's start to the last result, in ms. */
  wallMs: z.number(),
  /** The alert thresholds of the runs' config, which "What reproduced" judges growth and divergence by. */
  thresholds: z.object({ attentionLogitMax: z.number(), logZMax: z.number() }),
  plan: planSchema,
  results: z.array(resultSchema),
});

export interface SweepFile {
  id: string;
  status: "running" | "completed" | "interrupted";
  createdAt: string;
  wallMs: number;
  thresholds: { attentionLogitMax: number; logZMax: number };
  plan: SweepPlan;
  results: SweepRunResult[];
}

/** The folder name prefix of sweeps in the runs folder. */
export const SWEEP_PREFIX = "sweep-";

export function sweepJsonPath(dir: string): string {
  return join(dir, "sweep.json");
}

export function sweepLockPath(dir: string): string {
  return join(dir, "lock");
}

/**
 * Makes a new sweep folder named after the time ("sweep-20261121-073015", with "-2", "-3" … if
 * taken) and returns its id and path.
 */
export function createSweepFolder(home: string, now = new Date()): { id: string; dir: string } {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  mkdirSync(runsFolder(home), { recursive: true });
  let id = `${SWEEP_PREFIX}${stamp}`;
  for (let n = 2; existsSync(join(runsFolder(home), id)); n++) id = `${SWEEP_PREFIX}${stamp}-${n}`;
  const dir = join(runsFolder(home), id);
  mkdirSync(dir);
  return { id, dir };
}

/** Writes sweep.json atomically. */
export function writeSweepFile(dir: string, sweep: SweepFile): void {
  writeFileAtomic(sweepJsonPath(dir), JSON.stringify(sweep, null, 1) + "\n");
}

/**
 * Reads and validates a sweep folder's sweep.json. A sweep marked "running" whose lock no live
 * process holds was cut short (the process died) and reads as "interrupted".
 *
 * @example readSweepFile(join(home, "runs", "sweep-20261121-073015")).results.length
 */
export function readSweepFile(dir: string): SweepFile {
  const sweep = readJsonFile(sweepJsonPath(dir), sweepFileSchema, "dojo lab sweep writes this file; run the sweep again") as SweepFile;
  if (sweep.status === "running" && inspectLock(sweepLockPath(dir)).kind !== "held") return { ...sweep, status: "interrupted" };
  return sweep;
}

/**
 * The sweep folders of a workspace, newest first (their ids sort by time).
 *
 * @example listSweepFolders(home) // ["<home>/runs/sweep-20261121-080000", ...]
 */
export function listSweepFolders(home: string): string[] {
  const runs = runsFolder(home);
  if (!existsSync(runs)) return [];
  return readdirSync(runs)
    .filter((name) => name.startsWith(SWEEP_PREFIX) && existsSync(sweepJsonPath(join(runs, name))))
    .sort()
    .reverse()
    .map((name) => join(runs, name));
}
