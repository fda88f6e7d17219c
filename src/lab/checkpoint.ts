/**
 * Training checkpoints: `runs/<id>/checkpoints/step-<n>.*`, three files per checkpoint.
 *
 *   step-<n>.safetensors            the weights, float32, under nanoGPT's parameter names
 *                                   ("transformer.h.0.attn.c_attn.weight", ...)
 *   step-<n>.optimizer.safetensors  AdamW's moments as torch.optim.AdamW names its per-parameter
 *                                   state: "<name>.exp_avg" (m) and "<name>.exp_avg_sq" (v), each
 *                                   with its weight's shape; the optimizer step in __metadata__.step
 *   step-<n>.json                   the sidecar: step, valLoss, optimizer step, config, tokenizer,
 *                                   trainer state (RNG, data cursor, ...), and the name, byte size
 *                                   and sha256 of both tensor files
 *
 * Crash safety comes from the order of operations. Each file is written atomically (temporary
 * file, fsync, rename, fsync folder) and the sidecar is written LAST, so a checkpoint exists
 * only once its sidecar does, and the sidecar's hashes vouch for the tensor files. Pruning
 * deletes in the opposite order (sidecar first). A process killed at any point therefore leaves
 * complete checkpoints, plus perhaps tensor or temporary files without a sidecar, which nothing
 * lists or loads and the next save cleans up. Loading re-checks everything, so a file changed
 * or truncated later (disk full, a hand edit, a bad copy) is one clear error, never a model.
 *
 * One writer per folder: a trainer owns its run's checkpoints folder.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { formatPath, InputError } from "../errors.js";
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from "../serialize/safetensors.js";
import { fsyncDirectory, writeFileAtomic } from "../workspace/atomic.js";
import type { CheckpointState, Json } from "../train/checkpoint-state.js";

export type { CheckpointState, Json };

/** One checkpoint in a folder, as listCheckpoints finds it. */
export interface CheckpointEntry {
  step: number;
  sidecarPath: string;
  valLoss: number | null;
}

/** Version of the sidecar layout; bump it when the files change meaning. */
const FORMAT_VERSION = 1;
const EXP_AVG = ".exp_avg";
const EXP_AVG_SQ = ".exp_avg_sq";
const SIDECAR_NAME = /^step-(\d+)\.json$/;
const TENSOR_NAME = /^step-(\d+)(\.optimizer)?\.safetensors$/;
/** Temporary files of writeFileAtomic for checkpoint files: `.step-<n>.<...>.tmp`. */
const TEMP_NAME = /^\.step-\d+\..*\.tmp$/;

const fileRecord = z.strictObject({
  /** A bare file name in the sidecar's folder (no path separators, so a sidecar cannot point elsewhere). */
  name: z.string().regex(/^[\w-][\w.-]*\.safetensors$/, "must be a file name ending in .safetensors"),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits"),
});

const sidecarSchema = z.strictObject({
  format: z.literal("lmdojo-checkpoint"),
  version: z.literal(FORMAT_VERSION),
  step: z.number().int().nonnegative(),
  valLoss: z.number().nullable(),
  optimizerStep: z.number().int().nonnegative(),
  files: z.strictObject({ weights: fileRecord, optimizer: fileRecord }),
  config: z.json(),
  tokenizer: z.json(),
  trainer: z.json(),
});
type Sidecar = z.infer<typeof sidecarSchema>;

/**
 * Writes step-<n>.safetensors (weights), step-<n>.optimizer.safetensors (exp_avg / exp_avg_sq per
 * name, as torch names AdamW state, plus the optimizer step) and, LAST, the sidecar step-<n>.json
 * (step, valLoss, config, tokenizer, trainer, optimizer step, file names with byte sizes and
 * sha256 of both tensor files, format version). Each file atomic (temp, fsync, rename, fsync dir).
 * Then prunes: keep the newest `keepLast` by step plus the one with the lowest valLoss (the
 * earliest on a tie, as nanoGPT's `val_loss < best_val_loss`); delete a pruned checkpoint's
 * sidecar FIRST, then its tensor files. The checkpoint just written is always kept, and tensor
 * and temporary files left without a sidecar by a killed save are deleted. Creates `dir` if
 * needed. Returns the sidecar path, whether this one is now the best, and the sidecars removed.
 *
 * @example
 * const { sidecarPath, best } = saveCheckpoint("runs/x/checkpoints", state, { keepLast: 3 });
 */
