/**
 * The alignment lab: a form that runs the whole pipeline (`dojo align pipeline`) with the
 * labeller's bias of choice, the pipelines this server started with the stage each is at, and
 * every run grouped by the pipeline that made it, each pipeline with a link to its report.
 */
import { useState } from "preact/hooks";
import { AlignOverviewResponse, PipelineStartedResponse, type AlignRun, type Pipeline, type PipelineLaunch, type StartPipelineRequest } from "../../../src/api/align.js";
import { getJson, postJson } from "../api.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi, useRefreshWhile } from "../components/use-api.js";
import { when } from "../format.js";

/** How often the page is read again while a pipeline runs. */

const BIASES = ["none", "length", "confident", "flattery"] as const;

/** A number typed in a field, undefined when empty. */
const numberOf = (text: string) => (text.trim() === "" ? undefined : Number(text));
/** A comma-separated list of numbers typed in a field, undefined when empty. */
const listOf = (text: string) => (text.trim() === "" ? undefined : text.split(",").map((part) => Number(part.trim())));

function PipelineForm({ onStarted }: { onStarted: () => void }) {
  const [bias, setBias] = useState<(typeof BIASES)[number]>("length");
  const [worldSeed, setWorldSeed] = useState("");
  const [betas, setBetas] = useState("");
  const [klCoefs, setKlCoefs] = useState("");
  const [shrink, setShrink] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const request: StartPipelineRequest = { bias, worldSeed: numberOf(worldSeed), betas: listOf(betas), klCoefs: listOf(klCoefs), shrink: numberOf(shrink) };
      await postJson("/api/align/pipeline", request, PipelineStartedResponse);
      onStarted();
    } catch (err) {
      setError(err as Error);
    }
    setBusy(false);
  };
  const flags = [`--bias ${bias}`, worldSeed && `--world-seed ${worldSeed}`, betas && `--betas ${betas}`, klCoefs && `--kl-coefs ${klCoefs}`, shrink && `--shrink ${shrink}`].filter(Boolean).join(" ");
  return (
    <form class="panel lab-start" onSubmit={submit}>
      <h2>Run the pipeline</h2>
      <p class="muted">Base model, SFT, labelled pairs, a reward model, DPO over the β values and online RL over the KL coefficients, then the report (about 10 minutes on 2 cores at full length).</p>
      <div class="lab-fields">
        <div>
          <label for="align-bias">Labeller bias</label>
          <select id="align-bias" value={bias} onChange={(e) => setBias((e.target as HTMLSelectElement).value as (typeof BIASES)[number])}>
            {BIASES.map((b) => (
              <option value={b}>{b}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="align-world">World seed</label>
          <input id="align-world" type="number" min={0} step={1} inputMode="numeric" placeholder="0" value={worldSeed} onInput={(e) => setWorldSeed((e.target as HTMLInputElement).value)} />
        </div>
        <div>
          <label for="align-betas">DPO β values</label>
          <input id="align-betas" placeholder="0.1" value={betas} onInput={(e) => setBetas((e.target as HTMLInputElement).value)} />
        </div>
        <div>
          <label for="align-kl">RL KL coefficients</label>
          <input id="align-kl" placeholder="0.005,0.05" value={klCoefs} onInput={(e) => setKlCoefs((e.target as HTMLInputElement).value)} />
        </div>
        <div>
          <label for="align-shrink">Shrink</label>
          <input id="align-shrink" type="number" min={1} step={1} inputMode="numeric" placeholder="1" value={shrink} onInput={(e) => setShrink((e.target as HTMLInputElement).value)} />
        </div>
      </div>
      <button class="primary" type="submit" disabled={busy}>
        {busy ? "Starting…" : "Run the pipeline"}
      </button>
      <p class="muted">
        Same as <code>dojo align pipeline {flags}</code>. Empty fields keep the defaults; shrink divides every stage's steps for a quick look.
      </p>
      {error ? <ErrorLine error={error} /> : null}
    </form>
  );
}

function Launches({ launches }: { launches: PipelineLaunch[] }) {
  if (launches.length === 0) return null;
  return (
    <section aria-label="Started here">
      <h2>Started here</h2>
      <ul class="align-launches">
        {launches.map((l) => (
          <li>
            <span class={`run-status ${l.state}`}>{l.state}</span> <code>dojo {l.args.join(" ")}</code> · started {when(l.startedAt)}
            {l.stage && l.state === "running" ? ` · stage ${l.stage.index} of ${l.stage.total}: ${l.stage.name}` : ""}
            {l.pipeline ? (
              <>
                {" · "}
                <a href={`/align/pipelines/${encodeURIComponent(l.pipeline)}`}>report</a>
              </>
            ) : null}
            {l.error ? <div class="error">{l.error}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "0.62" or "–". */
const fixed = (value: number | undefined) => (value === undefined ? "–" : value.toFixed(2));

function RunsTable({ runs, caption }: { runs: AlignRun[]; caption: string }) {
  return (
    <div class="lab-table">
      <table>
        <caption class="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Stage</th>
            <th scope="col">Status</th>
            <th scope="col">Steps</th>
            <th scope="col">Gold accuracy</th>
            <th scope="col">Gold score</th>
            <th scope="col">KL</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr>
              <td>
                <a href={`/align/runs/${encodeURIComponent(run.id)}`}>{run.id}</a>
              </td>
              <td>{run.stage}</td>
              <td>
                <span class={`run-status ${run.status}`}>{run.status}</span>
                {run.error ? <div class="error">{run.error}</div> : null}
              </td>
              <td class="num">
                {run.stepsDone}/{run.stepsTotal}
              </td>
              <td class="num">{fixed(run.lastEval["gold/accuracy"])}</td>
              <td class="num">{fixed(run.lastEval["gold/score"])}</td>
              <td class="num">{fixed(run.lastEval["kl/sequence"])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The runs a pipeline's record names, in its order. */
const runsOf = (pipeline: Pipeline) => {
  const { sft, pairs, rm, dpo, rl } = pipeline.record;
  return [sft, pairs, rm, ...dpo.map((d) => d.run), ...rl.map((r) => r.run)];
};

function PipelineRuns({ pipeline, runs }: { pipeline: Pipeline; runs: AlignRun[] }) {
  const { record } = pipeline;
  const named = runsOf(pipeline);
  return (
    <article class="panel align-pipeline" aria-label={`Pipeline ${pipeline.id}`}>
      <h3>Pipeline {pipeline.id}</h3>
      <p>
        World {record.worldSeed} · labeller bias <strong>{record.labeller.bias}</strong> (q {record.labeller.q}, strength {record.labeller.strength}) · base{" "}
        <a href={`/lab/runs/${encodeURIComponent(record.base)}`}>{record.base}</a>
        {" · "}
        {pipeline.hasReport ? <a href={`/align/pipelines/${encodeURIComponent(pipeline.id)}`}>Report</a> : <span class="muted">no report yet</span>}
        {" · "}
        <a href={`/align/pipelines/${encodeURIComponent(pipeline.id)}/drill`}>Drills</a>
      </p>
      <RunsTable runs={named.flatMap((id) => runs.filter((r) => r.id === id))} caption="Its runs, in the order it made them" />
    </article>
  );
}

export default function Align() {
  const state = useApi(() => getJson("/api/align", AlignOverviewResponse), []);
  const running = state.data?.launches.some((l) => l.state === "running") ?? false;
  useRefreshWhile(running, state);
  return (
    <div class="lab align">
      <h1>Align</h1>
      <p>
        <a href="/align/runbook">Runbook</a>: how RLHF goes wrong (the KL exploding or collapsing, reward hacking, length exploitation), what to check first and which knob to turn.
      </p>
      <PipelineForm onStarted={state.reload} />
      <Loading state={state}>
        {({ runs, pipelines, launches }) => {
          const inPipelines = new Set(pipelines.flatMap(runsOf));
          const others = runs.filter((r) => !inPipelines.has(r.id));
          return (
            <>
              <Launches launches={launches} />
              <section>
                <h2>Pipelines</h2>
                {pipelines.length === 0 ? <p class="muted">No pipeline has finished yet.</p> : [...pipelines].reverse().map((p) => <PipelineRuns pipeline={p} runs={runs} />)}
              </section>
              {others.length > 0 ? (
                <section>
                  <h2>Other runs</h2>
                  <RunsTable runs={others} caption="Runs of stages started on their own, or of a pipeline still running" />
                </section>
              ) : null}
            </>
          );
        }}
      </Loading>
    </div>
  );
}
