import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { saveCheckpoint } from "../src/lab/checkpoint.js";
import { describeOutcome, newestLoadableCheckpoint, nextCommands } from "../src/lab/outcome.js";
import { checkpointsFolder } from "../src/lab/run-folder.js";
import type { TrainResult } from "../src/train/trainer.js";
import { checkpointForStep } from "./fixtures/checkpoint-writer.js";

const root = mkdtempSync(join(tmpdir(), "lmdojo-outcome-"));
const result = (status: TrainResult["status"], step: number, message = "m"): TrainResult => ({ status, step, message, lastValLoss: null, bestValLoss: null, unigramEntropy: 3 });
const show = (path: string) => path.slice(root.length + 1);

/** A run folder with checkpoints at `steps`. */
function runWith(name: string, steps: number[]): string {
  const dir = join(root, name);
  for (const step of steps) saveCheckpoint(checkpointsFolder(dir), checkpointForStep(step), { keepLast: 10 });
  return dir;
}

describe("newestLoadableCheckpoint", () => {
  it("is the newest checkpoint whose files verify, passing over a damaged newer one", () => {
    const dir = runWith("damaged", [10, 20]);
    expect(newestLoadableCheckpoint(dir)?.step).toBe(20);
    const weights = join(checkpointsFolder(dir), "step-20.safetensors");
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] ^= 0xff; // one flipped byte: the sha256 no longer matches
    writeFileSync(weights, bytes);
    expect(newestLoadableCheckpoint(dir)?.step).toBe(10);
    rmSync(join(checkpointsFolder(dir), "step-10.optimizer.safetensors"));
    expect(newestLoadableCheckpoint(dir)).toBeNull();
    expect(newestLoadableCheckpoint(join(root, "no-such-run"))).toBeNull();
  });
});

describe("describeOutcome", () => {
  it("a completed run: one line with the steps, '1 step' for one", () => {
    expect(describeOutcome(result("completed", 600), 600, newestLoadableCheckpoint(runWith("done", [600])), "done", show, "dojo")).toEqual(["completed (600 steps)"]);
    expect(describeOutcome(result("completed", 1), 1, newestLoadableCheckpoint(runWith("one", [1])), "one", show, "dojo")).toEqual(["completed (1 step)"]);
  });

  it("a stopped or interrupted run names its newest loadable checkpoint; an interrupted one says how to continue", () => {
    const dir = runWith("stopped", [20, 40]);
    expect(describeOutcome(result("stopped", 45, "step 46: loss holds NaN"), 600, newestLoadableCheckpoint(dir), "stopped", show, "dojo")).toEqual([
      "stopped by an alert after step 45 of 600: step 46: loss holds NaN",
      "newest checkpoint: step 40, stopped/checkpoints/step-40.json",
    ]);
    // The command is spelled as the caller says dojo runs here, with its --home.
    expect(describeOutcome(result("interrupted", 40), 600, newestLoadableCheckpoint(dir), "stopped", show, "npx dojo --home 'my ws'")).toEqual([
      "interrupted after step 40 of 600",
      "newest checkpoint: step 40, stopped/checkpoints/step-40.json; continue with npx dojo --home 'my ws' lab pretrain --resume stopped",
    ]);
  });

  it("says so when there is no checkpoint to go back to", () => {
    expect(describeOutcome(result("stopped", 3, "alert"), 600, newestLoadableCheckpoint(join(root, "empty")), "empty", show, "dojo")).toEqual([
      "stopped by an alert after step 3 of 600: alert",
      "no checkpoint was saved, so there is nothing to resume",
    ]);
  });
});

describe("nextCommands", () => {
  it("offers a sample only when the run's newest checkpoint loads (the one `lab sample` reads)", () => {
    const sampled = runWith("sampled", [20, 40]);
    expect(nextCommands(sampled, "sampled", newestLoadableCheckpoint(sampled))).toEqual(["lab report sampled", "lab sample sampled", "lab runs"]);
    // A run stopped before its first checkpoint: `lab sample` would fail with "the run has no checkpoint yet".
    expect(nextCommands(join(root, "never-saved"), "never-saved", newestLoadableCheckpoint(join(root, "never-saved")))).toEqual(["lab report never-saved", "lab runs"]);
    const dir = runWith("newest-damaged", [20, 40]);
    const weights = join(checkpointsFolder(dir), "step-40.safetensors");
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] ^= 0xff; // step 20 still loads, but `lab sample` reads step 40
    writeFileSync(weights, bytes);
    expect(nextCommands(dir, "newest-damaged", newestLoadableCheckpoint(dir))).toEqual(["lab report newest-damaged", "lab runs"]);
  });
});
