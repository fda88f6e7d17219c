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
  /** Its value in the last good run and in the incident's run, as text: strings bare, numbers to 12 significant digits (0.003, not 0.0029999999999999996). */
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
  const shown = (value: unknown) => (value === undefined ? "(absent)" : typeof value === "string" ? value : typeof value === "number" ? String(Number(value.toPrecision(12))) : JSON.stringify(value));
  return fields
    .filter((field) => !HIDDEN.has(field.split(".")[0]) && JSON.stringify(before.get(field)) !== JSON.stringify(after.get(field)))
    .map((field) => ({ field, lastGood: shown(before.get(field)), incident: shown(after.get(field)) }));
}

/** Leaf fields as [dotted name, value]; arrays are leaves. */
function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, v]) => flatten(v, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, value]];
}
