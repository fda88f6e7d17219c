/**
 * Which tells (evidence.ts) make each incident's signature, and which of them tell it apart
 * from each near miss its runbook page lists, after the page's Symptom signature and Near
 * misses sections. The reveal measures these tells on the incident's own run.
 */
import type { IncidentId } from "./catalogue.js";
import type { Tell } from "./evidence.js";

export interface Signature {
  /** What the incident's run shows, in the order an engineer would read it. */
  shows: readonly Tell[];
  /** For each near miss: the tells that separate the two. */
  versus: Partial<Record<IncidentId, readonly Tell[]>>;
}

export const SIGNATURES: Record<IncidentId, Signature> = {
  "head-init-scale": {
    shows: ["initial-loss", "config-diff", "grad-level", "learned"],
    versus: { "lr-x100": ["initial-loss", "lr-schedule"], "no-warmup": ["initial-loss", "warmup"] },
  },
  healthy: {
    shows: ["config-diff", "lr-schedule", "loss-spike", "grad-level", "val-gap", "learned"],
    versus: {
      "optimizer-reset": ["adam-v", "update-ratio"],
      "adam-beta2-high": ["config-diff", "adam-v"],
      "fp16-underflow": ["config-diff", "precision"],
      "accumulation-unscaled": ["grad-level", "config-diff"],
    },
  },
  "lr-x10": {
    shows: ["lr-schedule", "update-ratio", "grad-level", "loss-spike", "config-diff"],
    versus: { "lr-x100": ["lr-schedule", "loss-spike"], "no-warmup": ["warmup", "config-diff"], "optimizer-reset": ["lr-schedule", "adam-v"] },
  },
  "lr-x100": {
    shows: ["lr-schedule", "update-ratio", "loss-spike", "alerts", "learned"],
    versus: { "lr-x10": ["lr-schedule", "loss-spike"], "fp16-overflow": ["non-finite", "precision"], "no-warmup": ["warmup", "lr-schedule"] },
  },
  "no-warmup": {
    shows: ["warmup", "config-diff", "update-ratio", "learned"],
    versus: { "lr-x10": ["lr-schedule", "warmup"], "lr-x100": ["lr-schedule", "loss-spike"], "no-clipping": ["config-diff", "warmup"] },
  },
  "no-clipping": {
    shows: ["config-diff", "grad-max", "alerts", "learned"],
    versus: { "adam-beta2-high": ["config-diff", "adam-v"], "accumulation-unscaled": ["grad-level", "config-diff"], "lr-x10": ["lr-schedule", "config-diff"] },
  },
  "shard-random": {
    shows: ["loss-spike", "loss-stuck", "grad-level", "config-diff"],
    versus: { "shard-repeat": ["loss-floor", "loss-stuck"], "lr-x10": ["lr-schedule", "loss-spike"], "no-clipping": ["config-diff", "loss-spike"] },
  },
  "shard-repeat": {
    shows: ["loss-floor", "loss-spike", "grad-max", "config-diff"],
    versus: { "label-leak": ["loss-floor", "learned"], "shard-random": ["loss-floor", "loss-stuck"], "repeated-batch": ["loss-spike", "step-vs-windows"] },
  },
  "label-leak": {
    shows: ["loss-floor", "step-vs-windows", "loss-spike", "learned"],
    versus: { "repeated-batch": ["loss-spike", "learned"], "shard-repeat": ["loss-floor", "step-vs-windows"], "eval-tokenizer": ["loss-floor", "step-vs-windows"] },
  },
  "repeated-batch": {
    shows: ["step-vs-windows", "loss-floor", "learned", "config-diff"],
    versus: { "label-leak": ["loss-spike", "learned"], "eval-tokenizer": ["step-vs-windows", "val-gap"], "shard-repeat": ["loss-spike", "loss-floor"] },
  },
  "optimizer-reset": {
    shows: ["adam-v", "update-ratio", "loss-spike", "config-diff"],
    versus: { "lr-x10": ["lr-schedule", "adam-v"], "adam-beta2-high": ["config-diff", "adam-v"], "eval-tokenizer": ["val-gap", "adam-v"] },
  },
  "accumulation-unscaled": {
    shows: ["grad-level", "config-diff", "lr-schedule", "learned"],
    versus: { "no-clipping": ["config-diff", "grad-level"], "lr-x10": ["lr-schedule", "grad-level"] },
  },
  "adam-eps-large": {
    shows: ["config-diff", "loss-stuck", "update-ratio", "learned"],
    versus: { "fp16-underflow": ["precision", "config-diff"], "decay-norms": ["config-diff", "update-ratio"] },
  },
  "adam-beta2-high": {
    shows: ["config-diff", "adam-v", "loss-spike", "learned"],
    versus: { "no-clipping": ["config-diff", "grad-max"], "optimizer-reset": ["adam-v", "config-diff"], "lr-x10": ["lr-schedule", "config-diff"] },
  },
  "fp16-underflow": {
    shows: ["config-diff", "precision", "learned"],
    versus: { "adam-eps-large": ["update-ratio", "config-diff"], "fp16-overflow": ["non-finite", "precision"] },
  },
  "fp16-overflow": {
    shows: ["non-finite", "config-diff", "precision"],
    versus: { "lr-x100": ["non-finite", "lr-schedule"], "fp16-underflow": ["non-finite", "precision"], "no-clipping": ["non-finite", "config-diff"] },
  },
  "decay-norms": {
    shows: ["config-diff", "learned", "update-ratio"],
    versus: { "adam-eps-large": ["update-ratio", "learned"], "fp16-underflow": ["precision", "config-diff"] },
  },
  "eval-tokenizer": {
    shows: ["val-gap", "step-vs-windows", "learned", "config-diff"],
    versus: { "repeated-batch": ["step-vs-windows", "val-gap"], "label-leak": ["loss-floor", "step-vs-windows"] },
  },
};
