/**
 * Calc: the systems calculators in the browser. A picker, a form made from the chosen
 * calculator's input descriptions, and its report (each number with its formula, the conventions
 * and sources, warnings) with the `dojo calc` command line that prints the same. The calculator
 * and its values live in the URL's query, so a result is a link.
 */
import { useEffect, useState } from "preact/hooks";
import { CalcListResponse, CalcResponse, type CalcInfo, type CalcInputInfo } from "../../../src/api/calc.js";
import { postJson, getJson } from "../api.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import type { PageProps } from "../pages.js";
import { navigate } from "../router.js";

const PATH = "/toolkit/calc";
const GROUPS: { group: CalcInputInfo["group"]; legend: string; overrides: string }[] = [
  { group: "model", legend: "Model", overrides: "Explicit sizes (override the preset)" },
  { group: "setup", legend: "Setup", overrides: "" },
  { group: "gpu", legend: "Accelerator", overrides: "Explicit figures (override the preset)" },
  { group: "output", legend: "Output", overrides: "" },
];

/** Form values by input name: text as typed, "true" for a switch that is on. */
type FormValues = Record<string, string>;

/** The link that opens `calc` with `values` (and shows its report). */
function calcHref(calc: string, values: Record<string, string | number | boolean>): string {
  const query = new URLSearchParams({ calc });
  for (const [name, value] of Object.entries(values)) if (value !== "" && value !== false) query.set(name, String(value));
  return `${PATH}?${query.toString()}`;
}

/** The values in the URL for `calc`'s inputs (anything else in the query is ignored). */
function valuesFromQuery(calc: CalcInfo, query: URLSearchParams): FormValues {
  const values: FormValues = {};
  for (const input of calc.inputs) {
    const value = query.get(input.name);
    if (value !== null) values[input.name] = value;
  }
  return values;
}

/** What the API takes: switches as booleans, the rest as typed. */
function requestValues(calc: CalcInfo, values: FormValues): Record<string, string | boolean> {
  const body: Record<string, string | boolean> = {};
  for (const input of calc.inputs) {
    const value = values[input.name];
    if (value === undefined || value === "") continue;
    body[input.name] = input.kind === "switch" ? value === "true" : value;
  }
  return body;
}

