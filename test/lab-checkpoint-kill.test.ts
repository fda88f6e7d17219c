import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../src/stats/prng.js";
import { listCheckpoints, loadCheckpoint } from "../src/lab/checkpoint.js";
import { checkpointForStep } from "./fixtures/checkpoint-writer.js";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "lmdojo-checkpoint-kill-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Starts the writer, waits until it reports its first saved checkpoint of this round, lets it
 * go on saving for `delayMs` more (a seeded-random length, so that kills land in every phase
 * of a save; nothing is asserted about time), then kills it with SIGKILL.
 */
async function runAndKill(dir: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/checkpoint-writer.ts", dir], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
  let stdout = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/^saved \d+$/m.test(stdout)) resolve();
    });
    child.on("exit", () => reject(new Error(`writer exited before its first save: ${stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
}

describe("a process killed with SIGKILL during saves never leaves a loadable corrupt checkpoint", () => {
  it("after each of 5 kills at seeded-random moments, every listed checkpoint loads with exactly its step's content", async () => {
    const rng = createRng(20240505);
    const dir = join(root, "run", "checkpoints");
    let lastStep = 0;
    for (let round = 0; round < 5; round++) {
      // A save takes tens of ms here, so these delays land in every phase of a save.
      await runAndKill(dir, rng.nextInt(400));
      const entries = listCheckpoints(dir);
      expect(entries.length, `round ${round}: no checkpoint survived`).toBeGreaterThan(0);
      for (const entry of entries) {
        const loaded = loadCheckpoint(entry.sidecarPath);
        const expected = checkpointForStep(entry.step);
        expect(loaded.step).toBe(entry.step);
        expect(loaded.valLoss).toBe(expected.valLoss);
        expect(entry.valLoss).toBe(expected.valLoss);
        expect(loaded.optimizer.step).toBe(expected.optimizer.step);
        expect(loaded.shapes).toEqual(expected.shapes);
        expect([loaded.config, loaded.tokenizer, loaded.trainer]).toEqual([expected.config, expected.tokenizer, expected.trainer]);
        const groups: Array<[Record<string, Float32Array>, Record<string, Float32Array>]> = [
          [loaded.weights, expected.weights],
          [loaded.optimizer.m, expected.optimizer.m],
          [loaded.optimizer.v, expected.optimizer.v],
        ];
        for (const [actual, wanted] of groups) {
          expect(Object.keys(actual)).toEqual(Object.keys(wanted));
          for (const name of Object.keys(wanted)) {
            const same = Buffer.from(actual[name].buffer, actual[name].byteOffset, actual[name].byteLength).equals(Buffer.from(wanted[name].buffer));
            expect(same, `step ${entry.step} ${name}`).toBe(true);
          }
        }
      }
      // Each new writer continues after the newest checkpoint, so progress only goes forward.
      const newest = entries.at(-1)!.step;
      expect(newest).toBeGreaterThanOrEqual(lastStep);
      lastStep = newest;
      // keepLast 2 plus the best, plus one more if the kill came between a sidecar and its pruning.
      const sidecars = readdirSync(dir).filter((name) => /^step-\d+\.json$/.test(name));
      expect(sidecars.length).toBeLessThanOrEqual(4);
    }
  }, 60_000);
});
