/**
 * Incident drills: the queue, the history of answers and the answer lists
 * (GET /api/incidents), starting a drill (POST /api/incidents/sessions), a drill as the page
 * shows it (GET /api/incidents/sessions/:session: its run being generated, the run to
 * diagnose, or the reveal) and answering it (POST /api/incidents/sessions/:session/answer).
 * Before the answer nothing in a response names the incident.
 */
import { z } from "zod";
import { EvalUpdate, LayersUpdate, TrainUpdate } from "./lab.js";
import { IsoDate } from "./common.js";

/** A drill's id (a UUID: never a path, never the incident's name). */
export const IncidentSession = z.string().uuid();

/** An incident's id: "healthy" or a fault's name; the server checks it against its list. */
const IncidentId = z.string().max(40).regex(/^[a-z0-9-]+$/, "incident: lower-case letters, digits and '-'");

const Choice = z.object({ value: z.string(), label: z.string() });
export const IncidentChoices = z.object({ diagnoses: z.array(Choice), checks: z.array(Choice), actions: z.array(Choice) });
export type IncidentChoices = z.infer<typeof IncidentChoices>;

export const IncidentAttemptRow = z.object({
  uid: z.string(),
  incident: IncidentId,
  startedAt: IsoDate,
  durationMs: z.number(),
  diagnosis: IncidentId,
  check: z.string(),
  action: z.string(),
  diagnosisScore: z.number(),
  actionScore: z.number(),
  checkRight: z.boolean(),
  score: z.number(),
  rated: z.boolean(),
  mockId: z.string().nullable(),
});
export type IncidentAttemptRow = z.infer<typeof IncidentAttemptRow>;

/** GET /api/incidents */
export const IncidentsResponse = z.object({
  /** The queue by counts only: a list of due incidents would name the next answer. */
  queue: z.object({ total: z.number().int(), due: z.number().int(), fresh: z.number().int(), nextDue: IsoDate.nullable() }),
  /** Every answer, newest first. */
  attempts: z.array(IncidentAttemptRow),
  choices: IncidentChoices,
});
export type IncidentsResponse = z.infer<typeof IncidentsResponse>;

/** POST /api/incidents/sessions: the next incident (due, else new, else any), or the one `fault` names (practice). */
export const StartIncidentRequest = z.strictObject({ fault: IncidentId.optional() });
export const StartIncidentResponse = z.object({ session: IncidentSession });

/** POST /api/incidents/sessions/:session/answer */
export const IncidentAnswerRequest = z.strictObject({
  diagnosis: IncidentId,
  check: z.string().max(40),
  action: z.string().max(40),
  /** Two sentences: why this diagnosis, why this action. */
  rationale: z.string().max(4000),
});
export type IncidentAnswerRequest = z.infer<typeof IncidentAnswerRequest>;


/** What the engineer on call sees: no field names the fault. */
export const IncidentView = z.object({
  steps: z.number().int(),
  stepsDone: z.number().int(),
  status: z.enum(["completed", "stopped", "interrupted", "running"]),
  endMessage: z.string().nullable(),
  parameters: z.number().int(),
  unigramEntropy: z.number(),
  uniformLoss: z.number(),
  curves: z.object({
    train: z.array(TrainUpdate),
    evals: z.array(EvalUpdate),
    layers: z.array(LayersUpdate),
  }),
  alerts: z.array(z.object({ step: z.number().int(), detector: z.string(), message: z.string() })),
  lastEvents: z.array(z.object({ step: z.number().int(), kind: z.string(), text: z.string() })),
  configDiff: z.array(z.object({ field: z.string(), lastGood: z.string(), incident: z.string() })),
});
export type IncidentView = z.infer<typeof IncidentView>;

const Labelled = z.object({ value: z.string(), label: z.string() });

export const IncidentReveal = z.object({
  truth: IncidentId,
  title: z.string(),
  faultStep: z.number().int().nullable(),
  runbook: z.object({ file: z.string(), question: z.string(), markdown: z.string() }),
  answer: z.object({
    diagnosis: Labelled.extend({ score: z.number() }),
    check: Labelled.extend({ right: z.boolean() }),
    action: Labelled.extend({ score: z.number() }),
    rationale: z.string(),
  }),
  right: z.object({ check: Labelled, actions: z.array(Labelled) }),
  score: z.object({ diagnosis: z.number(), action: z.number(), checkRight: z.boolean(), score: z.number(), rating: z.number().int() }),
  evidence: z.array(z.string()),
  nearMisses: z.array(z.object({ id: IncidentId, title: z.string(), chosen: z.boolean(), note: z.string(), evidence: z.array(z.string()) })),
  otherDiagnosis: z.object({ id: IncidentId, title: z.string(), evidence: z.array(z.string()) }).nullable(),
});
export type IncidentReveal = z.infer<typeof IncidentReveal>;

const head = { session: IncidentSession, mockId: z.string().nullable(), choices: IncidentChoices };

/** GET /api/incidents/sessions/:session and the answer's response. */
export const IncidentSessionResponse = z.discriminatedUnion("state", [
  /** The run is being generated (about 10 s): `step` of `steps` (0 of 0 until it logs its start). */
  z.object({ ...head, state: z.literal("generating"), step: z.number().int(), steps: z.number().int() }),
  z.object({ ...head, state: z.literal("failed"), message: z.string() }),
  z.object({ ...head, state: z.literal("ready"), view: IncidentView }),
  z.object({
    ...head,
    state: z.literal("answered"),
    view: IncidentView,
    reveal: IncidentReveal,
    /** The rating the answer gave, and when the incident is due again (null: not due, practice). */
    schedule: z.object({ rating: z.string(), due: IsoDate.nullable() }),
  }),
]);
export type IncidentSessionResponse = z.infer<typeof IncidentSessionResponse>;
