/**
 * The lab: every run with its status and numbers, a form to start a run from a preset, Resume
 * for runs that ended early, and the learning-rate sweeps of `dojo lab sweep` with their loss
 * tables, LR sensitivity and verdicts.
 */
import { useState } from "preact/hooks";
import { LabRunsResponse, LabSweepsResponse, RunStartedResponse, type LabRun, type LabSweep, type StartRunRequest } from "../../../src/api/lab.js";
import { getJson, postJson } from "../api.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi, useRefreshWhile } from "../components/use-api.js";
import { when } from "../format.js";
import type { PageProps } from "../pages.js";
import { navigate } from "../router.js";

/** How often the list is read again while a run trains. */

/** A whole number typed in a field, undefined when empty. */
const wholeNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

function StartForm({ presets, initial }: { presets: LabRunsResponse["presets"]; initial: string | null }) {
  const [preset, setPreset] = useState(presets.some((p) => p.name === initial) ? initial! : presets[0].name);
  const [steps, setSteps] = useState("");
  const [seed, setSeed] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const chosen = presets.find((p) => p.name === preset)!;
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const request: StartRunRequest = { preset: chosen.name, steps: wholeNumber(steps), seed: wholeNumber(seed) };
      const { id } = await postJson("/api/lab/runs", request, RunStartedResponse);
      navigate(`/lab/runs/${encodeURIComponent(id)}`);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };
  return (
    <form class="panel lab-start" onSubmit={submit}>
      <h2>Pretrain a tiny GPT</h2>
      <div class="lab-fields">
        <div>
          <label for="lab-preset">Preset</label>
          <select id="lab-preset" value={preset} onChange={(e) => setPreset((e.target as HTMLSelectElement).value)}>
            {presets.map((p) => (
              <option value={p.name}>
                {p.name}: {p.layers} layers, width {p.width}, {p.steps} steps
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="lab-steps">Steps</label>
          <input id="lab-steps" type="number" min={1} step={1} inputMode="numeric" placeholder={String(chosen.steps)} value={steps} onInput={(e) => setSteps((e.target as HTMLInputElement).value)} />
        </div>
        <div>
          <label for="lab-seed">Seed</label>
          <input id="lab-seed" type="number" min={0} step={1} inputMode="numeric" placeholder={String(chosen.seed)} value={seed} onInput={(e) => setSeed((e.target as HTMLInputElement).value)} />
        </div>
      </div>
      <button class="primary" type="submit" disabled={busy}>
        {busy ? "Starting…" : "Start run"}
      </button>
      <p class="muted">
        Same as <code>dojo lab pretrain --preset {preset}{steps ? ` --steps ${steps}` : ""}{seed ? ` --seed ${seed}` : ""}</code>. Empty fields keep the preset's value.
      </p>
      {error ? <ErrorLine error={error} /> : null}
    </form>
  );
}

function ResumeButton({ run }: { run: LabRun }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const resume = async () => {
    setBusy(true);
    try {
      await postJson(`/api/lab/runs/${encodeURIComponent(run.id)}/resume`, {}, RunStartedResponse);
      navigate(`/lab/runs/${encodeURIComponent(run.id)}`);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={resume} disabled={busy} aria-label={`Resume ${run.id}`}>
        {busy ? "Resuming…" : "Resume"}
      </button>
      {error ? <ErrorLine error={error} /> : null}
    </>
  );
}

function RunsTable({ runs }: { runs: LabRun[] }) {
  if (runs.length === 0) return <p class="muted">No runs yet: start one above.</p>;
  return (
    <div class="lab-table">
      <table>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Preset</th>
            <th scope="col">Data</th>
            <th scope="col">Steps</th>
            <th scope="col">Best val loss</th>
            <th scope="col">Started</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr>
              <td>
                <a href={`/lab/runs/${encodeURIComponent(run.id)}`}>{run.id}</a>
              </td>
              <td>
                <span class={`run-status ${run.status}`}>{run.status}</span>
                {run.error ? <div class="error">{run.error}</div> : null}
              </td>
              <td>{run.preset}</td>
              <td>{run.data}</td>
              <td class="num">
                {run.stepsDone}/{run.stepsTotal}
              </td>
              <td class="num">{run.bestValLoss === null ? "–" : run.bestValLoss.toFixed(4)}</td>
              <td>{run.startedAt === null ? "–" : when(new Date(run.startedAt).toISOString())}</td>
              <td>{run.resumable ? <ResumeButton run={run} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One sweep: what ran, the loss table with the LR sensitivity, and the verdicts. */
function SweepCard({ sweep }: { sweep: LabSweep }) {
  const heading = `${sweep.id}: ${sweep.preset}, ${sweep.steps} steps, ${sweep.seeds} seed${sweep.seeds === 1 ? "" : "s"}`;
  return (
    <article class="panel lab-sweep" aria-label={`Sweep ${sweep.id}`}>
      <h3>{sweep.status === "unreadable" ? sweep.id : heading}</h3>
      <p>
        <span class={`run-status ${sweep.status}`}>{sweep.status}</span>
        {sweep.status === "unreadable" ? null : ` · ${sweep.runsDone} of ${sweep.runsTotal} runs${sweep.createdAt ? ` · started ${when(sweep.createdAt)}` : ""}`}
      </p>
      {sweep.error ? <p class="error">{sweep.error}</p> : null}
      {sweep.table.rows.length > 0 ? (
        <div class="lab-table">
          <table>
            <caption class="muted">Final validation loss (nats/token, mean over seeds; † diverged, counted at the initial loss) and LR sensitivity</caption>
            <thead>
              <tr>
                {sweep.table.header.map((h, i) => (
                  <th scope="col" class={i > 0 ? "num" : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sweep.table.rows.map((row) => (
                <tr>
                  {row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td class="num">{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {sweep.verdicts.length > 0 ? (
        <ul class="lab-verdicts">
          {sweep.verdicts.map((v) => (
            <li>
              <strong>
                ({v.claim}) {v.statement}: {v.verdict}
              </strong>
              <div class="muted">{v.evidence}</div>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

function Sweeps() {
  const state = useApi(() => getJson("/api/lab/sweeps", LabSweepsResponse), []);
  return (
    <section>
      <h2>Learning-rate sweeps</h2>
      <p class="muted">
        Wortsman et al. 2023 at small scale: baseline, qk-layernorm and z-loss across learning rates. Run one with <code>dojo lab sweep --quick</code> (a few minutes) or{" "}
        <code>dojo lab sweep</code>; each sweep's folder holds report.md with its charts.
      </p>
      <Loading state={state}>{(data) => (data.sweeps.length === 0 ? <p class="muted">No sweeps yet.</p> : <>{data.sweeps.map((sweep) => <SweepCard sweep={sweep} />)}</>)}</Loading>
    </section>
  );
}

export default function Lab({ query }: PageProps) {
  const state = useApi(() => getJson("/api/lab/runs", LabRunsResponse), []);
  const training = state.data?.runs.some((run) => run.status === "running") ?? false;
  useRefreshWhile(training, state);
  return (
    <div class="lab">
      <h1>Lab</h1>
      <Loading state={state}>
        {(data) => (
          <>
            <StartForm presets={data.presets} initial={query.get("preset")} />
            <section>
              <h2>Runs</h2>
              <RunsTable runs={data.runs} />
            </section>
          </>
        )}
      </Loading>
      <Sweeps />
    </div>
  );
}
