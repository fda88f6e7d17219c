/**
 * What the user sees after answering: the true incident with its runbook page, the answer
 * scored against the right check and actions, the evidence in this run that shows the
 * fault, and for each near miss the evidence that tells the two apart (measured on this
 * run) beside the runbook's own note. A wrong diagnosis that is no near miss gets its own
 * line: what that fault would have shown, measured here.
 */
import { FAULTS } from "../faults.js";
import { ACTIONS, CHECKS, DIAGNOSES, labelOf, RIGHT_ANSWERS } from "./answers.js";
import { faultOf, lastGoodConfig, type IncidentId } from "./catalogue.js";
import { configDiff } from "./config-diff.js";
import { measureTells, type Tell } from "./evidence.js";
import type { IncidentRun } from "./generate.js";
import { runbookPage } from "../runbook.js";
import type { IncidentAnswer, IncidentScore } from "./scoring.js";
import { SIGNATURES } from "./signatures.js";

export interface IncidentReveal {
  truth: IncidentId;
  /** The runbook page's title ("Learning rate ten times too high"). */
  title: string;
  /** The first step (as the curves count steps) the fault acted at; null when it acted from the start, or for the healthy run. */
  faultStep: number | null;
  runbook: { file: string; question: string; markdown: string };
  answer: {
    diagnosis: { value: IncidentId; label: string; score: number };
    check: { value: string; label: string; right: boolean };
    action: { value: string; label: string; score: number };
    rationale: string;
  };
  right: { check: { value: string; label: string }; actions: Array<{ value: string; label: string }> };
  score: IncidentScore;
  /** What this run shows, one measured sentence each. */
  evidence: string[];
  nearMisses: Array<{ id: IncidentId; title: string; chosen: boolean; note: string; evidence: string[] }>;
  /** Set when the diagnosis is wrong and no near miss: that fault's signature, measured on this run. */
  otherDiagnosis: { id: IncidentId; title: string; evidence: string[] } | null;
}

/**
 * The reveal of incident `id` after `answer`, scored as `score`.
 *
 * @example revealIncident("eval-tokenizer", run, answer, score).nearMisses.map((n) => n.id) // ["repeated-batch", "label-leak"]
 */
export function revealIncident(id: IncidentId, run: IncidentRun, answer: IncidentAnswer, score: IncidentScore): IncidentReveal {
  const page = runbookPage(id);
  const backend = run.config.backend === "wasm" ? "wasm" : "ts";
  const tells = measureTells({
    config: run.config,
    events: run.events,
    diff: configDiff(lastGoodConfig(id, backend), run.config),
    vocabSize: run.meta.vocabSize,
    layerSizes: run.meta.layerSizes,
  });
  const measured = (list: readonly Tell[]) => list.map((tell) => tells[tell]);
  const signature = SIGNATURES[id];
  const fault = faultOf(id);
  const right = RIGHT_ANSWERS[id];
  const wrongElsewhere = answer.diagnosis !== id && !page.nearMisses.includes(answer.diagnosis);
  return {
    truth: id,
    title: page.title,
    faultStep: fault !== null && FAULTS[fault].timed && run.config.fault ? run.config.fault.at + 1 : null,
    runbook: { file: page.file, question: page.question, markdown: page.markdown },
    answer: {
      diagnosis: { value: answer.diagnosis, label: labelOf(DIAGNOSES, answer.diagnosis), score: score.diagnosis },
      check: { value: answer.check, label: labelOf(CHECKS, answer.check), right: score.checkRight },
      action: { value: answer.action, label: labelOf(ACTIONS, answer.action), score: score.action },
      rationale: answer.rationale,
    },
    right: { check: { value: right.check, label: labelOf(CHECKS, right.check) }, actions: right.actions.map((a) => ({ value: a, label: labelOf(ACTIONS, a) })) },
    score,
    evidence: measured(signature.shows),
    nearMisses: page.nearMisses.map((near) => ({
      id: near,
      title: runbookPage(near).title,
      chosen: near === answer.diagnosis,
      note: page.nearMissNotes[near] ?? "",
      evidence: measured(signature.versus[near] ?? []),
    })),
    otherDiagnosis: wrongElsewhere ? { id: answer.diagnosis, title: runbookPage(answer.diagnosis).title, evidence: measured(SIGNATURES[answer.diagnosis].shows) } : null,
  };
}
