/**
 * The incident catalogue: one incident per fault the failure lab injects
 * (src/lab/faults.ts), plus "healthy", a clean run whose only oddities are ordinary noise,
 * so that "nothing is wrong" is an answer that can be right. An incident's id is its fault's
 * name (or "healthy"); the user sees it only after answering.
 *
 * Each incident is one deterministic run, the incident recipe: the tiny preset for 300
 * steps on one thread, evaluated every 50 steps, without arithmetic prompts or samples, with
 * a seed fixed by the id, and a timed fault starting at a step drawn from that seed in
 * [120, 200]. "The last good run" is the same recipe without the fault.
 */
import { InputError } from "../../errors.js";
import { createRng } from "../../stats/prng.js";
import { textHash } from "../../data/split.js";
import { resolveConfig, type TrainConfig } from "../../train/config.js";
import { FAULT_NAMES, type FaultName } from "../../train/fault-names.js";
import { withFault } from "../faults.js";

/** The incident without a fault. */
export const HEALTHY = "healthy";

export const INCIDENT_IDS = [HEALTHY, ...FAULT_NAMES] as const;
export type IncidentId = (typeof INCIDENT_IDS)[number];

/** Steps of an incident's run. */
export const INCIDENT_STEPS = 300;
/** A timed fault starts at a 0-based step in [FIRST_FAULT_STEP, LAST_FAULT_STEP]. */
export const FIRST_FAULT_STEP = 120;
export const LAST_FAULT_STEP = 200;

/** Whether `text` names an incident. */
export const isIncidentId = (text: string): text is IncidentId => (INCIDENT_IDS as readonly string[]).includes(text);

/**
 * `text` as an incident id, or an InputError listing them (`flag` names where it came from).
 *
 * @example parseIncidentId("lr-x10", "--fault") // "lr-x10"
 */
export function parseIncidentId(text: string, flag = "incident"): IncidentId {
  if (isIncidentId(text)) return text;
  throw new InputError(`${flag}: no incident "${text}"`, `incidents: ${INCIDENT_IDS.join(", ")}`);
}

/** The fault an incident injects; null for the healthy one. */
export const faultOf = (id: IncidentId): FaultName | null => (id === HEALTHY ? null : id);

/**
 * The seed of an incident's run, fixed by its id (a hash, so each incident has its own
 * noise and the healthy run's seed differs from every faulty one's).
 *
 * @example incidentSeed("healthy") === incidentSeed("healthy") // true, on every machine
 */
export function incidentSeed(id: IncidentId): number {
  return 1000 + (textHash(`incident/${id}`, 0) % 1_000_000);
}

/**
 * The 0-based step a timed fault starts at, drawn from the incident's seed in
 * [FIRST_FAULT_STEP, LAST_FAULT_STEP] (defined for every incident; only timed faults use it).
 */
export function incidentFaultStep(id: IncidentId): number {
  return FIRST_FAULT_STEP + createRng(incidentSeed(id)).nextInt(LAST_FAULT_STEP - FIRST_FAULT_STEP + 1);
}

/**
 * The last good run's config: the incident recipe without a fault, on `backend` (the
 * concrete one, "ts" or "wasm", recorded so that a replay rounds as the run did).
 *
 * @example lastGoodConfig("lr-x10", "ts").steps // 300
 */
export function lastGoodConfig(id: IncidentId, backend: "ts" | "wasm"): TrainConfig {
  const config = resolveConfig("tiny", [
    {
      overrides: {
        steps: INCIDENT_STEPS,
        seed: incidentSeed(id),
        threads: 1,
        backend,
        eval: { every: 50, arithmeticPrompts: 0, samples: 0 },
        checkpoint: { every: INCIDENT_STEPS, keepLast: 1 },
      },
      source: "the incident recipe",
    },
  ]);
  return config;
}

/**
 * The config of incident `id`'s run: the last good run's, with the fault injected at
 * incidentFaultStep (healthy: unchanged).
 *
 * @example incidentConfig("lr-x10", "ts").fault // { name: "lr-x10", at: <120..200>, window: 50 }
 */
export function incidentConfig(id: IncidentId, backend: "ts" | "wasm"): TrainConfig {
  const healthy = lastGoodConfig(id, backend);
  const fault = faultOf(id);
  return fault === null ? healthy : withFault(healthy, fault, incidentFaultStep(id));
}
