/**
 * `dojo eval` and `dojo ablate` from JSON Lines text, as the CLI reads it from files and the
 * web app receives it as an upload: one pipeline, so both surfaces give the same numbers and
 * the same errors (each naming the source, line and field).
 */
import { ABLATION_FIELDS, ablationRun, analyzeAblation, type AblationOptions, type AblationReport, type AblationRun } from "../ablation/index.js";
import { InputError } from "../errors.js";
import { parseJsonl } from "../workspace/jsonl.js";
import type { IntervalSettings } from "./columns.js";
import { evaluateRecords, type EvalReport } from "./evaluate.js";
import type { EvalKind, EvalOptions } from "./kind.js";
import { EVAL_KINDS } from "./kinds.js";

/** JSON Lines text and the name its messages give it (a file name, "-" for standard input). */
export interface JsonlSource {
  name: string;
  text: string;
}

/** The eval kind called `name`; an unknown name is an InputError listing the kinds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own record type
export function evalKindNamed(name: string): EvalKind<any> {
  const kind = Object.hasOwn(EVAL_KINDS, name) ? EVAL_KINDS[name] : undefined;
  if (!kind) throw new InputError(`unknown kind "${name}"`, `choose one of ${Object.keys(EVAL_KINDS).join(", ")}`);
  return kind;
}

/** Every metric of `kind` over the records of `source`, with bootstrap intervals (see evaluateRecords). */
export function evaluateJsonl(args: {
  kind: string;
  source: JsonlSource;
  options: EvalOptions;
  settings: IntervalSettings;
  sliceField: string | null;
  onProgress?: (done: number, total: number) => void;
}): EvalReport {
  const kind = evalKindNamed(args.kind);
  const records = parseJsonl(args.source.text, args.source.name, kind.schema, kind.fields);
  return evaluateRecords({ ...args, kind, file: args.source.name, records });
}

/** What ablateJsonl takes besides the runs: the analysis options, metric directions by name. */
export interface AblateJsonlOptions extends Omit<AblationOptions, "lowerIsBetter" | "higherIsBetter"> {
  lowerIsBetter?: readonly string[];
  higherIsBetter?: readonly string[];
  /** How messages name the two direction options: flags on the command line, fields on the web. */
  labels?: { lowerIsBetter: string; higherIsBetter: string };
}

/**
 * The ablation report of the runs in `sources` (one run per line; each run's source is
 * "name:line"). A metric named in a direction option must be one the runs report.
 */
export function ablateJsonl(sources: readonly JsonlSource[], options: AblateJsonlOptions = {}): AblationReport {
  const runs: AblationRun[] = sources.flatMap((source) =>
    parseJsonl(source.text, source.name, ablationRun, ABLATION_FIELDS).map(({ line, value }) => ({ ...value, source: `${source.name}:${line}` })),
  );
  const metrics = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  const labels = options.labels ?? { lowerIsBetter: "lowerIsBetter", higherIsBetter: "higherIsBetter" };
  const known = (label: string, names: readonly string[] | undefined) =>
    names?.map((name) => {
      if (!metrics.has(name)) throw new InputError(`${label}: no metric "${name}" in the runs`, `metrics: ${[...metrics].join(", ")}`);
      return name;
    });
  return analyzeAblation(runs, {
    ...options,
    lowerIsBetter: known(labels.lowerIsBetter, options.lowerIsBetter),
    higherIsBetter: known(labels.higherIsBetter, options.higherIsBetter),
  });
}
