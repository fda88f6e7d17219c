/**
 * A run's events as the web app's run page draws them, read from events.jsonl while the run
 * trains: from the first line, then each line as it is completed, until no process trains the
 * run any more. Each event is cut down to what the page shows (curves, alerts, samples).
 */
import type { RunEvent } from "../train/events.js";
import { eventSchema } from "../train/events.js";
import type { DetectorName } from "../train/detectors.js";
import { tailLines } from "../workspace/line-tail.js";
import { eventsPath } from "./run-folder.js";

/**
 * One event as the run page reads it. A start with `resumedFrom` s begins a resumed session:
 * the points after step s that were logged before it are redone by that session and replaced.
 */
export type RunUpdate =
  | { kind: "start"; step: number; steps: number; resumedFrom: number | null }
  | { kind: "train"; step: number; loss: number; lr: number; gradNorm: number }
  | { kind: "layers"; step: number; updateRatios: Record<string, number>; attentionLogits: Record<string, number>; logits: { mean: number; max: number; logZ: number } | null }
  | { kind: "eval"; step: number; trainLoss: number; valLoss: number; domainLoss: Record<string, number>; samples: string[] }
  | { kind: "alert"; step: number; alert: DetectorName; message: string }
  | { kind: "recovery"; step: number; alertStep: number; message: string }
  | { kind: "end"; step: number; status: "completed" | "stopped" | "interrupted"; message: string }
  /** A line of events.jsonl that does not read back: named, and skipped. */
  | { kind: "problem"; message: string };

/** `event` as the run page reads it; null for events it does not show (checkpoints). */
export function runUpdate(event: RunEvent): RunUpdate | null {
  const { step } = event;
  switch (event.kind) {
    case "start":
      return { kind: "start", step, steps: event.steps, resumedFrom: event.resumedFrom ?? null };
    case "train":
      return { kind: "train", step, loss: event.loss, lr: event.lr, gradNorm: event.gradNorm };
    case "layers":
      return {
        kind: "layers",
        step,
        updateRatios: Object.fromEntries(event.layers.map((l) => [l.layer, l.updateRatio])),
        attentionLogits: Object.fromEntries(event.layers.flatMap((l) => (l.maxAttentionLogit === undefined ? [] : [[l.layer, l.maxAttentionLogit]]))),
        logits: event.logits ?? null,
      };
    case "eval":
      return { kind: "eval", step, trainLoss: event.trainLoss, valLoss: event.valLoss, domainLoss: event.domainLoss, samples: event.samples };
    case "alert":
      return { kind: "alert", step, alert: event.alert, message: event.message };
    case "recovery":
      return { kind: "recovery", step, alertStep: event.alertStep, message: event.message };
    case "end":
      return { kind: "end", step, status: event.status, message: event.message };
    case "checkpoint":
      return null;
  }
}

/** One complete line of events.jsonl (the `line`th) as an update, a problem, or nothing. */
function lineUpdate(text: string, line: number): RunUpdate | null {
  if (text.trim() === "") return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "problem", message: `events.jsonl:${line}: not valid JSON; skipped` };
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) return { kind: "problem", message: `events.jsonl:${line}: not an event of src/train/events.ts; skipped` };
  return runUpdate(parsed.data);
}

export interface FollowOptions {
  /** Whether a process still trains the run (its lock is held, or the server's child lives). */
  isRunning: () => boolean;
  /** Resolves when it is time to look for new lines again. */
  wait: () => Promise<unknown>;
  /** True once the reader has gone away. */
  stopped?: () => boolean;
}

/**
 * The updates of the run in `runDir`, in batches: first everything logged so far, then the
 * lines completed since, until the run has no live process and every line it wrote is read
 * (so a finished run yields its history once and ends). A torn last line is never yielded.
 *
 * @example for await (const batch of followRun(dir, { isRunning, wait: () => sleep(200) })) send(batch);
 */
export async function* followRun(runDir: string, options: FollowOptions): AsyncGenerator<RunUpdate[]> {
  const tail = tailLines(eventsPath(runDir));
  let lines = 0;
  while (!options.stopped?.()) {
    // Asked before reading: a process that has exited by now wrote its last line before this read.
    const running = options.isRunning();
    const batch: RunUpdate[] = [];
    for (const text of tail.read()) {
      const update = lineUpdate(text, ++lines);
      if (update) batch.push(update);
    }
    if (batch.length > 0) yield batch;
    if (!running) return;
    await options.wait();
  }
}
