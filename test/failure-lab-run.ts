// Runs of the failure lab's standard config for the tests: in memory, one kernel thread (test
// files run two at a time), optionally stopped after a step.
import { prepareCorpus } from "../src/lab/corpus.js";
import { faultHooks } from "../src/lab/faults.js";
import type { TrainConfig } from "../src/train/config.js";
import type { AlertEvent, RunEvent } from "../src/train/events.js";
import { train, type TrainResult } from "../src/train/trainer.js";

export interface LabRun {
  result: TrainResult;
  events: RunEvent[];
  alerts: AlertEvent[];
}

/** Trains `config` (with its fault's hooks and data) and collects every event; stops after step `until` when given. */
export async function runLab(config: TrainConfig, until?: number): Promise<LabRun> {
  const single = { ...config, threads: 1 };
  const corpus = prepareCorpus(single);
  const events: RunEvent[] = [];
  let last = 0;
  const result = await train({
    config: single,
    corpus,
    intervention: faultHooks(single, corpus.tokenizer.vocabSize),
    sink: { event: (e) => void events.push(e), checkpoint: () => ({ path: "memory", best: false }) },
    onProgress: (p) => void (last = p.step),
    shouldStop: () => until !== undefined && last >= until,
  });
  return { result, events, alerts: events.filter((e): e is AlertEvent => e.kind === "alert") };
}
