/**
 * How a training session ended, as `dojo lab pretrain` reports it: a headline, and the newest
 * checkpoint a user can go back to, checked on disk (a stop or a kill may leave the newest
 * sidecar unusable), or that there is none; and the commands that apply to the run next.
 */
import { InputError } from "../errors.js";
import { plural } from "../report/plural.js";
import type { TrainResult } from "../train/trainer.js";
import { listCheckpoints, loadCheckpoint, type CheckpointEntry } from "./checkpoint.js";
import { checkpointsFolder } from "./run-folder.js";

/**
 * The newest checkpoint of a run that loads: sidecar valid, both tensor files present with
 * the recorded sizes and sha256. Older ones are tried when a newer one is damaged; null when
 * none loads (or there are none).
 */
export function newestLoadableCheckpoint(runDir: string): CheckpointEntry | null {
  const entries = listCheckpoints(checkpointsFolder(runDir));
  for (let i = entries.length - 1; i >= 0; i--) {
    try {
      loadCheckpoint(entries[i].sidecarPath);
      return entries[i];
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
    }
  }
  return null;
}

/**
 * The lines that end a training session: "completed (600 steps)"; "stopped by an alert after
 * step 45 of 600: <alert>"; "interrupted after step 120 of 600". A run that did not complete
 * then gets `newest`, its newest checkpoint that loads (newestLoadableCheckpoint; `show` turns
 * its path into what to print), with the command that continues an interrupted run (starting
 * with `dojo`, e.g. "npx dojo"), or the sentence that there is none.
 *
 * @example describeOutcome(result, 600, newestLoadableCheckpoint(runDir), "20261121-073015-tiny", displayPath, "dojo")
 */
export function describeOutcome(
  result: TrainResult,
  steps: number,
  newest: CheckpointEntry | null,
  runId: string,
  show: (path: string) => string,
  dojo: string,
): string[] {
  if (result.status === "completed") return [`completed (${plural(result.step, "step")})`];
  const lines = [result.status === "stopped" ? `stopped by an alert after step ${result.step} of ${steps}: ${result.message}` : `interrupted after step ${result.step} of ${steps}`];
  if (newest === null) {
    lines.push("no checkpoint was saved, so there is nothing to resume");
  } else {
    const resume = result.status === "interrupted" ? `; continue with ${dojo} lab pretrain --resume ${runId}` : "";
    lines.push(`newest checkpoint: step ${newest.step}, ${show(newest.sidecarPath)}${resume}`);
  }
  return lines;
}

/**
 * The commands (arguments after `dojo`) that apply to a run after training: its report
 * always, a sample only when the checkpoint `dojo lab sample` reads (the newest listed) is
 * `newest`, the newest that loads, and the list of runs.
 *
 * @example nextCommands(runDir, "20261121-073015-tiny", newestLoadableCheckpoint(runDir)) // ["lab report …", "lab sample …", "lab runs"]
 */
export function nextCommands(runDir: string, runId: string, newest: CheckpointEntry | null): string[] {
  const canSample = newest !== null && newest.step === listCheckpoints(checkpointsFolder(runDir)).at(-1)?.step;
  return [`lab report ${runId}`, ...(canSample ? [`lab sample ${runId}`] : []), "lab runs"];
}