export function saveCheckpoint(dir: string, state: CheckpointState, options: { keepLast: number }): { sidecarPath: string; best: boolean; removed: string[] } {
  const keepLast = options?.keepLast;
  if (!Number.isSafeInteger(keepLast) || keepLast < 1) {
    throw new InputError(`keepLast must be a whole number >= 1, got ${String(keepLast)}`, "keep at least the newest checkpoint");
  }
  const { weightTensors, momentTensors } = checkState(state);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`${dir}: cannot create the checkpoints folder (${(err as NodeJS.ErrnoException).code})`, "choose a run folder you can write to");
  }

  const step = state.step;
  const sidecarPath = join(dir, `step-${step}.json`);
  // Re-saving a step (a resumed run passing it again): drop the old sidecar before its tensor
  // files are replaced, so no sidecar ever vouches for files it did not hash.
  removeDurably(dir, [sidecarPath]);

  const weightsName = `step-${step}.safetensors`;
  const optimizerName = `step-${step}.optimizer.safetensors`;
  const weightsBytes = encodeSafetensors(weightTensors, { format: "pt" });
  const optimizerBytes = encodeSafetensors(momentTensors, { format: "pt", step: String(state.optimizer.step) });
  writeFileAtomic(join(dir, weightsName), weightsBytes);
  writeFileAtomic(join(dir, optimizerName), optimizerBytes);

  const sidecar: Sidecar = {
    format: "lmdojo-checkpoint",
    version: FORMAT_VERSION,
    step,
    valLoss: state.valLoss,
    optimizerStep: state.optimizer.step,
    files: {
      weights: { name: weightsName, bytes: weightsBytes.length, sha256: sha256(weightsBytes) },
      optimizer: { name: optimizerName, bytes: optimizerBytes.length, sha256: sha256(optimizerBytes) },
    },
    config: state.config,
    tokenizer: state.tokenizer,
    trainer: state.trainer,
  };
  writeFileAtomic(sidecarPath, JSON.stringify(sidecar, null, 2) + "\n");

  return { sidecarPath, ...prune(dir, step, keepLast) };
}

/**
 * Reads and verifies a checkpoint from its sidecar path: sidecar JSON shape (zod), both files
 * present, byte sizes and sha256 match, safetensors decode, every moment's shape equals its
 * weight's shape. Any failure is ONE InputError naming the file and what is wrong (e.g.
 * "runs/x/checkpoints/step-200.safetensors: sha256 mismatch (file changed or truncated)", with a
 * hint naming an older checkpoint to use, or to delete this one). Nothing corrupt is ever returned.
 *
 * @example
 * const latest = listCheckpoints("runs/x/checkpoints").at(-1);
 * const state = loadCheckpoint(latest.sidecarPath);
 */
export function loadCheckpoint(sidecarPath: string): CheckpointState {
  const dir = dirname(sidecarPath);
  const fail = (file: string, problem: string): never => {
    throw new InputError(`${file}: ${problem}`, recoveryHint(sidecarPath));
  };

  const sidecar = readSidecar(sidecarPath, fail);
  const weightsPath = join(dir, sidecar.files.weights.name);
  const optimizerPath = join(dir, sidecar.files.optimizer.name);
  const weightsFile = readVerifiedTensors(weightsPath, sidecar.files.weights, fail);
  const optimizerFile = readVerifiedTensors(optimizerPath, sidecar.files.optimizer, fail);

  const weights: Record<string, Float32Array> = {};
  const shapes: Record<string, number[]> = {};
  for (const [name, tensor] of Object.entries(weightsFile.tensors)) {
    if (tensor.dtype !== "F32") fail(weightsPath, `tensor ${name} is ${tensor.dtype}, expected F32`);
    weights[name] = tensor.data as Float32Array;
    shapes[name] = [...tensor.shape];
  }

  if (optimizerFile.metadata.step !== String(sidecar.optimizerStep)) {
    fail(optimizerPath, `optimizer step ${JSON.stringify(optimizerFile.metadata.step)} in __metadata__.step differs from the sidecar's optimizerStep ${sidecar.optimizerStep}`);
  }
  const m: Record<string, Float32Array> = {};
  const v: Record<string, Float32Array> = {};
  for (const [tensorName, tensor] of Object.entries(optimizerFile.tensors)) {
    const isSq = tensorName.endsWith(EXP_AVG_SQ);
    if (!isSq && !tensorName.endsWith(EXP_AVG)) fail(optimizerPath, `tensor ${tensorName} is neither <name>${EXP_AVG} nor <name>${EXP_AVG_SQ}`);
    const name = tensorName.slice(0, tensorName.length - (isSq ? EXP_AVG_SQ : EXP_AVG).length);
    if (tensor.dtype !== "F32") fail(optimizerPath, `tensor ${tensorName} is ${tensor.dtype}, expected F32`);
    if (!(name in shapes)) fail(optimizerPath, `tensor ${tensorName} is a moment of ${name}, which is not in ${weightsPath}`);
    if (!sameShape(tensor.shape, shapes[name])) {
      fail(optimizerPath, `tensor ${tensorName} has shape [${tensor.shape.join(", ")}] but weight ${name} has shape [${shapes[name].join(", ")}]`);
    }
    (isSq ? v : m)[name] = tensor.data as Float32Array;
  }
  for (const name of new Set([...Object.keys(m), ...Object.keys(v)])) {
    if (!(name in m)) fail(optimizerPath, `tensor ${name}${EXP_AVG_SQ} has no matching ${name}${EXP_AVG}`);
    if (!(name in v)) fail(optimizerPath, `tensor ${name}${EXP_AVG} has no matching ${name}${EXP_AVG_SQ}`);
  }

  return {
    step: sidecar.step,
    weights,
    shapes,
    optimizer: { step: sidecar.optimizerStep, m, v },
    valLoss: sidecar.valLoss,
    config: sidecar.config,
    tokenizer: sidecar.tokenizer,
    trainer: sidecar.trainer,
  };
}

