/**
 * One align run, as a W&B run page: a grid of charts of the stage's step metrics, live while
 * it trains; its evaluations with their 95% intervals; the graded samples of an evaluation
 * with their verdicts; the runs it starts from and its settings; Stop while a pipeline this
 * server started trains it.
 */
import { useRef, useState } from "preact/hooks";
import { ALIGN_STREAM_END, AlignRunResponse, AlignStoppingResponse, AlignUpdateBatch, type AlignEvaluation } from "../../../src/api/align.js";
import { getJson, postJson } from "../api.js";
import { AlignCharts } from "../components/align-charts.js";
import { ConfigTable } from "../components/config-table.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { useEventStream } from "../components/use-event-stream.js";
import type { PageProps } from "../pages.js";

/** The run is read again at most this often while new events arrive. */
const RELOAD_MS = 500;

/** "0.62 [0.55, 0.70]", the value alone when it has no interval, "–" when the evaluation lacks it. */
function cell(e: AlignEvaluation, name: string): string {
  const value = e.metrics[name];
  if (value === undefined) return "–";
  const interval = e.intervals[name];
  return interval ? `${value.toFixed(3)} [${interval[0].toFixed(3)}, ${interval[1].toFixed(3)}]` : value.toFixed(3);
}

/** One row per metric, one column per evaluation. */
function Evaluations({ evaluations }: { evaluations: AlignEvaluation[] }) {
  const metrics = [...new Set(evaluations.flatMap((e) => Object.keys(e.metrics)))];
  return (
    <section class="panel" aria-label="Evaluations">
      <h2>Evaluations</h2>
      {evaluations.length === 0 ? (
        <p class="muted">No evaluation yet.</p>
      ) : (
        <div class="lab-table">
          <table class="align-evals">
            <caption class="muted">Each value with its 95% interval, over n graded answers</caption>
            <thead>
              <tr>
                <th scope="col">metric</th>
                {evaluations.map((e) => (
                  <th scope="col" class="num">
                    step {e.step} (n = {e.n})
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr>
                  <th scope="row">{m}</th>
                  {evaluations.map((e) => (
                    <td class="num">{cell(e, m)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The graded samples of one evaluation (the last by default). */
function Samples({ evaluations }: { evaluations: AlignEvaluation[] }) {
  const [chosen, setChosen] = useState<number | null>(null);
  const shown = evaluations.find((e) => e.step === chosen) ?? evaluations.at(-1);
  return (
    <section class="panel" aria-label="Samples">
      <h2>Samples</h2>
      {shown === undefined ? (
        <p class="muted">No evaluation yet.</p>
      ) : (
        <>
          <label for="align-sample-step">From the evaluation at step</label>
          <select id="align-sample-step" value={shown.step} onChange={(e) => setChosen(Number((e.target as HTMLSelectElement).value))}>
            {evaluations.map((e) => (
              <option value={e.step}>{e.step}</option>
            ))}
          </select>
          {shown.samples.length === 0 ? (
            <p class="muted">This evaluation kept no samples.</p>
          ) : (
            <table class="align-samples">
              <thead>
                <tr>
                  <th scope="col">prompt</th>
                  <th scope="col">answer</th>
                  <th scope="col">verdict</th>
                </tr>
              </thead>
              <tbody>
                {shown.samples.map((s) => (
                  <tr>
                    <td>
                      <pre class="lab-sample">{s.prompt}</pre>
                    </td>
                    <td>
                      <pre class="lab-sample">{s.answer}</pre>
                    </td>
                    <td>
                      <span class={`verdict ${s.verdict}`}>{s.verdict}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** Links to the runs this one starts from: the base model is a lab run, the rest align runs. */
function Parents({ parents }: { parents: Record<string, string> }) {
  const entries = Object.entries(parents);
  if (entries.length === 0) return null;
  return (
    <p>
      Starts from:{" "}
      {entries.map(([role, id], i) => (
        <>
          {i > 0 ? " · " : ""}
          {role} <a href={role === "base" ? `/lab/runs/${encodeURIComponent(id)}` : `/align/runs/${encodeURIComponent(id)}`}>{id}</a>
        </>
      ))}
    </p>
  );
}

export default function AlignRunPage({ params }: PageProps) {
  const id = params.id;
  const path = `/api/align/runs/${encodeURIComponent(id)}`;
  const state = useApi(() => getJson(path, AlignRunResponse), [id]);
  const [stopping, setStopping] = useState(false);
  const [stopError, setStopError] = useState<Error | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** New events: the run is read again (at most every RELOAD_MS), so its charts and tables grow. */
  const refresh = () => {
    pending.current ??= setTimeout(() => {
      pending.current = null;
      state.reload();
    }, RELOAD_MS);
  };
  const stream = useEventStream(`${path}/events`, AlignUpdateBatch, ALIGN_STREAM_END, {
    onOpen: () => undefined,
    onMessage: refresh,
    onEnd: () => {
      setStopping(false);
      state.reload();
    },
  });

  const stop = async () => {
    setStopping(true);
    setStopError(null);
    try {
      await postJson(`${path}/stop`, {}, AlignStoppingResponse);
    } catch (err) {
      setStopError(err as Error);
      setStopping(false);
    }
  };

  return (
    <div class="lab-run align-run">
      <p>
        <a href="/align">← Align</a>
      </p>
      <h1>Align run {id}</h1>
      <Loading state={state}>
        {({ run, config, series, evaluations }) => (
          <>
            <section class="panel lab-run-head" aria-label="Status">
              <p>
                Stage <strong>{run.stage}</strong> · status <strong class={`run-status ${run.status}`}>{run.status}</strong>
                {stream.state === "open" && run.status === "running" ? <span class="muted"> · live</span> : null} · step {run.stepsDone} of {run.stepsTotal}
              </p>
              <Parents parents={run.parents} />
              {run.error ? <p class="error">{run.error}</p> : null}
              {run.status === "running" ? (
                <div class="lab-actions">
                  <button type="button" onClick={stop} disabled={stopping}>
                    {stopping ? "Stopping…" : "Stop"}
                  </button>
                  <span class="muted">
                    Ends the pipeline's process; <code>dojo align resume {id}</code> continues the stage from its newest checkpoint.
                  </span>
                </div>
              ) : null}
              {stopError ? <ErrorLine error={stopError} /> : null}
              {stream.error ? <p class="error">{stream.error}</p> : null}
            </section>
            <AlignCharts series={series} />
            <Evaluations evaluations={evaluations} />
            <Samples evaluations={evaluations} />
            <section class="panel" aria-label="Config">
              <h2>Config</h2>
              {config === null ? <p class="muted">config.json cannot be read.</p> : <ConfigTable config={config} />}
            </section>
          </>
        )}
      </Loading>
    </div>
  );
}
