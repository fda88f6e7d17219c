/**
 * Incidents as terminal text (the CLI and the mock interview's text session): the view as
 * sparklines and a table of the curves, the alerts, the last events and the config diff;
 * the reveal; the history of answers.
 */
import { renderTable } from "../../report/table.js";
import { plural } from "../../report/plural.js";
import type { IncidentAttempt } from "./history.js";
import type { IncidentQueue } from "./practice.js";
import type { IncidentReveal } from "./reveal.js";
import { sci, type IncidentView } from "./view.js";

const BARS = "▁▂▃▄▅▆▇█";
/** Characters of a sparkline. */
const WIDTH = 60;

/**
 * A series as a line of bars, each the largest value of its share of the points (so a
 * one-step spike shows), scaled from the series' min to its max.
 *
 * @example sparkline([1, 2, 3, 4], 4) // "▁▃▆█"
 */
export function sparkline(values: readonly number[], width = WIDTH): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "";
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const n = Math.min(width, values.length);
  let line = "";
  for (let i = 0; i < n; i++) {
    const bucket = values.slice(Math.floor((i * values.length) / n), Math.floor(((i + 1) * values.length) / n)).filter(Number.isFinite);
    const top = bucket.length ? Math.max(...bucket) : lo;
    line += BARS[hi === lo ? 0 : Math.min(BARS.length - 1, Math.floor(((top - lo) / (hi - lo)) * BARS.length))];
  }
  return line;
}

/** The view as the terminal shows it before the answer. */
export function formatIncidentView(view: IncidentView): string {
  const { train, evals } = view.curves;
  const out: string[] = [];
  const ended = view.status === "completed" || view.endMessage === null ? "" : `: ${view.endMessage}`;
  out.push(`A tiny GPT (${view.parameters.toLocaleString("en-US")} parameters), ${view.steps} steps; the run ${view.status} at step ${view.stepsDone}${ended}.`);
  out.push(`ln V (a uniform guess) = ${view.uniformLoss.toFixed(3)} nats; unigram entropy of the data = ${view.unigramEntropy.toFixed(3)} nats.`);
  if (train.length > 0) {
    // The numbers above the bars, so that each line fits an 80-column terminal.
    const spark = (label: string, values: number[], fmt: (x: number) => string) =>
      `  ${label}: ${fmt(values[0])} → ${fmt(values.at(-1)!)} (min ${fmt(Math.min(...values))}, max ${fmt(Math.max(...values))})\n    ${sparkline(values)}`;
    out.push("", `Curves, steps ${train[0].step}–${train.at(-1)!.step} (each bar: the largest value of ${Math.max(1, Math.round(train.length / WIDTH))} steps):`);
    out.push(spark("loss", train.map((p) => p.loss), (x) => x.toFixed(2)));
    out.push(spark("gradient norm", train.map((p) => p.gradNorm), (x) => x.toFixed(2)));
    out.push(spark("learning rate", train.map((p) => p.lr), sci));
    const byStep = new Map(evals.map((e) => [e.step, e]));
    const rows = train
      .filter((p) => p.step % 25 === 0 || p === train.at(-1))
      .map((p) => {
        const e = byStep.get(p.step);
        return [String(p.step), p.loss.toFixed(3), e ? e.valLoss.toFixed(3) : "", e ? e.trainLoss.toFixed(3) : "", p.gradNorm.toFixed(3), sci(p.lr)];
      });
    out.push("", renderTable(["step", "loss", "val loss", "train windows", "grad norm", "lr"], rows, [1, 2, 3, 4, 5]).trimEnd());
  }
  out.push("", view.alerts.length === 0 ? "Alerts: none." : `Alerts (${view.alerts.length}):`);
  for (const a of view.alerts) out.push(`  step ${a.step}  ${a.detector}: ${a.message}`);
  out.push("", view.configDiff.length === 0 ? "Config diff from the last good run: none." : "Config diff from the last good run:");
  for (const d of view.configDiff) out.push(`  ${d.field}: ${d.lastGood} → ${d.incident}`);
  out.push("", `Last ${view.lastEvents.length} events:`);
  for (const e of view.lastEvents) out.push(`  step ${String(e.step).padStart(4)}  ${e.text}`);
  return out.join("\n") + "\n";
}

const mark = (score: number) => (score === 1 ? "✓" : score > 0 ? "½" : "✗");

/** The reveal as the terminal shows it after the answer. */
export function formatIncidentReveal(reveal: IncidentReveal): string {
  const { answer, right, score } = reveal;
  const out: string[] = [];
  out.push(`It was: ${reveal.truth} · ${reveal.title}${reveal.faultStep === null ? "" : ` (from step ${reveal.faultStep})`}`);
  out.push("", `Score ${Math.round(score.score * 100)}%:`);
  out.push(`  ${mark(answer.diagnosis.score)} diagnosis   ${answer.diagnosis.label}${answer.diagnosis.score === 0.5 ? " (a near miss: half credit)" : ""}`);
  out.push(`  ${answer.check.right ? "✓" : "✗"} first check ${answer.check.label}${answer.check.right ? "" : `\n                the runbook's: ${right.check.label}`}`);
  out.push(`  ${mark(answer.action.score)} action      ${answer.action.label}${answer.action.score === 1 ? "" : `\n                the runbook's: ${right.actions.map((a) => a.label).join("; or ")}`}`);
  out.push("", "What this run shows:", ...reveal.evidence.map((e) => `  - ${e}`));
  for (const near of reveal.nearMisses) {
    out.push("", `Not ${near.id} (${near.title})${near.chosen ? ", your diagnosis" : ""}:`, ...near.evidence.map((e) => `  - ${e}`), `  Runbook: ${near.note}`);
  }
  if (reveal.otherDiagnosis) {
    out.push("", `Your diagnosis, ${reveal.otherDiagnosis.id} (${reveal.otherDiagnosis.title}): its signature, as this run measures it:`, ...reveal.otherDiagnosis.evidence.map((e) => `  - ${e}`));
  }
  out.push("", `The runbook page: ${reveal.runbook.file} (mechanism, symptoms, what to check first, the fix, a model interview answer).`);
  return out.join("\n") + "\n";
}

/** The history of answers, newest first, and the queue. */
export function formatIncidentHistory(attempts: readonly IncidentAttempt[], queue: IncidentQueue, describeDue: (at: Date) => string): string {
  const rows = attempts.map((a) => [
    a.startedAt.toISOString().slice(0, 16).replace("T", " "),
    a.incident,
    `${mark(a.diagnosisScore)} ${a.diagnosis}`,
    `${a.checkRight ? "✓" : "✗"} ${a.check}`,
    `${mark(a.actionScore)} ${a.action}`,
    `${Math.round(a.score * 100)}%`,
    `${a.rated ? "rated" : "practice"}${a.mockId ? " (mock)" : ""}`,
  ]);
  const table = rows.length === 0 ? "No incident answered yet.\n" : renderTable(["started (UTC)", "incident", "diagnosis", "first check", "action", "score", "counted"], rows, [5]);
  const next = queue.nextDue ? `; the next comes due ${describeDue(queue.nextDue)}` : "";
  return `${table}${plural(attempts.length, "answer")}. Incidents: ${queue.total}, ${queue.due} due, ${queue.fresh} never answered${next}.\n`;
}
