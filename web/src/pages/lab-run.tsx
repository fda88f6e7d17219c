/**
 * One lab run, as a W&B run page: a grid of live charts (loss, per-domain validation loss,
 * learning rate, gradient norm, per-layer update ratios) with the alerts on the curves, the
 * latest samples, the config and the report; Stop while it trains, Resume once it ended early.
 */
import { useState } from "preact/hooks";
import { LabRunResponse, RUN_STREAM_END, RunStartedResponse, RunStoppingResponse, RunUpdateBatch, type RunUpdate } from "../../../src/api/lab.js";
import { getJson, postJson } from "../api.js";
import { ConfigTable } from "../components/config-table.js";
import { RunCharts } from "../components/run-charts.js";
import { Markdown } from "../components/markdown.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { useEventStream } from "../components/use-event-stream.js";
import { clock, when } from "../format.js";
import type { PageProps } from "../pages.js";

type Update<K extends RunUpdate["kind"]> = Extract<RunUpdate, { kind: K }>;

/** The run's points so far, each step once: a resumed session replaces what it redoes (see RunUpdate in src/api/lab.ts). */
interface Curves {
  train: Update<"train">[];
  layers: Update<"layers">[];
  evals: Update<"eval">[];
  alerts: Update<"alert">[];
  recoveries: Update<"recovery">[];
  problems: string[];
  end: Update<"end"> | null;
}

const EMPTY: Curves = { train: [], layers: [], evals: [], alerts: [], recoveries: [], problems: [], end: null };

function addUpdates(curves: Curves, updates: readonly RunUpdate[]): Curves {
  let { train, layers, evals, alerts, recoveries, problems, end } = curves;
  /** A resume or a rollback redoes the steps after `from`: their points are replaced. */
  const redoAfter = (from: number) => {
    train = train.filter((p) => p.step <= from);
    layers = layers.filter((p) => p.step <= from);
    evals = evals.filter((p) => p.step <= from);
  };
  for (const u of updates) {
    if (u.kind === "start") {
      end = null;
      if (u.resumedFrom !== null) redoAfter(u.resumedFrom);
    } else if (u.kind === "recovery") {
      redoAfter(u.step);
      recoveries = [...recoveries, u];
    } else if (u.kind === "train") train = [...train, u];
    else if (u.kind === "layers") layers = [...layers, u];
    else if (u.kind === "eval") evals = [...evals, u];
    else if (u.kind === "alert") alerts = [...alerts, u];
    else if (u.kind === "problem") problems = [...problems, u.message];
    else end = u;
  }
  return { train, layers, evals, alerts, recoveries, problems, end };
}

