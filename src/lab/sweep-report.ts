/**
 * A sweep's report, `report.md` with SVG charts beside it, and the files written with it:
 *
 *   Final loss per learning rate   mean over seeds, diverged runs counted at ℓ0 and marked †
 *   LR sensitivity                 per variant, from the seed-mean curve and per seed
 *   Charts                         final loss vs LR (log x); max attention logit vs LR; max
 *                                  attention logit over steps at the highest stable LR,
 *                                  baseline vs qk-norm; output-logit log Z over steps, baseline vs z-loss
 *   What reproduced                the verdicts of sweep-verdicts.ts with their evidence and rules
 *   Settings tried                 everything the runs shared
 *
 * Every number is computed from sweep.json; the report of an interrupted sweep shows what ran.
 */
import { join } from "node:path";
import { renderMarkdownTable } from "../report/table.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { formatDuration } from "./runs.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";
import { SENSITIVITY_METRIC, sweepAblationJsonl } from "./sweep-ablation.js";
import { sweepJobs, sweepRunConfig, type SweepVariant } from "./sweep-plan.js";
import type { SweepFile } from "./sweep-file.js";
import { cellOf, summarizeSweep, type SweepSummary } from "./sweep-summary.js";
import { judgeClaims, type ClaimVerdict } from "./sweep-verdicts.js";

export interface SweepReport {
  markdown: string;
  /** SVG text by chart name; each is written as `<name>.svg` beside report.md. */
  charts: Record<string, string>;
  verdicts: ClaimVerdict[];
  summary: SweepSummary;
}

/** The runs file's name in the sweep folder. */
export const RUNS_FILE = "runs.jsonl";

const CAPTIONS = {
  "final-loss": "Final validation loss against the learning rate",
  "attention-lr": "Max attention logit against the learning rate",
  "attention-steps": "Max attention logit over steps at the highest stable learning rate",
  "logz-steps": "Output logits' log Z over steps at the highest stable learning rate",
} as const;

/**
 * The loss table: one row per variant, one column per learning rate (mean final loss over
 * seeds, "†k" when k seeds diverged, "-" without a run), then the LR sensitivity.
 *
 * @example lossTable(summary).rows[0] // ["baseline", "1.93", ..., "2.66 †1", "0.45"]
 */
export function lossTable(summary: SweepSummary): { header: string[]; rows: string[][] } {
  const header = ["variant", ...summary.lrs.map((lr) => `lr=${lr}`), "LR sensitivity"];
  const rows = summary.variants.map((variant) => {
    const losses = summary.lrs.map((lr) => {
      const cell = cellOf(summary, variant, lr);
      if (!cell || cell.finalLoss === null) return "-";
      return cell.finalLoss.toFixed(3) + (cell.diverged > 0 ? ` †${cell.diverged}` : "");
    });
    const sensitivity = summary.sensitivity.find((s) => s.variant === variant)?.value;
    return [variant, ...losses, sensitivity == null ? "-" : sensitivity.toFixed(3)];
  });
  return { header, rows };
}

/**
 * Builds the report of a sweep without writing anything.
 *
 * @example const { markdown, charts, verdicts } = buildSweepReport(readSweepFile(dir));
 */
