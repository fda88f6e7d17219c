/**
 * Incidents: on call. The queue (by counts only: naming the due incidents would give the next
 * answer away), a button for the next incident and a way to drill a chosen one, and every
 * answer so far with its scores.
 */
import { useState } from "preact/hooks";
import { IncidentsResponse, StartIncidentResponse } from "../../../src/api/incidents.js";
import { getJson, postJson } from "../api.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useAction } from "../components/use-action.js";
import { useApi } from "../components/use-api.js";
import { percent, when } from "../format.js";
import type { PageProps } from "../pages.js";
import { navigate } from "../router.js";

const mark = (score: number) => (score === 1 ? "✓" : score > 0 ? "½" : "✗");

export default function Incidents(_: PageProps) {
  const state = useApi(() => getJson("/api/incidents", IncidentsResponse), []);
  const [fault, setFault] = useState("");
  const { busy, error, run } = useAction();
  const start = (chosen?: string) =>
    run(async () => {
      const { session } = await postJson("/api/incidents/sessions", chosen ? { fault: chosen } : {}, StartIncidentResponse);
      navigate(`/incidents/${session}`);
    });
  return (
    <div class="incidents">
      <h1>Incidents</h1>
      <p class="muted">
        You are on call. A training run went wrong, or did not: read its curves, alerts, last events and the config diff from the last good run, then name the
        fault (or "healthy"), the first thing you would check and your first action. Each incident is a real run of a tiny GPT, generated once and replayed.
        Incidents come back on the FSRS schedule, beside cards and katas.
      </p>
      <Loading state={state}>
        {({ queue, attempts, choices }) => (
          <>
            <section class="panel incidents-start" aria-label="Start">
              <p>
                {queue.total} incidents · {queue.due} due · {queue.fresh} never answered
                {queue.nextDue ? ` · the next comes due ${when(queue.nextDue)}` : ""}
              </p>
              <button class="primary" disabled={busy} onClick={() => void start()}>
                {queue.due > 0 ? "Start the next due incident" : queue.fresh > 0 ? "Start an incident you have not seen" : "Start a random incident"}
              </button>
              <div class="incidents-pick">
                <label>
                  Or drill a chosen one (practice: you know the answer)
                  <select value={fault} onChange={(e) => setFault(e.currentTarget.value)}>
                    <option value="">Choose…</option>
                    {choices.diagnoses.map((d) => (
                      <option value={d.value}>{d.label}</option>
                    ))}
                  </select>
                </label>
                <button disabled={busy || fault === ""} onClick={() => void start(fault)}>
                  Drill it
                </button>
              </div>
              {error ? <ErrorLine error={error} /> : null}
            </section>
            <section aria-label="History">
              <h2>Your answers</h2>
              {attempts.length === 0 ? (
                <p class="muted">None yet.</p>
              ) : (
                <table class="incident-history">
                  <thead>
                    <tr>
                      <th scope="col">when</th>
                      <th scope="col">incident</th>
                      <th scope="col">diagnosis</th>
                      <th scope="col">first check</th>
                      <th scope="col">action</th>
                      <th scope="col" class="num">score</th>
                      <th scope="col">counted</th>
                    </tr>
                  </thead>
                  <tbody>
                    {attempts.map((a) => (
                      <tr>
                        <td>{when(a.startedAt)}</td>
                        <td>{a.incident}</td>
                        <td>
                          {mark(a.diagnosisScore)} {a.diagnosis}
                        </td>
                        <td>
                          {a.checkRight ? "✓" : "✗"} {a.check}
                        </td>
                        <td>
                          {mark(a.actionScore)} {a.action}
                        </td>
                        <td class="num">{percent(a.score)}</td>
                        <td>
                          {a.rated ? "rated" : "practice"}
                          {a.mockId ? " (mock)" : ""}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </Loading>
    </div>
  );
}