/**
 * Sidecars in `dir` sorted by step (reads only the sidecars; unreadable sidecars are listed with
 * valLoss null; temp files ignored; missing dir -> []). The step is the one in the file name.
 *
 * @example listCheckpoints("runs/x/checkpoints") // [{ step: 200, sidecarPath: "runs/x/checkpoints/step-200.json", valLoss: 2.1 }, ...]
 */
export function listCheckpoints(dir: string): CheckpointEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    throw new InputError(`${dir}: cannot list checkpoints (${code})`, "pass the run's checkpoints folder");
  }
  const entries: CheckpointEntry[] = [];
  for (const name of names) {
    const match = SIDECAR_NAME.exec(name);
    if (!match) continue;
    const sidecarPath = join(dir, name);
    let valLoss: number | null = null;
    try {
      valLoss = readSidecar(sidecarPath, () => {
        throw new Error("unreadable");
      }).valLoss;
    } catch {
      // Listed anyway: loadCheckpoint explains what is wrong with it.
    }
    entries.push({ step: Number(match[1]), sidecarPath, valLoss });
  }
  return entries.sort((a, b) => a.step - b.step);
}

/** Checks the state a trainer hands in and lays it out as the two files' tensors. */
function checkState(state: CheckpointState): { weightTensors: Record<string, StoredTensor>; momentTensors: Record<string, StoredTensor> } {
  const hint = "the trainer must pass its model's weights, their shapes and the optimizer's exported state";
  const bad = (message: string): never => {
    throw new InputError(`checkpoint ${message}`, hint);
  };
  if (!Number.isSafeInteger(state?.step) || state.step < 0) bad(`step must be a whole number >= 0, got ${String(state?.step)}`);
  if (state.valLoss !== null && !Number.isFinite(state.valLoss)) bad(`valLoss must be a finite number or null, got ${String(state.valLoss)}`);
  for (const field of ["config", "tokenizer", "trainer"] as const) {
    const problem = firstNonJson(state[field], field);
    if (problem) bad(`${problem.path} is not JSON data (${problem.what})`);
  }

  const weightTensors: Record<string, StoredTensor> = {};
  for (const [name, data] of Object.entries(state.weights ?? {})) {
    const shape = state.shapes?.[name];
    if (!(data instanceof Float32Array)) bad(`weight ${name} must be a Float32Array`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) bad(`shape of ${name} must be a list of whole numbers`);
    if (shape.reduce((n, d) => n * d, 1) !== data.length) bad(`weight ${name} has ${data.length} values but shape [${shape.join(", ")}]`);
    weightTensors[name] = { dtype: "F32", shape, data };
  }
  for (const name of Object.keys(state.shapes ?? {})) {
    if (!(name in weightTensors)) bad(`shapes has ${name}, which is not a weight`);
  }

  const optimizer = state.optimizer;
  if (!Number.isSafeInteger(optimizer?.step) || optimizer.step < 0) bad(`optimizer.step must be a whole number >= 0, got ${String(optimizer?.step)}`);
  const momentTensors: Record<string, StoredTensor> = {};
  for (const [key, suffix, other] of [["m", EXP_AVG, "v"], ["v", EXP_AVG_SQ, "m"]] as const) {
    for (const [name, data] of Object.entries(optimizer[key] ?? {})) {
      const weight = weightTensors[name];
      if (!weight) bad(`optimizer.${key} has ${name}, which is not a weight`);
      if (!(data instanceof Float32Array) || data.length !== weight.data.length) bad(`optimizer.${key}.${name} must be a Float32Array of length ${weight.data.length}`);
      if (!(optimizer[other] && name in optimizer[other])) bad(`optimizer.${key} has ${name} but optimizer.${other} does not`);
      momentTensors[name + suffix] = { dtype: "F32", shape: weight.shape, data };
    }
  }
  return { weightTensors, momentTensors };
}