function Field({ input, value, onChange }: { input: CalcInputInfo; value: string; onChange: (value: string) => void }) {
  const id = `calc-${input.name}`;
  const help = <span class="calc-help" id={`${id}-help`}>{input.help}</span>;
  if (input.kind === "switch") {
    return (
      <div class="calc-field calc-switch">
        <input id={id} type="checkbox" checked={value === "true"} aria-describedby={`${id}-help`} onChange={(e) => onChange(e.currentTarget.checked ? "true" : "")} />
        <label for={id}>{input.flag}</label>
        {help}
      </div>
    );
  }
  return (
    <div class="calc-field">
      <label for={id}>
        {input.flag}
        {input.required ? " (required)" : ""}
      </label>
      {input.choices ? (
        <select id={id} value={value || input.default || ""} aria-describedby={`${id}-help`} onChange={(e) => onChange(e.currentTarget.value)}>
          {input.default === null ? <option value="">not given</option> : null}
          {input.choices.map((choice) => (
            <option value={choice.value}>{choice.label === choice.value ? choice.value : `${choice.label} (${choice.value})`}</option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellcheck={false}
          value={value}
          placeholder={input.default ?? ""}
          required={input.required}
          aria-describedby={`${id}-help`}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )}
      {help}
    </div>
  );
}

function CalcForm({ calc, initial }: { calc: CalcInfo; initial: FormValues }) {
  const [values, setValues] = useState<FormValues>(initial);
  // A new link (picker, example, back button) replaces what the form holds.
  useEffect(() => setValues(initial), [calc.name, JSON.stringify(initial)]);
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  return (
    <form
      class="calc-form"
      aria-label={`calc ${calc.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        navigate(calcHref(calc.name, requestValues(calc, values)));
      }}
    >
      {GROUPS.map(({ group, legend, overrides }) => {
        const inputs = calc.inputs.filter((input) => input.group === group);
        const field = (input: CalcInputInfo) => <Field input={input} value={values[input.name] ?? ""} onChange={set(input.name)} />;
        const folded = inputs.filter((input) => input.overridesPreset);
        return inputs.length === 0 ? null : (
          <fieldset>
            <legend>{legend}</legend>
            {inputs.filter((input) => !input.overridesPreset).map(field)}
            {folded.length === 0 ? null : (
              // Open when a link carries one of these values, so that nothing set is hidden.
              <details open={folded.some((input) => (initial[input.name] ?? "") !== "")}>
                <summary>{overrides}</summary>
                {folded.map(field)}
              </details>
            )}
          </fieldset>
        );
      })}
      <p>
        <button type="submit" class="primary">
          Compute
        </button>{" "}
        <a class="button" href={calcHref(calc.name, {})}>
          Clear
        </a>
      </p>
    </form>
  );
}

function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  useEffect(() => setCopied(null), [command]);
  return (
    <div class="calc-command">
      <h3>In a terminal</h3>
      <pre>
        <code data-testid="calc-command">{command}</code>
      </pre>
      <button type="button" onClick={() => navigator.clipboard.writeText(command).then(() => setCopied("copied"), () => setCopied("failed"))}>
        Copy command
      </button>{" "}
      <span role="status">{copied === "copied" ? "Copied." : copied === "failed" ? "Could not copy: select the command and copy it." : ""}</span>
    </div>
  );
}

function Report({ report }: { report: CalcResponse }) {
  return (
    <section class="calc-report" aria-labelledby="calc-title">
      <h2 id="calc-title">{report.title}</h2>
      {report.warnings.length > 0 ? (
        <ul class="calc-warnings" aria-label="Warnings">
          {report.warnings.map((w) => (
            <li>
              <strong>Warning:</strong> {w}
            </li>
          ))}
        </ul>
      ) : null}
      {report.tables.map((table) => (
        <div class="calc-table">
          <table>
            <thead>
              <tr>
                {table.header.map((h, i) => (
                  <th scope="col" class={table.rightAligned.includes(i) ? "num" : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <th scope="row">{cell}</th>
                    ) : (
                      <td class={table.rightAligned.includes(i) ? "num" : table.header[i]?.includes("formula") ? "formula" : undefined}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {report.verdict.map((line) => (
        <p class="calc-verdict">{line}</p>
      ))}
      <CopyCommand command={report.command} />
      <h3>Conventions and sources</h3>
      <ul class="calc-conventions">
        {report.conventions.map((c) => (
          <li>{c}</li>
        ))}
      </ul>
    </section>
  );
}

function CalcResult({ calc, values }: { calc: CalcInfo; values: FormValues }) {
  const body = requestValues(calc, values);
  const key = JSON.stringify(body);
  const state = useApi(() => postJson(`/api/calc/${calc.name}`, { values: body }, CalcResponse), [calc.name, key]);
  if (state.error) return <ErrorLine error={state.error} />;
  if (state.data === null || state.loading) return <p class="muted" aria-busy="true">Computing…</p>;
  return <Report report={state.data} />;
}

/** The Calc tab: picker, form, report. */
export default function ToolkitCalc({ query }: PageProps) {
  const list = useApi(() => getJson("/api/calc", CalcListResponse), []);
  return (
    <Loading state={list}>
      {({ calculators }) => {
        const calc = calculators.find((c) => c.name === query.get("calc")) ?? calculators.find((c) => c.name === "memory") ?? calculators[0];
        const values = valuesFromQuery(calc, query);
        const hasValues = Object.keys(values).length > 0;
        return (
          <div class="toolkit-calc">
            <nav class="calc-picker" aria-label="Systems calculators">
              {calculators.map((c) => (
                <a href={calcHref(c.name, c.examples[0]?.values ?? {})} aria-current={c.name === calc.name ? "page" : undefined} title={c.description}>
                  {c.name}
                </a>
              ))}
            </nav>
            <p class="muted">{calc.description}</p>
            <div class="calc-layout">
              <div>
                <CalcForm calc={calc} initial={values} />
                <h3>Examples</h3>
                <ul class="calc-examples">
                  {calc.examples.map((example) => (
                    <li>
                      <a href={calcHref(calc.name, example.values)}>
                        <code>{example.command}</code>
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
              <div>{hasValues ? <CalcResult calc={calc} values={values} /> : <p class="muted">Fill the form and compute, or open an example.</p>}</div>
            </div>
          </div>
        );
      }}
    </Loading>
  );
}
