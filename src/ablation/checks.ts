import { InputError } from "../errors.js";
import { mean } from "../stats/describe.js";
import { compareSlices, type SliceComparisonRow } from "../stats/slices.js";
import { welchTTest } from "../stats/welch.js";
import { canonicalJson, differingKeys, showValue } from "./arms.js";
import { pValueText, verdict } from "./conclusion.js";
import { COMPUTE_FIELDS, type Arm, type ComputeField, type DeltaRow, type Flag } from "./types.js";

/** Relative difference in a compute field above which two arms are not compute-matched. */
export const COMPUTE_TOLERANCE = 0.01;

/** A share of the positive gain (summed over the slices that improve) above which one slice "carries" it. */
export const SLICE_SHARE_THRESHOLD = 0.5;

/** A slice at least this share of the top slice's size counts as "of similar size". */
export const SIMILAR_SLICE_SIZE = 0.5;
/** A per-example gain at least this share of the top slice's counts as "gains as much". */
export const SIMILAR_SLICE_GAIN = 0.75;

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
  // Σ (v / n) rather than Σ v / n: FLOP counts near the largest double must not overflow.
  return { value: values.reduce((s, v) => s + v / values.length, 0), reported: values.length };
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
 * - concentration: one slice holding under half of the examples carries more than half of
 *   the positive gain, share_s = c_s / Σ_{t: c_t > 0} c_t with c_s = (n_s/N)·gain_s, and its
 *   per-example gains differ from those of the other slices that do not get significantly
 *   worse (Welch's t on the per-example differences, p below 1 − level). A losing slice
 *   neither shrinks the denominator nor drags "the rest" down. Never raised when another
 *   slice of similar size (n_t ≥ SIMILAR_SLICE_SIZE·n_s) gains about as much per example
 *   (gain_t ≥ SIMILAR_SLICE_GAIN·gain_s): then the gain is shared, not concentrated;
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
  const alpha = 1 - settings.level;
  const gain = (s: SliceComparisonRow) => sign * s.delta;
  const worse = slices.filter((s) => gain(s) < 0 && s.pAdjusted < alpha);
  const flags: Flag[] = [];
  const flag = (evidence: string) => flags.push({ kind: "slice", variant: row.variant, metric: row.metric, evidence });

  const concentration = concentratedGain(slices, worse, labels, a, b, sign, alpha);
  if (concentration) {
    const { top, share, elsewhere, pValue } = concentration;
    flag(
      `slice "${top.slice}" (${percent(top.n / labels.length)} of examples) carries ${percent(share)} of the gain summed over the slices that improve (${signed(top.delta)} there vs ${signed(elsewhere)} on the other slices that do not get significantly worse); its gain differs from theirs (Welch ${pValueText(pValue)})`,
    );
  }
  for (const s of worse) {
    flag(`slice "${s.slice}" (n = ${s.n}) gets worse: ${signed(s.delta)} (Holm-adjusted ${pValueText(s.pAdjusted)}) while the average improves`);
  }
  return flags;
}

/**
 * The concentration half of sliceFlags: the slice with the largest contribution
 * c_s = (n_s/N)·gain_s, its share of the positive contributions, and the Welch test of its
 * per-example differences against those of the slices that are neither it nor `worse`;
 * null when no slice carries the gain alone.
 */
function concentratedGain(
  slices: readonly SliceComparisonRow[],
  worse: readonly SliceComparisonRow[],
  labels: readonly string[],
  a: Float64Array,
  b: Float64Array,
  sign: number,
  alpha: number,
): { top: SliceComparisonRow; share: number; elsewhere: number; pValue: number } | null {
  const total = labels.length;
  const gain = (s: SliceComparisonRow) => sign * s.delta;
  const contribution = (s: SliceComparisonRow) => (s.n / total) * gain(s);
  const top = slices.reduce((best, s) => (contribution(s) > contribution(best) ? s : best));
  const positive = slices.reduce((sum, s) => sum + Math.max(0, contribution(s)), 0);
  if (!(contribution(top) > 0)) return null;
  const share = contribution(top) / positive;
  if (!(share > SLICE_SHARE_THRESHOLD) || !(top.n / total < 0.5)) return null;
  const rival = slices.some((s) => s !== top && s.n >= SIMILAR_SLICE_SIZE * top.n && gain(s) >= SIMILAR_SLICE_GAIN * gain(top));
  if (rival) return null;

  const excluded = new Set([top.slice, ...worse.map((s) => s.slice)]);
  const diffsWhere = (keep: (label: string) => boolean) =>
    labels.flatMap((label, i) => (keep(label) ? [b[i] - a[i]] : []));
  const others = diffsWhere((label) => !excluded.has(label));
  if (others.length === 0) return null;
  const pValue = welchTTest(others, diffsWhere((label) => label === top.slice)).pValue;
  if (!(pValue < alpha)) return null;
  return { top, share, elsewhere: mean(others), pValue };
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
