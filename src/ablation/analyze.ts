import { groupArms, pickBaseline } from "./arms.js";
import { computeFlags, confoundFlags, decodingFlags, seedFlags, sliceFlags } from "./checks.js";
import { variantConclusion } from "./conclusion.js";
import { deltaRow, metricNames } from "./deltas.js";
import type { AblationOptions, AblationReport, AblationRun, DeltaRow, Flag } from "./types.js";

/**
 * The ablation analysis: group runs into arms, compare each variant with the baseline
 * on every metric (delta, CI, p-value, seeds), run the five checks (confound, compute,
 * seeds, slice, decoding) and write the justified conclusion.
 *
 * @example
 * analyzeAblation(runs, { factor: "pos" }).conclusion
 * // '"rope" vs "baseline": acc +1.80 (95% CI +0.40 to +3.20, ...). Supported: ... Not supported: ...'
 */
export function analyzeAblation(runs: readonly AblationRun[], options: AblationOptions = {}): AblationReport {
  const settings = {
    level: options.level ?? 0.95,
    nResamples: options.nResamples ?? 10000,
    seed: options.seed ?? 0,
    lowerIsBetter: options.lowerIsBetter,
  };
  const factor = options.factor ?? null;
  const arms = groupArms(runs);
  const baseline = pickBaseline(arms, options.baseline);
  const metrics = metricNames(baseline);
  const rows: DeltaRow[] = [];
  const flags: Flag[] = [];
  const paragraphs: string[] = [];
  const variants = arms.filter((a) => a !== baseline);
  const total = variants.length * metrics.length;
  let done = 0;
  for (const variant of variants) {
    const variantRows = metrics.map((m) => {
      const row = deltaRow(baseline, variant, m, settings);
      options.onProgress?.(++done, total);
      return row;
    });
    const variantFlags = [
      ...confoundFlags(baseline, variant, factor),
      ...computeFlags(baseline, variant),
      ...decodingFlags(baseline, variant),
      ...variantRows.flatMap(seedFlags),
      ...variantRows.flatMap((row) => sliceFlags(baseline, variant, row, settings)),
    ];
    rows.push(...variantRows);
    flags.push(...variantFlags);
    paragraphs.push(variantConclusion(baseline, variant, variantRows, variantFlags, factor, settings.level));
  }
  return {
    baseline: baseline.name,
    factor,
    arms: arms.map((a) => ({ name: a.name, seeds: a.runs.length, config: a.config })),
    rows,
    flags,
    conclusion: paragraphs.join("\n\n"),
  };
}
