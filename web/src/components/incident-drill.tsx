/**
 * One incident drill, for the incident page and the mock interview's experiment-judgment
 * segment: while its run is generated, the progress; then the run view (the lab's charts,
 * the alerts, the config diff from the last good run, the last events) with the answer
 * form; after the answer, the reveal (the true fault, the scores, the evidence against each
 * near miss, the runbook page).
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { IncidentSessionResponse, type IncidentChoices, type IncidentReveal, type IncidentView } from "../../../src/api/incidents.js";
import { getJson, postJson } from "../api.js";
import { when } from "../format.js";
import { Markdown } from "./markdown.js";
import { RunCharts } from "./run-charts.js";
import { ErrorLine } from "./status.js";
import { useAction } from "./use-action.js";

/** How often a drill whose run is being generated is asked again. */
const POLL_MS = 1000;

/** The run as the engineer on call sees it. */
export function IncidentRunView({ view }: { view: IncidentView }) {
  const curves = useMemo(() => ({ ...view.curves, alerts: view.alerts.map((a) => ({ step: a.step, alert: a.detector, message: a.message })) }), [view]);
  return (
    <div class="incident-run">
      <section class="panel lab-run-head" aria-label="Status">
        <p>
          Status: <strong class={`run-status ${view.status}`}>{view.status}</strong> · step {view.stepsDone} of {view.steps} · {view.parameters.toLocaleString()} parameters ·
          ln V (a uniform guess) {view.uniformLoss.toFixed(3)} · unigram entropy of the data {view.unigramEntropy.toFixed(3)}
        </p>
        {view.endMessage ? <p>{view.endMessage}</p> : null}
      </section>
      <RunCharts curves={curves} />
      <div class="lab-details">
        <section class="panel" aria-label="Alerts">
          <h2>Alerts</h2>
          {view.alerts.length === 0 ? (
            <p class="muted">No detector fired.</p>
          ) : (
            <ul class="incident-alerts">
              {view.alerts.map((a) => (
                <li>
                  <strong>{a.detector}</strong> at step {a.step}: {a.message}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="panel" aria-label="Config diff">
          <h2>Config diff from the last good run</h2>
          {view.configDiff.length === 0 ? (
            <p class="muted">None: the config is the last good run's.</p>
          ) : (
            <table class="lab-config">
              <thead>
                <tr>
                  <th scope="col">field</th>
                  <th scope="col">last good run</th>
                  <th scope="col">this run</th>
                </tr>
              </thead>
              <tbody>
                {view.configDiff.map((d) => (
                  <tr>
                    <th scope="row">{d.field}</th>
                    <td>{d.lastGood}</td>
                    <td>{d.incident}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <section class="panel incident-events" aria-label="Last events">
        <h2>Last {view.lastEvents.length} events</h2>
        <pre>{view.lastEvents.map((e) => `step ${String(e.step).padStart(4)}  ${e.text}`).join("\n")}</pre>
      </section>
    </div>
  );
}

interface Answer {
  diagnosis: string;
  check: string;
  action: string;
  rationale: string;
}

/** The answer form: a diagnosis, the first check and the first action from the lists, and a rationale. */
function AnswerForm({ choices, onAnswer, busy }: { choices: IncidentChoices; onAnswer: (answer: Answer) => void; busy: boolean }) {
  const [answer, setAnswer] = useState<Answer>({ diagnosis: choices.diagnoses[0].value, check: "", action: "", rationale: "" });
  const set = (field: keyof Answer) => (e: Event) => setAnswer((a) => ({ ...a, [field]: (e.currentTarget as HTMLInputElement).value }));
  const select = (field: "diagnosis" | "check" | "action", label: string, list: IncidentChoices["diagnoses"], placeholder?: string) => (
    <label>
      {label}
      <select name={field} value={answer[field]} onChange={set(field)} required>
        {placeholder ? <option value="">{placeholder}</option> : null}
        {list.map((c) => (
          <option value={c.value}>{c.label}</option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      class="panel incident-form"
      aria-label="Your answer"
      onSubmit={(e) => {
        e.preventDefault();
        onAnswer(answer);
      }}
    >
      <h2>Your answer</h2>
      {select("diagnosis", "What is wrong?", choices.diagnoses)}
      {select("check", "The first thing you check", choices.checks, "Choose a check…")}
      {select("action", "Your first action", choices.actions, "Choose an action…")}
      <label>
        Rationale, two sentences: why this diagnosis, and why this first action
        <textarea name="rationale" value={answer.rationale} onInput={set("rationale")} required rows={4} />
      </label>
      <button class="primary" type="submit" disabled={busy}>
        {busy ? "Scoring…" : "Submit the diagnosis"}
      </button>
    </form>
  );
}

const mark = (score: number) => (score === 1 ? "✓" : score > 0 ? "½" : "✗");

/** The reveal after the answer. */
export function IncidentRevealView({ reveal, schedule }: { reveal: IncidentReveal; schedule: { rating: string; due: string | null } }) {
  const { answer, right } = reveal;
  return (
    <section class="panel incident-reveal" aria-label="Reveal">
      <h2>
        It was {reveal.truth}: {reveal.title}
        {reveal.faultStep === null ? "" : ` (from step ${reveal.faultStep})`}
      </h2>
      <p class="big-line">Score {Math.round(reveal.score.score * 100)}%</p>
      <ul class="incident-score">
        <li>
          <span class={answer.diagnosis.score === 1 ? "good" : answer.diagnosis.score > 0 ? "warn" : "bad"}>{mark(answer.diagnosis.score)}</span> Diagnosis: {answer.diagnosis.label}
          {answer.diagnosis.score === 0.5 ? " (a near miss: half credit)" : ""}
        </li>
        <li>
          <span class={answer.check.right ? "good" : "bad"}>{answer.check.right ? "✓" : "✗"}</span> First check: {answer.check.label}
          {answer.check.right ? null : <span class="muted"> (the runbook's: {right.check.label})</span>}
        </li>
        <li>
          <span class={answer.action.score === 1 ? "good" : "bad"}>{mark(answer.action.score)}</span> First action: {answer.action.label}
          {answer.action.score === 1 ? null : <span class="muted"> (the runbook's: {right.actions.map((a) => a.label).join("; or ")})</span>}
        </li>
      </ul>
      <p>{schedule.due ? `Rated ${schedule.rating}: due again ${when(schedule.due)}.` : `Not due yet, so this was practice (it would have rated ${schedule.rating}): the schedule is unchanged.`}</p>
      <h3>What this run shows</h3>
      <ul>
        {reveal.evidence.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
      {reveal.nearMisses.map((near) => (
        <>
          <h3>
            Not {near.id}: {near.title}
            {near.chosen ? " (your diagnosis)" : ""}
          </h3>
          <ul>
            {near.evidence.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
          <p class="muted">Runbook: {near.note}</p>
        </>
      ))}
      {reveal.otherDiagnosis ? (
        <>
          <h3>
            Your diagnosis, {reveal.otherDiagnosis.id} ({reveal.otherDiagnosis.title}): its signature, as this run measures it
          </h3>
          <ul>
            {reveal.otherDiagnosis.evidence.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </>
      ) : null}
      {answer.rationale ? (
        <p>
          Your rationale: <span class="drill-yours">{answer.rationale}</span>
        </p>
      ) : null}
      <details class="incident-runbook">
        <summary>The runbook page ({reveal.runbook.file})</summary>
        <Markdown text={reveal.runbook.markdown} />
      </details>
    </section>
  );
}

/**
 * Drill `session` from its run's generation to its reveal; `onAnswered` is called once the
 * answer is stored (the mock interview moves on from there).
 */
export function IncidentDrill({ session, onAnswered }: { session: string; onAnswered?: (response: IncidentSessionResponse) => void }) {
  const path = `/api/incidents/sessions/${encodeURIComponent(session)}`;
  const [response, setResponse] = useState<IncidentSessionResponse | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);
  const { busy, error, run } = useAction();
  useEffect(() => {
    let live = true;
    getJson(path, IncidentSessionResponse).then(
      (r) => live && setResponse(r),
      (err: Error) => live && setLoadError(err),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  useEffect(() => {
    if (response?.state !== "generating") return;
    const timer = setTimeout(() => setTick((t) => t + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [response]);

  if (loadError) return <ErrorLine error={loadError} />;
  if (response === null) return <p class="muted" aria-busy="true">Loading…</p>;
  if (response.state === "generating") {
    const share = response.steps > 0 ? Math.round((100 * response.step) / response.steps) : 0;
    return (
      <section class="panel" aria-label="Preparing">
        <p aria-live="polite">
          Preparing the incident's run (generated once, about 10 s, then replayed): {response.steps > 0 ? `step ${response.step} of ${response.steps}` : "starting"}
        </p>
        <progress max={100} value={share} aria-label="Generation progress" />
      </section>
    );
  }
  if (response.state === "failed") return <p class="error">{response.message}</p>;
  const submit = (answer: Answer) =>
    run(async () => {
      const answered = await postJson(`${path}/answer`, answer, IncidentSessionResponse);
      setResponse(answered);
      onAnswered?.(answered);
    });
  return (
    <div class="incident-drill">
      <IncidentRunView view={response.view} />
      {response.state === "ready" ? <AnswerForm choices={response.choices} onAnswer={(a) => void submit(a)} busy={busy} /> : null}
      {error ? <ErrorLine error={error} /> : null}
      {response.state === "answered" ? <IncidentRevealView reveal={response.reveal} schedule={response.schedule} /> : null}
    </div>
  );
}