export function buildSweepReport(sweep: SweepFile): SweepReport {
  const { plan, results } = sweep;
  const summary = summarizeSweep(plan, results);
  const verdicts = judgeClaims(summary, sweep.thresholds);
  const charts = buildCharts(sweep, summary);
  const total = sweepJobs(plan).length;
  const config = sweepRunConfig(plan, sweepJobs(plan)[0]);
  const m = config.model;
  const s = plan.settings;

  const md: string[] = [];
  md.push(`# Learning-rate sweep ${sweep.id}`, "");
  md.push(
    `Wortsman et al. 2023 ("Small-scale proxies for large-scale Transformer training instabilities") at small scale: ` +
      `${plan.lrs.length} learning rates × ${plan.variants.length} variants × ${plan.seeds.length} seed${plan.seeds.length === 1 ? "" : "s"} = ${total} runs of the ${plan.preset} preset, ${plan.steps} steps each` +
      `${plan.quick ? " (--quick)" : ""}. ${statusLine(sweep, total)}`,
    "",
  );

  md.push("## Final loss per learning rate", "");
  const initial = summary.sensitivity.map((v) => v.initialLoss);
  const l0 = initial.length === 0 ? "" : ` (ℓ0 ≈ ${(initial.reduce((a, b) => a + b, 0) / initial.length).toFixed(3)})`;
  md.push(
    `Final validation loss in nats per token, mean over seeds. A run that diverged (a NaN or Inf stopped it) counts as its loss at initialization${l0}, ` +
      `and a run that ended above it as that loss, as the paper caps at ℓ0; † k marks a cell where k seeds diverged.`,
    "",
  );
  const table = lossTable(summary);
  md.push(renderMarkdownTable(table.header, table.rows).trimEnd(), "");

  md.push("## LR sensitivity", "");
  md.push(
    "LR sensitivity = E_η[min(ℓ(η), ℓ0) − min_η ℓ(η)] over the swept learning rates (Wortsman et al. 2023, §2.2): how much worse than its best a variant ends, " +
      "on average over the grid; lower is better. From the seed-mean curve, and from each seed's own curve.",
    "",
  );
  const sensitivityRows = summary.sensitivity.map((v) => {
    const best = summary.lrs
      .map((lr) => ({ lr, loss: cellOf(summary, v.variant, lr)?.finalLoss ?? null }))
      .filter((c): c is { lr: number; loss: number } => c.loss !== null)
      .reduce<{ lr: number; loss: number } | null>((a, b) => (a === null || b.loss < a.loss ? b : a), null);
    return [
      v.variant,
      v.value === null ? "-" : v.value.toFixed(3),
      v.perSeed.length === 0 ? "-" : v.perSeed.map((p) => `${p.value.toFixed(3)} (seed ${p.seed})`).join(", "),
      best === null ? "-" : `${best.loss.toFixed(3)} at lr ${best.lr}`,
      v.initialLoss.toFixed(3),
    ];
  });
  md.push(renderMarkdownTable(["variant", "LR sensitivity", "per seed", "best final loss", "ℓ0"], sensitivityRows).trimEnd(), "");

  md.push("## Charts", "");
  for (const [name, caption] of Object.entries(CAPTIONS)) {
    if (charts[name] !== undefined) md.push(`![${caption}](${name}.svg)`, "");
  }

  md.push("## What reproduced", "");
  md.push("Each claim is judged by a fixed rule from the numbers above; the rule is printed with its verdict.", "");
  for (const v of verdicts) {
    md.push(`### (${v.claim}) ${v.statement}: ${v.verdict}`, "", `${capitalize(v.evidence)}.`, "", `Rule: ${v.rule}.`, "");
  }
  md.push("Settings tried:", "");
  md.push(
    `- model: the ${plan.preset} preset, ${m.nLayer} layers, ${m.nHead} heads, width ${m.nEmbd}, block ${m.blockSize}, batch ${config.batchSize}; ${m.norm}, ${m.positions} positions, ${m.tiedHead ? "tied" : "untied"} head`,
    `- data: ${config.data.source === "synthetic" ? `the synthetic corpus (${config.data.syntheticChars.toLocaleString("en-US")} characters)` : config.data.source}, ${config.tokenizer.kind} tokenizer; seeds ${plan.seeds.join(", ")} (each seed its own weights, data split and batches)`,
    `- learning rates: ${plan.lrs.join(", ")}; ${plan.steps} steps, warmup ${s.warmupSteps}, cosine decay to ${decimal(s.minLr)} (or the peak lr, if lower)`,
    `- AdamW β1 ${config.optimizer.beta1}, β2 ${s.beta2}, ε ${decimal(config.optimizer.eps)}; gradient clipping at ${s.gradClip}; independent weight decay λ = ${decimal(s.weightDecay)}`,
    `- variants: ${plan.variants.join(", ")}; z-loss coefficient ${decimal(s.zLoss)}`,
    `- signals: attention and output logits of the first micro-batch every ${s.signalEvery} steps; thresholds ${sweep.thresholds.attentionLogitMax} (attention logit) and ${sweep.thresholds.logZMax} (|log Z|)`,
    `- kernels: ${plan.backend}, one thread per run`,
    "",
  );

  md.push("## The runs file", "");
  md.push(
    `\`${RUNS_FILE}\` holds one line per variant and seed with the final loss at each learning rate (\`final_loss@lr=…\`) and that seed's \`${SENSITIVITY_METRIC}\`, for the ablation analysis:`,
    "",
    "```sh",
    ablateCommand(RUNS_FILE),
    "```",
    "",
  );
  return { markdown: md.join("\n").trimEnd() + "\n", charts, verdicts, summary };
}

/**
 * The `dojo ablate` command that reads a sweep's runs file (the baseline arm against the others).
 *
 * @example ablateCommand("runs/sweep-20261121-073015/runs.jsonl")
 */
