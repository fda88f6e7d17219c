import { InputError } from "../errors.js";
import { groupBySlice } from "../stats/slices.js";
import type { LineRecord } from "../workspace/jsonl.js";
import { checkColumnRange, summarizeColumn, type IntervalSettings, type MetricRow } from "./columns.js";
import type { EvalKind, EvalOptions, KindSettings } from "./kind.js";

/** Everything `dojo eval` prints: rows for all records, then per slice when asked. */
export interface EvalReport {
  kind: string;
  file: string;
  n: number;
  sliceField: string | null;
  /** The bootstrap settings and the options the kind applied (rules, k, relevance threshold). */
  settings: IntervalSettings & KindSettings;
  rows: MetricRow[];
  /** What the reader should know before trusting the numbers, one sentence each. */
  warnings: string[];
  caveat: string;
}

/**
 * Below this many examples a BCa interval is unreliable: its bias correction z0 and its
 * jackknife acceleration are estimated from the same few values as the interval itself.
 */
export const MIN_BCA_EXAMPLES = 10;

/**
 * Computes every metric of `kind` over all records and, with `sliceField`, over each
 * slice (records grouped by that field's value), each with a bootstrap interval.
 */
export function evaluateRecords<R>(args: {
  kind: EvalKind<R>;
  file: string;
  records: readonly LineRecord<R>[];
  options: EvalOptions;
  settings: IntervalSettings;
  sliceField: string | null;
  onProgress?: (done: number, total: number) => void;
}): EvalReport {
  const { kind, file, records, options, settings, sliceField } = args;
  const where = (i: number) => `${file}:${records[i].line}`;
  const { columns, settings: kindSettings, warnings } = kind.columns(
    records.map((r) => r.value),
    options,
    where,
  );
  for (const column of columns) checkColumnRange(column, where, kind.fields);
  const groups: Array<{ slice: string | null; indices: number[] }> = [
    { slice: null, indices: records.map((_, i) => i) },
  ];
  if (sliceField !== null) groups.push(...sliceGroups(records, sliceField, file));

  const total = columns.length * groups.length * settings.nResamples;
  let finished = 0;
  const rows: MetricRow[] = [];
  for (const group of groups) {
    for (const column of columns) {
      const progress = args.onProgress && ((done: number) => args.onProgress?.(finished + done, total));
      rows.push(summarizeColumn(column, group.indices, group.slice, settings, progress));
      finished += settings.nResamples;
    }
  }
  if (settings.method === "bca") warnings.push(...smallBcaWarning(groups));
  return {
    kind: kind.name,
    file,
    n: records.length,
    sliceField,
    settings: { ...settings, ...kindSettings },
    rows,
    warnings,
    caveat: kind.caveat,
  };
}

/** A warning naming every group (all records, or a slice) too small for a BCa interval. */
function smallBcaWarning(groups: ReadonlyArray<{ slice: string | null; indices: readonly number[] }>): string[] {
  const small = groups.filter((g) => g.indices.length < MIN_BCA_EXAMPLES);
  if (small.length === 0) return [];
  const named = small.map((g) => `${g.slice === null ? "all records" : `slice "${g.slice}"`} (n = ${g.indices.length})`);
  return [
    `BCa intervals from fewer than ${MIN_BCA_EXAMPLES} examples are unreliable: ${named.join(", ")}; read them as rough, or evaluate more examples`,
  ];
}

/** Groups record indices by the value of `field`, slices sorted by name in code-point order. */
function sliceGroups<R>(records: readonly LineRecord<R>[], field: string, file: string) {
  const labels = records.map((record) => {
    const value = (record.value as Record<string, unknown>)[field];
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new InputError(
        `${file}:${record.line}: field ${field}: ${value === undefined ? "missing" : "must be a string, number or boolean"} (needed by --slice)`,
        "every record needs the slice field, or drop --slice",
      );
    }
    return String(value);
  });
  return groupBySlice(labels);
}
