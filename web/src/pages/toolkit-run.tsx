/**
 * What the eval and ablate tools share: sending the record file with the options as the query
 * string, the busy / error / report state, "Try an example", and the bootstrap fields.
 */
import type { z } from "zod";
import { useState } from "preact/hooks";
import { ExampleResponse } from "../../../src/api/toolkit.js";
import { getJson, postRaw } from "../api.js";
import type { JsonlSource } from "../components/jsonl-input.js";

/** A report number: null (undefined in the report) reads as NaN, which the formatters write "n/a". */
export const num = (x: number | null): number => x ?? Number.NaN;

export interface Upload<T> {
  busy: boolean;
  error: Error | null;
  report: T | null;
  /** Sends `source` with `options` (empty ones left out). */
  send: (source: JsonlSource, options: Record<string, string>) => Promise<void>;
}

/** Posts a record file to `path` and keeps the answer, checked against `schema`. */
export function useUpload<S extends z.ZodType>(path: string, schema: S): Upload<z.infer<S>> {
  const [state, setState] = useState<{ busy: boolean; error: Error | null; report: z.infer<S> | null }>({ busy: false, error: null, report: null });
  const send = async (source: JsonlSource, options: Record<string, string>) => {
    const params = new URLSearchParams({ name: source.name });
    for (const [key, value] of Object.entries(options)) if (value.trim() !== "") params.set(key, value.trim());
    setState((s) => ({ ...s, busy: true, error: null }));
    try {
      const report = await postRaw(`${path}?${params}`, source.body, "application/x-ndjson", schema);
      setState({ busy: false, error: null, report });
    } catch (error) {
      setState({ busy: false, error: error as Error, report: null });
    }
  };
  return { ...state, send };
}

/** lmdojo's example file `name`, named as the CLI names it (examples/…). */
async function loadExample(name: string): Promise<JsonlSource> {
  const example = await getJson(`/api/toolkit/examples/${encodeURIComponent(name)}`, ExampleResponse);
  return { name: `examples/${example.name}`, body: example.text };
}

/**
 * "Try an example": loads the example file `name` (none: nothing to try), shows it as the
 * chosen source, and runs the tool on it; a failure to load it is kept as `error`.
 */
export function useExample(name: string | undefined, onSource: (source: JsonlSource) => void, compute: (source: JsonlSource) => Promise<void>) {
  const [error, setError] = useState<Error | null>(null);
  const tryExample = async () => {
    if (!name) return;
    setError(null);
    try {
      const loaded = await loadExample(name);
      onSource(loaded);
      await compute(loaded);
    } catch (e) {
      setError(e as Error);
    }
  };
  return { tryExample, error };
}

/** The bootstrap options, as text fields. */
export interface IntervalFields {
  level: string;
  resamples: string;
  seed: string;
}

export const INTERVAL_FIELDS: IntervalFields = { level: "0.95", resamples: "10000", seed: "0" };

/** Level, resamples and seed inputs. */
export function IntervalInputs({ id, value, onChange }: { id: string; value: IntervalFields; onChange: (value: IntervalFields) => void }) {
  const field = (key: keyof IntervalFields, label: string, attrs: Record<string, string>) => (
    <label>
      {label}
      <input id={`${id}-${key}`} type="number" value={value[key]} {...attrs} onInput={(e) => onChange({ ...value, [key]: (e.currentTarget as HTMLInputElement).value })} />
    </label>
  );
  return (
    <>
      {field("level", "Confidence level", { min: "0.5", max: "0.999", step: "0.005" })}
      {field("resamples", "Resamples", { min: "100", max: "100000", step: "100" })}
      {field("seed", "Seed", { step: "1" })}
    </>
  );
}
