/**
 * The alignment lab's base model: a pretraining lab run on the world's documents, written to
 * `<home>/align/worlds/world-<seed>.txt` so the run records the file's path and sha256 like
 * any text-file run (and `dojo lab` shows, resumes and reports it as one).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareCorpus } from "../lab/corpus.js";
import { createRunFolder, lockRun, runFolderSink } from "../lab/run-folder.js";
import { resolveConfig, type TrainConfig } from "../train/config.js";
import { train, type TrainProgress } from "../train/trainer.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import type { WorldSettings } from "./align-config.js";
import { alignFolder } from "./align-run.js";
import { BASE_OVERRIDES } from "./align-presets.js";
import { generateWorld, worldText } from "./world.js";

/** Writes the world's documents (once; the same seed always gives the same text) and returns the file's path. */
export function writeWorldDocuments(home: string, world: WorldSettings): string {
  const folder = join(alignFolder(home), "worlds");
  const path = join(folder, `world-${world.seed}-${world.people}.txt`);
  const text = worldText(generateWorld(world));
  if (!existsSync(path) || readFileSync(path, "utf8") !== text) {
    mkdirSync(folder, { recursive: true });
    writeFileAtomic(path, text);
  }
  return path;
}

/** The pretraining config of the base model: the lab's baby GPT with a 96-character block, on the world's documents. */
export function baseConfig(documentsPath: string, overrides: { steps?: number; seed?: number; backend: "ts" | "wasm" }): TrainConfig {
  return resolveConfig("baby", [
    { overrides: { ...BASE_OVERRIDES, preset: "custom", data: { source: documentsPath, validationFraction: 0.05 }, backend: overrides.backend }, source: "the align preset" },
    { overrides: { ...(overrides.steps ? { steps: overrides.steps } : {}), ...(overrides.seed !== undefined ? { seed: overrides.seed } : {}) }, source: "flags" },
  ]);
}

/**
 * Pretrains the base model on the world's documents in a new lab run.
 *
 * @example const { id } = await runBase(home, stageDefaults(0).sft.world, { backend: "wasm" });
 */
export async function runBase(home: string, world: WorldSettings, options: { steps?: number; seed?: number; backend: "ts" | "wasm"; onProgress?: (progress: TrainProgress) => void; shouldStop?: () => boolean }): Promise<{ id: string; dir: string; status: string }> {
  const path = writeWorldDocuments(home, world);
  const resolved = baseConfig(path, options);
  const corpus = prepareCorpus(resolved);
  const config: TrainConfig = { ...resolved, data: { ...resolved.data, sha256: corpus.sourceSha256 ?? undefined } };
  const { id, dir } = createRunFolder(home, config, { lmdojo: "0.1.0", node: process.version });
  const release = lockRun(dir);
  try {
    const result = await train({ sink: runFolderSink(dir, config), config, corpus, onProgress: options.onProgress, shouldStop: options.shouldStop });
    return { id, dir, status: result.status };
  } finally {
    release();
  }
}
