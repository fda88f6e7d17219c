/** Eval: a record file of one kind → every metric with its n and bootstrap interval, the warnings, and what is not measured. */
import { useState } from "preact/hooks";
import { EvalResponse, ExamplesResponse, FormatsResponse } from "../../../src/api/toolkit.js";
import { formatInterval, formatterFor } from "../../../src/report/numbers.js";
import { levelLabel } from "../../../src/stats/level.js";
import { getJson } from "../api.js";
import { JsonlInput, type JsonlSource } from "../components/jsonl-input.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { IntervalInputs, INTERVAL_FIELDS, num, useExample, useUpload } from "./toolkit-run.js";

const METHOD_NAMES = { bca: "BCa", percentile: "percentile", basic: "basic" } as const;

function EvalReport({ report }: { report: EvalResponse }) {
  const { settings } = report;
  const percent = levelLabel(settings.level);
  const applied = [
    ...(settings.rules ? [`rules ${settings.rules}`] : []),
    ...(settings.k ? [`k = ${settings.k.join(", ")}`] : []),
    ...(settings.relevanceThreshold !== undefined ? [`relevant: grade ≥ ${settings.relevanceThreshold}`] : []),
  ];
  const hasDetail = report.rows.some((r) => r.detail);
  return (
    <section class="report" aria-label="Eval report">
      <h2>
        {report.kind} · {report.file} · {report.n} record{report.n === 1 ? "" : "s"}
      </h2>
      <p class="muted">{[...applied, `${percent} ${METHOD_NAMES[settings.method]} bootstrap CI (${settings.nResamples} resamples, seed ${settings.seed})`].join(" · ")}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">metric</th>
            <th scope="col">slice</th>
            <th scope="col" class="num">n</th>
            <th scope="col" class="num">value</th>
            <th scope="col">{percent} CI</th>
            {hasDetail ? <th scope="col">detail</th> : null}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => {
            const format = formatterFor(num(r.value), num(r.low), num(r.high));
            return (
              <tr>
                <td>{r.metric}</td>
                <td>{r.slice ?? "(all)"}</td>
                <td class="num">{r.n}</td>
                <td class="num">{format(num(r.value))}</td>
                <td>{formatInterval(num(r.low), num(r.high), format)}</td>
                {hasDetail ? <td>{r.detail ?? ""}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.warnings.length > 0 ? (
        <ul class="warnings" aria-label="Warnings">
          {report.warnings.map((w) => (
            <li>
              <strong class="warn">Warning:</strong> {w}
            </li>
          ))}
        </ul>
      ) : null}
      <p class="caveat">
        <strong>Not measured:</strong> {report.caveat}
      </p>
    </section>
  );
}

function EvalForm({ kinds, examples }: { kinds: FormatsResponse["kinds"]; examples: ExamplesResponse["examples"] }) {
  const [kind, setKind] = useState(kinds[0]?.name ?? "qa");
  const [source, setSource] = useState<JsonlSource | null>(null);
  const [options, setOptions] = useState({ slice: "", k: "", rules: "squad-v1", relevanceThreshold: "1", ci: "bca" });
  const [intervalFields, setIntervalFields] = useState(INTERVAL_FIELDS);
  const upload = useUpload("/api/toolkit/eval", EvalResponse);
  const example = examples.find((e) => e.tool === "eval" && e.kind === kind);
  const about = kinds.find((k) => k.name === kind);

  const compute = (from: JsonlSource) => {
    const { slice, k, rules, relevanceThreshold, ci } = options;
    return upload.send(from, {
      kind,
      slice,
      ci,
      ...intervalFields,
      ...(kind === "code" || kind === "rank" ? { k } : {}),
      ...(kind === "qa" ? { rules } : {}),
      ...(kind === "rank" ? { relevanceThreshold } : {}),
    });
  };
  const { tryExample, error: exampleError } = useExample(example?.name, setSource, compute);
  const set = (key: keyof typeof options) => (e: Event) => setOptions({ ...options, [key]: (e.currentTarget as HTMLInputElement).value });

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
          <label>
            Kind of records
            <select value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
              {kinds.map((k) => (
                <option value={k.name}>
                  {k.name}: {k.summary}
                </option>
              ))}
            </select>
          </label>
          {about ? <p class="muted fields">{about.fields}</p> : null}
          <JsonlInput id="eval" label="Records" source={source} onSource={setSource} />
        </div>
        <fieldset class="tool-options">
          <legend>Options</legend>
          <label>
            Slice field (per-slice rows)
            <input type="text" value={options.slice} placeholder="e.g. category" onInput={set("slice")} />
          </label>
          {kind === "code" || kind === "rank" ? (
            <label>
              {kind === "code" ? "k of pass@k" : "Cutoffs k"}
              <input type="text" value={options.k} placeholder={kind === "code" ? "1,10,100" : "10"} onInput={set("k")} />
            </label>
          ) : null}
          {kind === "qa" ? (
            <label>
              Rules
              <select value={options.rules} onChange={set("rules")}>
                <option value="squad-v1">squad-v1 (empty vs empty F1 = 0)</option>
                <option value="squad-v2">squad-v2 (empty vs empty F1 = 1)</option>
              </select>
            </label>
          ) : null}
          {kind === "rank" ? (
            <label>
              Relevance threshold (minimum grade)
              <input type="number" value={options.relevanceThreshold} onInput={set("relevanceThreshold")} />
            </label>
          ) : null}
          <label>
            Interval method
            <select value={options.ci} onChange={set("ci")}>
              <option value="bca">BCa</option>
              <option value="percentile">percentile</option>
              <option value="basic">basic</option>
            </select>
          </label>
          <IntervalInputs id="eval" value={intervalFields} onChange={setIntervalFields} />
        </fieldset>
        <div class="tool-actions">
          <button type="submit" class="primary" disabled={!source || upload.busy}>
            Compute metrics
          </button>
          <button type="button" disabled={!example || upload.busy} onClick={() => void tryExample()}>
            Try an example ({kind})
          </button>
          {upload.busy ? <span class="muted" aria-live="polite">Bootstrapping…</span> : null}
        </div>
      </form>
      {exampleError ? <ErrorLine error={exampleError} /> : null}
      {upload.error ? <ErrorLine error={upload.error} /> : null}
      {upload.report ? <EvalReport report={upload.report} /> : null}
    </>
  );
}

export default function EvalTool() {
  const state = useApi(() => Promise.all([getJson("/api/toolkit/formats", FormatsResponse), getJson("/api/toolkit/examples", ExamplesResponse)]), []);
  return <Loading state={state}>{([{ kinds }, { examples }]) => <EvalForm kinds={kinds} examples={examples} />}</Loading>;
}
