/**
 * What the on-call engineer sees of an incident, before answering: the curves (loss,
 * validation loss, learning rate, gradient norm, per-layer update ratios), every alert with
 * its detector and message, the last events of the log, the config diff from the last good
 * run, and the run's size and status. Nothing here names the fault: the config's `fault`
 * field is left out of the diff, and the run's folder (named after the incident) is not shown.
 */
import type { RunEvent } from "../../train/events.js";
import { runUpdate, type RunUpdate } from "../run-stream.js";
import { lastGoodConfig } from "./catalogue.js";
import { configDiff, type ConfigChange } from "./config-diff.js";
import type { IncidentId } from "./catalogue.js";
import type { IncidentRun } from "./generate.js";

type Update<K extends RunUpdate["kind"]> = Extract<RunUpdate, { kind: K }>;

/** How many of the log's last events the view shows. */
export const LAST_EVENTS = 15;

export interface IncidentView {
  /** Steps the run was configured for, and the last step it logged. */
  steps: number;
  stepsDone: number;
  /** How the run ended ("completed" or "stopped" by a non-finite value), and the end event's message. */
  status: "completed" | "stopped" | "interrupted" | "running";
  endMessage: string | null;
  parameters: number;
  /** Unigram entropy of the training tokens (nats): the loss of a model that ignores context. */
  unigramEntropy: number;
  /** ln V: the loss of a uniform guess over the vocabulary. */
  uniformLoss: number;
  curves: { train: Update<"train">[]; evals: Update<"eval">[]; layers: Update<"layers">[] };
  alerts: Array<{ step: number; detector: string; message: string }>;
  lastEvents: Array<{ step: number; kind: RunEvent["kind"]; text: string }>;
  configDiff: ConfigChange[];
}

/**
 * The view of incident `id`'s cached run.
 *
 * @example incidentView("eval-tokenizer", readIncidentRun(home, "eval-tokenizer")).configDiff // []
 */
export function incidentView(id: IncidentId, run: IncidentRun): IncidentView {
  const updates = run.events.map(runUpdate);
  const start = run.events.find((e) => e.kind === "start");
  const end = run.events.findLast((e) => e.kind === "end");
  const train = updates.filter((u): u is Update<"train"> => u?.kind === "train");
  const backend = run.config.backend === "wasm" ? "wasm" : "ts";
  return {
    steps: run.config.steps,
    stepsDone: train.at(-1)?.step ?? 0,
    status: end?.status ?? "running",
    endMessage: end?.message ?? null,
    parameters: start?.parameters ?? 0,
    unigramEntropy: start?.unigramEntropy ?? 0,
    uniformLoss: Math.log(run.meta.vocabSize),
    curves: {
      train,
      evals: updates.filter((u): u is Update<"eval"> => u?.kind === "eval"),
      layers: updates.filter((u): u is Update<"layers"> => u?.kind === "layers"),
    },
    alerts: run.events.flatMap((e) => (e.kind === "alert" ? [{ step: e.step, detector: e.alert, message: e.message }] : [])),
    lastEvents: run.events.slice(-LAST_EVENTS).map((e) => ({ step: e.step, kind: e.kind, text: describeEvent(e) })),
    configDiff: configDiff(lastGoodConfig(id, backend), run.config),
  };
}

/**
 * One event of the log as a line an engineer scans.
 *
 * @example describeEvent({ t: 0, step: 50, kind: "eval", valLoss: 2.4, trainLoss: 2.3, ... }) // "eval: validation loss 2.400, loss on fixed training windows 2.300"
 */
export function describeEvent(event: RunEvent): string {
  switch (event.kind) {
    case "start":
      return `start: ${event.steps} steps, ${event.parameters.toLocaleString("en-US")} parameters, ${event.trainTokens.toLocaleString("en-US")} training tokens${event.resumedFrom === undefined ? "" : `, resumed from step ${event.resumedFrom}`}`;
    case "train": {
      const scale = event.lossScale === undefined ? "" : `, loss scale ${event.lossScale}${event.skipped ? " (step skipped)" : ""}`;
      const underflow = event.underflowFraction === undefined ? "" : `, ${(event.underflowFraction * 100).toFixed(2)}% of gradient entries flushed to zero`;
      return `train: loss ${event.loss.toFixed(3)}, lr ${sci(event.lr)}, gradient norm ${event.gradNorm.toFixed(3)}${scale}${underflow}`;
    }
    case "layers": {
      const top = event.layers.reduce((a, b) => (b.updateRatio > a.updateRatio ? b : a));
      const logZ = event.logits ? `, output log Z ${event.logits.logZ.toFixed(2)}` : "";
      return `layers: largest update ratio ${sci(top.updateRatio)} (${top.layer})${logZ}`;
    }
    case "eval":
      return `eval: validation loss ${event.valLoss.toFixed(3)}, loss on fixed training windows ${event.trainLoss.toFixed(3)}`;
    case "alert":
      return `ALERT ${event.alert}: ${event.message}`;
    case "recovery":
      return `recovery: ${event.message}`;
    case "checkpoint":
      return `checkpoint: ${event.path}${event.valLoss === null ? "" : ` (validation loss ${event.valLoss.toFixed(3)})`}`;
    case "end":
      return `end: ${event.status}: ${event.message}`;
  }
}

/** A small positive number as engineers write it: "3.00e-4". */
export const sci = (x: number): string => (x === 0 ? "0" : x.toExponential(2));
