/** Ablate: a runs file → the delta table against the baseline, the flags with their evidence, and the justified conclusion. */
import { useState } from "preact/hooks";
import { AblateResponse, ExamplesResponse, FormatsResponse } from "../../../src/api/toolkit.js";
import { formatInterval, formatP, formatterFor } from "../../../src/report/numbers.js";
import { testedOver } from "../../../src/report/tested-over.js";
import { levelLabel } from "../../../src/stats/level.js";
import { getJson } from "../api.js";
import { JsonlInput, type JsonlSource } from "../components/jsonl-input.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { IntervalInputs, INTERVAL_FIELDS, num, useExample, useUpload } from "./toolkit-run.js";

function AblationReport({ report }: { report: AblateResponse }) {
  const percent = levelLabel(report.level);
  return (
    <section class="report" aria-label="Ablation report">
      <h2>Ablation against “{report.baseline}”</h2>
      <p class="muted">
        Arms: {report.arms.map((a) => `${a.name} (${a.seeds} seed${a.seeds === 1 ? "" : "s"})`).join(", ")}
        {report.factor ? ` · factor under test: ${report.factor}` : " · no factor given"}
      </p>
      <table>
        <thead>
          <tr>
            {["variant", "metric", "better", "baseline", "variant value", "delta", `${percent} CI`, "p (Holm)", "seeds (b/v)", "tested over"].map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => {
            const format = formatterFor(num(r.baseline), num(r.value));
            const formatDelta = formatterFor(num(r.delta), num(r.low), num(r.high));
            const signed = (x: number) => (x >= 0 ? "+" : "") + formatDelta(x);
            return (
              <tr>
                <td>{r.variant}</td>
                <td>{r.metric}</td>
                <td>{r.better}</td>
                <td class="num">{format(num(r.baseline))}</td>
                <td class="num">{format(num(r.value))}</td>
                <td class="num">{signed(num(r.delta))}</td>
                <td>{formatInterval(num(r.low), num(r.high), signed)}</td>
                <td class="num">{formatP(num(r.pAdjusted))}</td>
                <td>
                  {r.seedsBaseline}/{r.seedsVariant}
                </td>
                <td>{testedOver(r.tests)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="muted">p: the largest p-value of the tests run (paired randomization over examples, Welch over seeds), Holm-adjusted over all rows.</p>
      <h3>Flags</h3>
      {report.flags.length === 0 ? (
        <p>None: the checks found no confound, compute or decoding mismatch, seed or slice problem.</p>
      ) : (
        <ul class="flags">
          {report.flags.map((f) => (
            <li>
              <span class="flag-kind">{f.kind}</span> {f.variant}
              {f.metric ? ` · ${f.metric}` : ""}: {f.evidence}
            </li>
          ))}
        </ul>
      )}
      <h3>Justified conclusion</h3>
      <div class="conclusion">
        {report.conclusion.split("\n\n").map((paragraph) => (
          <div class="paragraph">
            {paragraph.split("\n").map((line) => (
              <p>{line}</p>
            ))}
          </div>
        ))}
      </div>
    </section>
  );
}

function AblateForm({ fields, examples }: { fields: string; examples: ExamplesResponse["examples"] }) {
  const [source, setSource] = useState<JsonlSource | null>(null);
  const [options, setOptions] = useState({ baseline: "", factor: "", lowerIsBetter: "", higherIsBetter: "" });
  const [intervalFields, setIntervalFields] = useState(INTERVAL_FIELDS);
  const upload = useUpload("/api/toolkit/ablate", AblateResponse);
  const example = examples.find((e) => e.tool === "ablate");
  const compute = (from: JsonlSource) => upload.send(from, { ...options, ...intervalFields });
  const { tryExample, error: exampleError } = useExample(example?.name, setSource, compute);
  const text = (key: keyof typeof options, label: string, placeholder: string) => (
    <label>
      {label}
      <input type="text" value={options[key]} placeholder={placeholder} onInput={(e) => setOptions({ ...options, [key]: (e.currentTarget as HTMLInputElement).value })} />
    </label>
  );
  return (
    <>
      <form
        class="tool-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (source) void compute(source);
        }}
      >
        <div class="tool-input">
          <p class="muted fields">{fields}</p>
          <JsonlInput id="ablate" label="Runs" source={source} onSource={setSource} />
        </div>
        <fieldset class="tool-options">
          <legend>Options</legend>
          {text("baseline", "Baseline arm", 'default: "baseline", else the first')}
          {text("factor", "Factor under test (config key)", "e.g. pos")}
          {text("lowerIsBetter", "Lower is better (metrics)", "e.g. loss,latency")}
          {text("higherIsBetter", "Higher is better (metrics)", "e.g. acc")}
          <IntervalInputs id="ablate" value={intervalFields} onChange={setIntervalFields} />
        </fieldset>
        <div class="tool-actions">
          <button type="submit" class="primary" disabled={!source || upload.busy}>
            Compare arms
          </button>
          <button type="button" disabled={!example || upload.busy} onClick={() => void tryExample()}>
            Try an example
          </button>
          {upload.busy ? <span class="muted" aria-live="polite">Comparing arms…</span> : null}
        </div>
      </form>
      {exampleError ? <ErrorLine error={exampleError} /> : null}
      {upload.error ? <ErrorLine error={upload.error} /> : null}
      {upload.report ? <AblationReport report={upload.report} /> : null}
    </>
  );
}

export default function AblateTool() {
  const state = useApi(() => Promise.all([getJson("/api/toolkit/formats", FormatsResponse), getJson("/api/toolkit/examples", ExamplesResponse)]), []);
  return <Loading state={state}>{([{ ablationFields }, { examples }]) => <AblateForm fields={ablationFields} examples={examples} />}</Loading>;
}