export function ablateCommand(runsFile: string, dojo = "dojo"): string {
  const quoted = /^[\w./@=+-]+$/.test(runsFile) ? runsFile : `'${runsFile.replace(/'/g, "'\\''")}'`;
  return `${dojo} ablate ${quoted} --factor variant --lower-is-better ${SENSITIVITY_METRIC}`;
}

/**
 * Writes the runs file, every chart and report.md into the sweep folder, each atomically
 * (report.md last, so it never links a missing chart); returns the report.
 */
export function writeSweepReport(dir: string, sweep: SweepFile): SweepReport {
  const report = buildSweepReport(sweep);
  writeFileAtomic(join(dir, RUNS_FILE), sweepAblationJsonl(sweep.plan, sweep.results));
  for (const [name, svg] of Object.entries(report.charts)) writeFileAtomic(join(dir, `${name}.svg`), svg);
  writeFileAtomic(join(dir, "report.md"), report.markdown);
  return report;
}

function statusLine(sweep: SweepFile, total: number): string {
  const done = sweep.results.length;
  const diverged = sweep.results.filter((r) => r.diverged).length;
  const runs = `${done} of ${total} runs finished${diverged > 0 ? `, ${diverged} diverged` : ""}`;
  const how = sweep.status === "completed" ? "Completed" : sweep.status === "interrupted" ? "Interrupted" : "Running";
  return `${how}: ${runs}, wall time ${formatDuration(sweep.wallMs)}.`;
}

function buildCharts(sweep: SweepFile, summary: SweepSummary): Record<string, string> {
  const charts: Record<string, string> = {};
  const { plan } = sweep;
  const byVariant = (value: (variant: SweepVariant, lr: number) => number | null): ChartSeries[] =>
    summary.variants.map((variant) => ({ name: variant, points: summary.lrs.map((lr): [number, number] => [lr, value(variant, lr) ?? Number.NaN]) }));

  const lossSeries = byVariant((v, lr) => cellOf(summary, v, lr)?.finalLoss ?? null);
  if (summary.sensitivity.length > 0) {
    const l0 = summary.sensitivity.reduce((a, v) => a + v.initialLoss, 0) / summary.sensitivity.length;
    lossSeries.push({ name: "ℓ0 (initial loss)", points: [[summary.lrs[0], l0], [summary.lrs.at(-1)!, l0]] });
  }
  charts["final-loss"] = lineChart({ title: CAPTIONS["final-loss"], xLabel: "peak learning rate (log scale)", yLabel: "final loss (nats/token)", logX: true, series: lossSeries });
  charts["attention-lr"] = lineChart({
    title: CAPTIONS["attention-lr"],
    xLabel: "peak learning rate (log scale)",
    yLabel: "max attention logit (log scale)",
    logX: true,
    logY: true,
    series: byVariant((v, lr) => cellOf(summary, v, lr)?.maxAttentionLogit ?? null),
  });

  // Over steps: the first seed's run of each variant at its highest learning rate with no
  // diverged seed, so that each line covers the whole run.
  const overSteps = (variants: SweepVariant[], points: (r: SweepFile["results"][number]) => [number, number][]): ChartSeries[] =>
    variants.flatMap((variant) => {
      const stable = summary.lrs.filter((lr) => {
        const cell = cellOf(summary, variant, lr);
        return cell !== undefined && cell.runs > 0 && cell.diverged === 0;
      });
      const lr = stable.at(-1);
      const run = sweep.results.find((r) => r.variant === variant && r.lr === lr && r.seed === plan.seeds[0]);
      return run === undefined ? [] : [{ name: `${variant}, lr ${lr} (seed ${run.seed})`, points: points(run) }];
    });
  const has = (...variants: SweepVariant[]) => variants.every((v) => plan.variants.includes(v));
  if (has("baseline", "qk-norm")) {
    charts["attention-steps"] = lineChart({ title: CAPTIONS["attention-steps"], xLabel: "step", yLabel: "max attention logit (log scale)", logY: true, series: overSteps(["baseline", "qk-norm"], (r) => r.attention) });
  }
  if (has("baseline", "z-loss")) {
    charts["logz-steps"] = lineChart({ title: CAPTIONS["logz-steps"], xLabel: "step", yLabel: "mean log Z of the output logits", series: overSteps(["baseline", "z-loss"], (r) => r.logZ) });
  }
  return charts;
}

/**
 * A setting as people write it: exponent notation below 1e-3 ("1e-5", not "0.00001").
 *
 * @example decimal(0.0001) // "1e-4"
 */
function decimal(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
