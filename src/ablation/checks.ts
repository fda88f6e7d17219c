import { InputError } from "../errors.js";
import { mean } from "../stats/describe.js";
import { compareSlices, type SliceComparisonRow } from "../stats/slices.js";
import { welchTTest } from "../stats/welch.js";
import { canonicalJson, differingKeys, showValue } from "./arms.js";
import { pValueText, verdict } from "./conclusion.js";
import { COMPUTE_FIELDS, type Arm, type ComputeField, type DeltaRow, type Flag } from "./types.js";

/** Relative difference in a compute field above which two arms are not compute-matched. */
export const COMPUTE_TOLERANCE = 0.01;

/** A share of the total gain above which one slice "carries" it. */
export const SLICE_SHARE_THRESHOLD = 0.5;

const COMPUTE_LABELS: Record<ComputeField, string> = {
  trainFlops: "training FLOPs",
  trainTokens: "training tokens",
  inferenceSamples: "inference samples per example",
  inferenceTokens: "inference tokens per example",
};

/** "lr: 0.001 → 0.002" for each key. */
function changes(keys: readonly string[], from: Readonly<Record<string, unknown>>, to: Readonly<Record<string, unknown>>) {
  return keys.map((k) => `${k}: ${showValue(from, k)} → ${showValue(to, k)}`).join("; ");
}

/**
 * confound: the variant changes more config keys than the factor under test.
 * Without a named factor, any change of two or more keys is a confound. A variant whose
 * config equals the baseline's is flagged too: whatever differs is not recorded.
 */
export function confoundFlags(baseline: Arm, variant: Arm, factor: string | null): Flag[] {
  const diff = differingKeys(baseline.config, variant.config);
  const flag = (evidence: string): Flag[] => [{ kind: "confound", variant: variant.name, evidence }];
  if (diff.length === 0) {
    return flag("has the same config as the baseline: any difference comes from something the config does not record");
  }
  if (factor !== null) {
    if (!diff.includes(factor)) {
      return flag(`does not change the factor under test "${factor}"${diff.length ? `; it changes ${changes(diff, baseline.config, variant.config)}` : ""}`);
    }
    const others = diff.filter((k) => k !== factor);
    if (others.length > 0) {
      return flag(`changes ${others.length} config key${others.length > 1 ? "s" : ""} besides "${factor}": ${changes(others, baseline.config, variant.config)}`);
    }
    return [];
  }
  if (diff.length > 1) {
    return flag(`changes ${diff.length} config keys at once: ${changes(diff, baseline.config, variant.config)}`);
  }
  return [];
}

/** The arm's mean of a compute field over the runs that report it, and how many do. */
function armCompute(arm: Arm, field: ComputeField): { value: number; reported: number } {
  const values = arm.runs.map((r) => r.compute?.[field]).filter((v): v is number => v !== undefined);
  return { value: values.reduce((s, v) => s + v, 0) / values.length, reported: values.length };
}

/** compute: training compute or inference budget differs by more than 1%, or is reported for one arm only. */
export function computeFlags(baseline: Arm, variant: Arm): Flag[] {
  const flags: Flag[] = [];
  for (const field of COMPUTE_FIELDS) {
    const base = armCompute(baseline, field);
    const vari = armCompute(variant, field);
    if (base.reported === 0 && vari.reported === 0) continue;
    const label = COMPUTE_LABELS[field];
    if (base.reported < baseline.runs.length || vari.reported < variant.runs.length) {
      flags.push({
        kind: "compute",
        variant: variant.name,
        evidence: `${label} (${field}) reported for ${base.reported}/${baseline.runs.length} baseline and ${vari.reported}/${variant.runs.length} variant runs: cannot check that compute is matched`,
      });
      continue;
    }
    const ratio = vari.value / base.value;
    if (Math.abs(ratio - 1) > COMPUTE_TOLERANCE) {
      flags.push({
        kind: "compute",
        variant: variant.name,
        evidence: `${label} differ: ${vari.value.toPrecision(3)} vs ${base.value.toPrecision(3)} for the baseline (${ratio.toPrecision(3)}×)`,
      });
    }
  }
  return flags;
}

/** decoding: any decoding setting differs between the arms (or within one). */
export function decodingFlags(baseline: Arm, variant: Arm): Flag[] {
  const settings = (arm: Arm) => [...new Set(arm.runs.map((r) => canonicalJson(r.decoding ?? {})))];
  const base = settings(baseline);
  const vari = settings(variant);
  if (base.length === 1 && vari.length === 1 && base[0] === vari[0]) return [];
  if (base.length > 1 || vari.length > 1) {
    const arm = base.length > 1 ? baseline : variant;
    return [{ kind: "decoding", variant: variant.name, evidence: `decoding settings differ between the seeds of "${arm.name}"` }];
  }
  const from = baseline.runs[0].decoding ?? {};
  const to = variant.runs[0].decoding ?? {};
  return [{ kind: "decoding", variant: variant.name, evidence: `decoding differs: ${changes(differingKeys(from, to), from, to)}` }];
}

/**
 * seeds: fewer than 3 seeds in an arm (once per variant); per metric, |delta| within the
 * seed-to-seed standard deviation, or a delta that holds over examples but not across seeds.
 */
