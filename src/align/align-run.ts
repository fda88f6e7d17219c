/**
 * An align run's folder, `<home>/align/<id>/`: config.json (the stage's settings, written
 * once, atomically), events.jsonl (appended), checkpoints/ in the pretraining lab's format
 * (safetensors under nanoGPT's names, plus `score.weight` for a reward model), and the stage's
 * own outputs (pairs.jsonl for a pairs run).
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { formatPath, InputError } from "../errors.js";
import { saveCheckpoint, type CheckpointState } from "../lab/checkpoint.js";
import { checkpointsFolder, eventsPath, runStamp } from "../lab/run-folder.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { readJsonFile, readJsonlLog } from "../workspace/jsonl.js";
import { alignConfigSchema, type AlignConfig, type AlignStage } from "./align-config.js";
import { alignEventSchema, type AlignEvent } from "./align-events.js";

/** Folder holding every align run of a workspace. */
export function alignFolder(home: string): string {
  return join(home, "align");
}

/** Creates `<home>/align/<stamp>-<stage>` ("-2", "-3" … if taken) with its config.json. */
export function createAlignRun(home: string, config: AlignConfig, now = new Date()): { id: string; dir: string } {
  // What is written must read back: settings built by code (a preset merged with flags) are checked here too.
  const checked = alignConfigSchema.safeParse(config);
  if (!checked.success) throw new InputError(`align ${config.stage} settings: field ${formatPath(checked.error.issues[0].path)}: ${checked.error.issues[0].message}`, "see dojo align --help");
  const base = `${runStamp(now)}-${config.stage}`;
  mkdirSync(alignFolder(home), { recursive: true });
  let id = base;
  for (let n = 2; existsSync(join(alignFolder(home), id)); n++) id = `${base}-${n}`;
  const dir = join(alignFolder(home), id);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, "config.json"), JSON.stringify({ ...config, createdAt: now.toISOString() }, null, 2) + "\n");
  return { id, dir };
}

/** The folder of align run `idOrPath` (an id under the workspace or a folder path), optionally of one stage. */
export function findAlignRun(home: string, idOrPath: string, stage?: AlignStage): string {
  const dir = [idOrPath, join(alignFolder(home), idOrPath)].find((d) => existsSync(join(d, "config.json")));
  if (dir === undefined) throw new InputError(`no align run "${idOrPath}" (looked for ${join(alignFolder(home), idOrPath, "config.json")})`, "dojo align runs lists them");
  if (stage !== undefined) {
    const found = readAlignConfig(dir).stage;
    if (found !== stage) throw new InputError(`align run "${idOrPath}" is a ${found} run, not a ${stage} run`, `pass the id of a ${stage} run (dojo align runs lists them)`);
  }
  return dir;
}

/** The ids of the workspace's align runs, oldest first. */
export function listAlignRunIds(home: string): string[] {
  const folder = alignFolder(home);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((id) => existsSync(join(folder, id, "config.json")))
    .sort();
}

const CONFIG_HINT = "config.json is written by dojo align when the run starts";

/** A run's stage settings, validated (file and field in the error). */
export function readAlignConfig(dir: string): AlignConfig {
  return readJsonFile(join(dir, "config.json"), alignConfigSchema, CONFIG_HINT);
}

/** Appends one event (validated first: a malformed event is a bug, never written). */
export function appendAlignEvent(dir: string, event: AlignEvent): void {
  const line = JSON.stringify(event);
  const check = alignEventSchema.safeParse(JSON.parse(line));
  if (!check.success) throw new Error(`refusing to log a malformed ${event.kind} event at step ${event.step}: ${formatPath(check.error.issues[0].path)}: ${check.error.issues[0].message}`);
  appendFileSync(eventsPath(dir), line + "\n");
}

/** The run's events (a torn last line from a killed process is left out). */
export function readAlignEvents(dir: string): AlignEvent[] {
  const path = eventsPath(dir);
  if (!existsSync(path)) return [];
  return readJsonlLog(path, alignEventSchema, "each line is one event of src/align/align-events.ts").records.map((r) => r.value);
}

/** Saves a checkpoint under the run's checkpoints/ (keeping the newest `keepLast`); returns its path relative to the run. */
export function saveAlignCheckpoint(dir: string, state: CheckpointState, keepLast = 2): string {
  const saved = saveCheckpoint(checkpointsFolder(dir), state, { keepLast });
  return relative(dir, saved.sidecarPath).split(sep).join("/");
}
