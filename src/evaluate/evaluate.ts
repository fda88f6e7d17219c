import { InputError } from "../errors.js";
import { groupBySlice } from "../stats/slices.js";
import type { LineRecord } from "../workspace/jsonl.js";
import { summarizeColumn, type IntervalSettings, type MetricRow } from "./columns.js";
import type { EvalKind, EvalOptions } from "./kind.js";

/** Everything `dojo eval` prints: rows for all records, then per slice when asked. */
export interface EvalReport {
  kind: string;
  file: string;
  n: number;
  sliceField: string | null;
  settings: IntervalSettings;
  rows: MetricRow[];
  caveat: string;
}

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
  const columns = kind.columns(
    records.map((r) => r.value),
    options,
    where,
  );
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
  return { kind: kind.name, file, n: records.length, sliceField, settings, rows, caveat: kind.caveat };
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