/** Keeps the newest `keepLast`, the best and the one just saved; deletes the rest and any orphans. */
function prune(dir: string, savedStep: number, keepLast: number): { best: boolean; removed: string[] } {
  const entries = listCheckpoints(dir);
  let best: CheckpointEntry | undefined;
  for (const e of entries) {
    if (e.valLoss !== null && (best === undefined || e.valLoss < best.valLoss!)) best = e;
  }
  const keep = new Set([savedStep, ...entries.slice(-keepLast).map((e) => e.step)]);
  if (best) keep.add(best.step);

  const removed: string[] = [];
  for (const e of entries) {
    if (keep.has(e.step)) continue;
    // Sidecar first (and durably): from then on the checkpoint does not exist, whatever
    // happens to the tensor files.
    removeDurably(dir, [e.sidecarPath]);
    removed.push(e.sidecarPath);
    rmSync(join(dir, `step-${e.step}.safetensors`), { force: true });
    rmSync(join(dir, `step-${e.step}.optimizer.safetensors`), { force: true });
  }

  // Leftovers of a killed save: tensor files whose sidecar was never written, and temp files.
  for (const name of readdirSync(dir)) {
    const tensor = TENSOR_NAME.exec(name);
    if ((tensor && !keep.has(Number(tensor[1]))) || TEMP_NAME.test(name)) rmSync(join(dir, name), { force: true });
  }
  return { best: best?.step === savedStep, removed };
}

/** Reads and validates a sidecar; every problem goes to `fail` with the sidecar's path. */
function readSidecar(sidecarPath: string, fail: (file: string, problem: string) => never): Sidecar {
  const text = readFile(sidecarPath, "the checkpoint's sidecar", fail).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    fail(sidecarPath, `not valid JSON, truncated or edited (${(err as Error).message})`);
  }
  const result = sidecarSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    fail(sidecarPath, `field ${formatPath(issue.path)}: ${issue.message}`);
  }
  return result.data!;
}

/** Reads a tensor file the sidecar vouches for, checks its size and sha256, then decodes it. */
function readVerifiedTensors(
  path: string,
  record: Sidecar["files"]["weights"],
  fail: (file: string, problem: string) => never,
): ReturnType<typeof decodeSafetensors> {
  const bytes = readFile(path, "listed in the sidecar", fail);
  if (bytes.length !== record.bytes) fail(path, `${bytes.length} bytes but the sidecar records ${record.bytes} (file truncated or changed)`);
  if (sha256(bytes) !== record.sha256) fail(path, "sha256 mismatch (file changed or truncated)");
  try {
    return decodeSafetensors(bytes, path);
  } catch (err) {
    // The hash matched, so the file is what was saved; still never trust it undecoded.
    if (err instanceof InputError) fail(path, err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message);
    throw err;
  }
}

function readFile(path: string, what: string, fail: (file: string, problem: string) => never): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(path, code === "ENOENT" ? `missing (${what})` : `cannot read (${code})`);
  }
}

/** The hint of every load error: the newest older checkpoint to use instead, or delete this one. */
function recoveryHint(sidecarPath: string): string {
  const dir = dirname(sidecarPath);
  const match = SIDECAR_NAME.exec(basename(sidecarPath));
  const step = match ? Number(match[1]) : Infinity;
  let older: CheckpointEntry | undefined;
  try {
    older = listCheckpoints(dir).filter((e) => e.step < step && e.sidecarPath !== sidecarPath).at(-1);
  } catch {
    // An unlistable folder just gets the generic hint.
  }
  const deleteThis = match ? `delete step-${match[1]}.json and its .safetensors files` : `delete ${basename(sidecarPath)}`;
  return older ? `use the older checkpoint ${older.sidecarPath} instead, or ${deleteThis}` : `${deleteThis}; there is no older checkpoint in ${dir}`;
}

/** Deletes files and fsyncs the folder, so the deletion survives a crash before what follows. */
function removeDurably(dir: string, paths: string[]): void {
  const present = paths.filter((path) => existsSync(path));
  if (present.length === 0) return;
  for (const path of present) rmSync(path, { force: true });
  fsyncDirectory(dir);
}

/**
 * The first value inside `value` that JSON cannot store as it is (NaN and ±Infinity would
 * become null, undefined would vanish, a typed array would become an object), or null.
 */
function firstNonJson(value: unknown, path: string): { path: string; what: string } | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : { path, what: String(value) };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonJson(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  const proto = typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    return { path, what: typeof value === "object" ? `a ${value.constructor?.name ?? "non-plain object"}` : String(typeof value) };
  }
  for (const [key, item] of Object.entries(value as object)) {
    const found = firstNonJson(item, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
