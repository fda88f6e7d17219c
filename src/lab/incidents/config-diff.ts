/**
 * The config diff an on-call engineer reads first: the last good run's config against the
 * incident's, field by field. The `fault` field is left out (it would name the answer), so
 * a fault that acts through hooks only (a learning-rate multiplier, corrupted batches, a
 * different evaluation tokenizer) shows an empty diff, as such bugs do in real runs.
 */
import type { TrainConfig } from "../../train/config.js";

export interface ConfigChange {
  /** The field, sections joined with dots: "optimizer.warmupSteps". */
  field: string;
  /** Its value in the last good run and in the incident's run, as JSON text (strings bare). */
  lastGood: string;
  incident: string;
}

/** Fields never shown: the injected fault. */
const HIDDEN = new Set(["fault"]);

/**
 * The fields whose values differ, in the config's order.
 *
 * @example configDiff(healthy, { ...healthy, optimizer: { ...healthy.optimizer, eps: 1 } }) // [{ field: "optimizer.eps", lastGood: "1e-8", incident: "1" }]
 */
export function configDiff(lastGood: TrainConfig, incident: TrainConfig): ConfigChange[] {
  const before = new Map(flatten(lastGood));
  const after = new Map(flatten(incident));
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  return fields
    .filter((field) => !HIDDEN.has(field.split(".")[0]) && before.get(field) !== after.get(field))
    .map((field) => ({ field, lastGood: before.get(field) ?? "(absent)", incident: after.get(field) ?? "(absent)" }));
}

/** Leaf fields as [dotted name, value text]; null, numbers and booleans as JSON, strings bare. */
function flatten(value: unknown, prefix = ""): [string, string][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, v]) => flatten(v, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, typeof value === "string" ? value : JSON.stringify(value)]];
}