export function seedFlags(rows: readonly DeltaRow[], level: number): Flag[] {
  if (rows.length === 0) return [];
  const flags: Flag[] = [];
  const { variant, seedsBaseline, seedsVariant } = rows[0];
  if (seedsBaseline < 3 || seedsVariant < 3) {
    flags.push({
      kind: "seeds",
      variant,
      evidence: `${seedsBaseline} baseline and ${seedsVariant} variant seed${seedsVariant === 1 ? "" : "s"} (fewer than 3 per arm): seed-to-seed variation is ${seedsBaseline < 2 || seedsVariant < 2 ? "not measured" : "poorly measured"}`,
    });
  }
  for (const row of rows) {
    const flag = (evidence: string) => flags.push({ kind: "seeds", variant, metric: row.metric, evidence });
    const spread = Math.max(row.seedStdBaseline, row.seedStdVariant);
    if (Math.abs(row.delta) <= spread) {
      flag(`delta ${signed(row.delta)} is within the seed-to-seed spread (std ${row.seedStdBaseline.toPrecision(3)} baseline, ${row.seedStdVariant.toPrecision(3)} variant)`);
    } else if (row.pExamples < 1 - level && row.pSeeds >= 1 - level) {
      flag(`the delta holds over examples (${pValueText(row.pExamples)}) but not across seeds (Welch ${pValueText(row.pSeeds)})`);
    }
  }
  return flags;
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : ""}${x.toPrecision(3)}`;
}

/** The slice labels shared by every run of both arms, or null when runs give none. */
export function sharedSlices(baseline: Arm, variant: Arm): readonly string[] | null {
  const runs = [...baseline.runs, ...variant.runs];
  const labelled = runs.filter((r) => r.slices !== undefined);
  if (labelled.length === 0) return null;
  const first = labelled[0];
  for (const run of runs) {
    if (canonicalJson(run.slices) !== canonicalJson(first.slices)) {
      throw new InputError(
        `${run.source}: field slices: differs from ${first.source}`,
        "slice labels name the examples, so every run must give the same labels in the same order",
      );
    }
  }
  return first.slices ?? null;
}

/**
 * slice, for a metric that improves (its verdict is "better"):
 * - one slice holding under half of the examples carries more than half of the net gain,
 *   share = (n_s/N)·delta_s / delta, and its per-example gains differ from the other
 *   slices' (Welch's t on the per-example differences, p below 1 − level);
 * - a slice gets significantly worse (Holm-adjusted over slices) while the average improves.
 * `paired` are the row's seed-averaged per-example values (pairedExamples) and `labels` the
 * arms' slice labels (sharedSlices); `source` names the run in errors.
 */
export function sliceFlags(
  row: DeltaRow,
  paired: readonly [Float64Array, Float64Array] | null,
  labels: readonly string[] | null,
  source: string,
  settings: { level: number; nResamples: number; seed: number },
): Flag[] {
  if (labels === null || paired === null || verdict(row, settings.level) !== "better") return [];
  const [a, b] = paired;
  if (labels.length !== a.length) {
    throw new InputError(
      `${source}: field slices: ${labels.length} labels for ${a.length} examples of metric "${row.metric}"`,
      "one slice label per example",
    );
  }
  const slices = compareSlices(a, b, labels, settings);
  if (slices.length < 2) return [];
  const sign = row.better === "higher" ? 1 : -1;
  const total = labels.length;
  const gain = sign * row.delta;
  const alpha = 1 - settings.level;
  const flags: Flag[] = [];
  const flag = (evidence: string) => flags.push({ kind: "slice", variant: row.variant, metric: row.metric, evidence });

  const contribution = (s: SliceComparisonRow) => (s.n / total) * sign * s.delta;
  const top = slices.reduce((best, s) => (contribution(s) > contribution(best) ? s : best));
  const share = contribution(top) / gain;
  if (share > SLICE_SHARE_THRESHOLD && top.n / total < 0.5) {
    const inTop = labels.map((label) => label === top.slice);
    const diffs = (keep: boolean) => Array.from(a.keys()).filter((i) => inTop[i] === keep).map((i) => b[i] - a[i]);
    const others = diffs(false);
    const concentration = welchTTest(others, diffs(true)).pValue;
    if (concentration < alpha) {
      const elsewhere = mean(others);
      const carried = share > 1 ? `all of the net gain (${percent(share)} of it; the other slices change by ${signed(elsewhere)} on average)` : `${percent(share)} of the net gain (${signed(top.delta)} there vs ${signed(elsewhere)} on the other slices)`;
      flag(`slice "${top.slice}" (${percent(top.n / total)} of examples) carries ${carried}; its gain differs from the rest's (Welch ${pValueText(concentration)})`);
    }
  }
  for (const s of slices) {
    if (sign * s.delta < 0 && s.pAdjusted < alpha) {
      flag(`slice "${s.slice}" (n = ${s.n}) gets worse: ${signed(s.delta)} (Holm-adjusted ${pValueText(s.pAdjusted)}) while the average improves`);
    }
  }
  return flags;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