/** The detectors' alerts and the recoveries, in the order they happened. */
function Alerts({ curves }: { curves: Curves }) {
  const rows = [...curves.alerts.map((a) => ({ step: a.step, what: a.alert, message: a.message })), ...curves.recoveries.map((r) => ({ step: r.alertStep, what: "recovery", message: r.message }))];
  return (
    <section class="panel" aria-label="Alerts">
      <h2>Alerts</h2>
      {rows.length === 0 ? (
        <p class="muted">No detector has fired.</p>
      ) : (
        <table class="lab-alerts">
          <thead>
            <tr>
              <th>step</th>
              <th>detector</th>
              <th>evidence</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.step}</td>
                <td>{r.what}</td>
                <td>{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function LabRunPage({ params }: PageProps) {
  const id = params.id;
  const path = `/api/lab/runs/${encodeURIComponent(id)}`;
  const state = useApi(() => getJson(path, LabRunResponse), [id]);
  const [curves, setCurves] = useState<Curves>(EMPTY);
  const [session, setSession] = useState(0);
  const [action, setAction] = useState<"stopping" | "resuming" | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const stream = useEventStream(
    `${path}/events`,
    RunUpdateBatch,
    RUN_STREAM_END,
    {
      onOpen: () => setCurves(EMPTY),
      onMessage: (batch) => {
        setCurves((c) => addUpdates(c, batch));
        // The summary (status, best validation loss, report) changes with a session's start and each evaluation.
        if (batch.some((u) => u.kind === "start" || u.kind === "eval")) state.reload();
      },
      onEnd: () => {
        setAction(null);
        state.reload();
      },
    },
    session,
  );

  const act = async (kind: "stopping" | "resuming") => {
    setAction(kind);
    setActionError(null);
    try {
      if (kind === "stopping") {
        await postJson(`${path}/stop`, {}, RunStoppingResponse);
      } else {
        await postJson(`${path}/resume`, {}, RunStartedResponse);
        setAction(null);
        setSession((s) => s + 1);
        state.reload();
      }
    } catch (err) {
      setActionError(err as Error);
      setAction(null);
    }
  };

  const lastEval = curves.evals.at(-1);
  return (
    <div class="lab-run">
      <p>
        <a href="/lab">← All runs</a>
      </p>
      <h1>Run {id}</h1>
      <Loading state={state}>
        {({ run, config, report }) => (
          <>
            <section class="panel lab-run-head" aria-label="Status">
              <p>
                Status: <strong class={`run-status ${run.status}`}>{run.status}</strong>
                {stream.state === "open" && run.status === "running" ? <span class="muted"> · live</span> : null}
                {" · "}step {curves.train.at(-1)?.step ?? run.stepsDone} of {run.stepsTotal}
                {run.bestValLoss !== null ? ` · best val loss ${run.bestValLoss.toFixed(4)}` : ""}
                {" · "}preset {run.preset} on {run.data}
                {run.startedAt !== null ? ` · started ${when(new Date(run.startedAt).toISOString())}` : ""}
                {` · training time ${clock(run.elapsedMs)}`}
              </p>
              {curves.end ? <p>{curves.end.message}</p> : null}
              {run.error ? <p class="error">{run.error}</p> : null}
              {run.warning ? <p class="warn">Note: {run.warning}</p> : null}
              <div class="lab-actions">
                {run.status === "running" ? (
                  <button type="button" onClick={() => act("stopping")} disabled={action !== null}>
                    {action === "stopping" ? "Stopping…" : "Stop"}
                  </button>
                ) : null}
                {run.resumable ? (
                  <button type="button" class="primary" onClick={() => act("resuming")} disabled={action !== null}>
                    {action === "resuming" ? "Resuming…" : "Resume"}
                  </button>
                ) : null}
                {run.status === "running" ? <span class="muted">Stop saves a checkpoint first; Resume continues from it.</span> : null}
              </div>
              {actionError ? <ErrorLine error={actionError} /> : null}
              {stream.error ? <p class="error">{stream.error}</p> : null}
              {curves.problems.map((p) => (
                <p class="warn">{p}</p>
              ))}
            </section>
            <RunCharts curves={curves} />
            <Alerts curves={curves} />
            <section class="panel" aria-label="Samples">
              <h2>Samples</h2>
              {lastEval === undefined ? (
                <p class="muted">No evaluation yet.</p>
              ) : lastEval.samples.length === 0 ? (
                <p class="muted">The evaluation at step {lastEval.step} wrote no samples.</p>
              ) : (
                <>
                  <p class="muted">From the evaluation at step {lastEval.step}:</p>
                  {lastEval.samples.map((s) => (
                    <pre class="lab-sample">{s}</pre>
                  ))}
                </>
              )}
            </section>
            <div class="lab-details">
              <section class="panel" aria-label="Config">
                <h2>Config</h2>
                {config === null ? (
                  <p class="muted">config.json cannot be read.</p>
                ) : (
                  <ConfigTable config={config} />
                )}
              </section>
              <section class="panel" aria-label="Report">
                <h2>Report</h2>
                {report === null ? (
                  <p class="muted">No report: the run's files cannot be read.</p>
                ) : (
                  <>
                    {report.written ? null : (
                      <p class="muted">
                        As of now; <code>dojo lab report {id}</code> writes it to report.md with a postmortem to fill in.
                      </p>
                    )}
                    <Markdown text={report.markdown} class="lab-report" />
                  </>
                )}
              </section>
            </div>
          </>
        )}
      </Loading>
    </div>
  );
}
