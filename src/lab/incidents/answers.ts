/**
 * The fixed lists an on-call answer picks from: the diagnosis (a fault, or "healthy"), the
 * first thing to check, and the first action. Each incident's right check and right
 * actions come from its runbook page (What to check first, Fix): the check the page puts
 * first, and the actions its Fix section starts with. Two entries are wrong for every
 * incident on purpose, as the instincts the runbook warns against: lowering the learning
 * rate and continuing, and restarting from scratch with a new seed.
 */
import { InputError } from "../../errors.js";
import { FAULTS } from "../faults.js";
import { HEALTHY, INCIDENT_IDS, type IncidentId } from "./catalogue.js";
import type { IncidentAnswer } from "./scoring.js";

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export const CHECKS = [
  { value: "batch-contents", label: "Decode the batches consumed at the incident and look at their token statistics (entropy, distinct tokens)" },
  { value: "loader", label: "The loader itself: one decoded (input, target) pair, and a hash of each batch over a window" },
  { value: "applied-lr", label: "The learning rate as applied, from the log, and the per-layer update ratios around the step" },
  { value: "grad-norm", label: "The pre-clip gradient norm, whether clipping is applied, and its ratio to the last good run's" },
  { value: "optimizer-config", label: "The optimizer config as resolved (ε, β2, which parameters are decayed) against Adam's √v̂ per layer" },
  { value: "optimizer-state", label: "What the resume restored: Adam's moments, the optimizer and scheduler steps, the data cursor" },
  { value: "precision", label: "Numerics: the loss scale, skipped steps, the underflow fraction, the first non-finite tensor" },
  { value: "eval-path", label: "The evaluation path: the tokenizer's fingerprint, and the loss on fixed training windows beside validation" },
  { value: "noise-band", label: "The curves against the last good run's noise band and an empty config diff" },
  { value: "initialisation", label: "The loss at step 0 against ln V, and each weight tensor's standard deviation after initialisation" },
] as const satisfies readonly Choice<string>[];
export type CheckId = (typeof CHECKS)[number]["value"];

export const ACTIONS = [
  { value: "rollback-lr", label: "Roll back to a checkpoint from before the jump and restore the intended learning-rate schedule" },
  { value: "restore-warmup", label: "Restore a linear warmup and check the peak learning rate with a short sweep" },
  { value: "restore-clipping", label: "Turn gradient clipping back on at 1.0 and log the clipped fraction" },
  { value: "rewind-skip", label: "Rewind to before the bad window, skip its batches, and repair or drop the shard" },
  { value: "fix-loader", label: "Fix the data loader (target shift, batch cursor), add its tests, and roll back to before the fault" },
  { value: "fix-optimizer-config", label: "Fix the optimizer config (ε, β2, decay groups) and restart from the last good checkpoint" },
  { value: "fix-accumulation", label: "Average accumulated gradients over the micro-batches, and re-check thresholds tuned on the bad gradient" },
  { value: "restore-optimizer-state", label: "Resume from a checkpoint whose optimizer state verifies, or re-warm Adam's moments" },
  { value: "fix-precision", label: "Switch to dynamic loss scaling (GradScaler's rule) or to bf16" },
  { value: "fix-eval", label: "Fix the evaluation path: one fingerprinted tokenizer for every consumer, then re-evaluate" },
  { value: "fix-init", label: "Fix the initialisation (the output head at N(0, 0.02²), or tied to the embedding) and restart" },
  { value: "continue", label: "Nothing to fix: keep training and keep watching the same signals" },
  { value: "lower-lr", label: "Lower the learning rate and continue from the latest checkpoint" },
  { value: "restart-seed", label: "Restart from scratch with a new seed" },
] as const satisfies readonly Choice<string>[];
export type ActionId = (typeof ACTIONS)[number]["value"];

/** The right first check and first actions of each incident. */
export const RIGHT_ANSWERS: Record<IncidentId, { check: CheckId; actions: readonly ActionId[] }> = {
  healthy: { check: "noise-band", actions: ["continue"] },
  "lr-x10": { check: "applied-lr", actions: ["rollback-lr"] },
  "lr-x100": { check: "applied-lr", actions: ["rollback-lr"] },
  "no-warmup": { check: "applied-lr", actions: ["restore-warmup"] },
  "no-clipping": { check: "grad-norm", actions: ["restore-clipping"] },
  "shard-random": { check: "batch-contents", actions: ["rewind-skip"] },
  "shard-repeat": { check: "batch-contents", actions: ["rewind-skip"] },
  "label-leak": { check: "loader", actions: ["fix-loader"] },
  "repeated-batch": { check: "loader", actions: ["fix-loader"] },
  "optimizer-reset": { check: "optimizer-state", actions: ["restore-optimizer-state"] },
  "accumulation-unscaled": { check: "grad-norm", actions: ["fix-accumulation"] },
  "adam-eps-large": { check: "optimizer-config", actions: ["fix-optimizer-config"] },
  "adam-beta2-high": { check: "optimizer-config", actions: ["fix-optimizer-config"] },
  "fp16-underflow": { check: "precision", actions: ["fix-precision"] },
  "fp16-overflow": { check: "precision", actions: ["fix-precision"] },
  "decay-norms": { check: "optimizer-config", actions: ["fix-optimizer-config"] },
  "eval-tokenizer": { check: "eval-path", actions: ["fix-eval"] },
  "head-init-scale": { check: "initialisation", actions: ["fix-init"] },
};

/** The diagnoses: "healthy" first, then every fault with its title. */
export const DIAGNOSES: readonly Choice<IncidentId>[] = INCIDENT_IDS.map((id) => ({
  value: id,
  label: id === HEALTHY ? "healthy: nothing is wrong, ordinary noise" : `${id}: ${FAULTS[id].title}`,
}));

/** The label of a check, an action or a diagnosis. */
export function labelOf(list: readonly Choice<string>[], value: string): string {
  return list.find((c) => c.value === value)?.label ?? value;
}

/**
 * An answer from outside (a request body) checked against the lists: an unknown value is an
 * InputError naming the field and the values it takes.
 *
 * @example parseIncidentAnswer({ diagnosis: "lr-x10", check: "applied-lr", action: "rollback-lr", rationale: "..." }) // the same, typed
 */
export function parseIncidentAnswer(raw: { diagnosis: string; check: string; action: string; rationale: string }): IncidentAnswer {
  const pick = <T extends string>(field: string, list: readonly Choice<T>[], value: string): T => {
    const found = list.find((c) => c.value === value);
    if (!found) throw new InputError(`${field}: "${value}" is not one of the answers`, `${field} takes ${list.map((c) => c.value).join(", ")}`);
    return found.value;
  };
  return {
    diagnosis: pick("diagnosis", DIAGNOSES, raw.diagnosis),
    check: pick("check", CHECKS, raw.check),
    action: pick("action", ACTIONS, raw.action),
    rationale: raw.rationale.trim(),
  };
}
