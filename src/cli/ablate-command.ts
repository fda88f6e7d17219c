import { Command } from "commander";
import { levelLabel } from "../stats/level.js";
import { ABLATION_FIELDS, type AblationReport } from "../ablation/index.js";
import { ablateJsonl } from "../evaluate/from-jsonl.js";
import { readText } from "../workspace/jsonl.js";
import { formatInterval, formatP, formatterFor, toJson } from "./format.js";
import { renderMarkdownTable, renderTable } from "../report/table.js";
import { testedOver } from "../report/tested-over.js";
import { INTERVAL_DEFAULTS, parseChoice, parseInteger, parseLevel, parseResamples } from "./options.js";
import { resolveExamplePath } from "./example-path.js";
import { createProgress } from "./progress.js";

interface AblateFlags {
  baseline?: string;
  factor?: string;
  lowerIsBetter?: string;
  higherIsBetter?: string;
  format: string;
  level: string;
  resamples: string;
  seed: string;
}

/** `dojo ablate FILE...`: the ablation delta table, its flags and the justified conclusion. */
export function ablateCommand(): Command {
  return new Command("ablate")
    .description("compare ablation arms: delta table with CIs and p-values, confound flags, justified conclusion")
    .argument("<files...>", "JSON Lines files, one run per line")
    .option("--baseline <arm>", 'arm to compare against (default: the arm named "baseline", else the first)')
    .option("--factor <key>", "config key under test; other differing keys are flagged as confounds")
    .option(
      "--lower-is-better <metrics>",
      "comma-separated metrics where lower is better (default: names with a part loss, perplexity, ppl, nll, error, err, wer, cer, latency, bpb, or bits_per)",
    )
    .option("--higher-is-better <metrics>", "comma-separated metrics where higher is better, overriding the names above")
    .option("--format <format>", "table, md or json", "table")
    .option("--level <level>", "confidence level", INTERVAL_DEFAULTS.level)
    .option("--resamples <n>", "bootstrap / randomization resamples", INTERVAL_DEFAULTS.resamples)
    .option("--seed <seed>", "resampling seed", INTERVAL_DEFAULTS.seed)
    .addHelpText(
      "after",
      `\nRecord fields:\n  ${ABLATION_FIELDS}\n  compute: {"trainFlops", "trainTokens", "inferenceSamples", "inferenceTokens"}\n\nFlags raised: confound, compute, seeds, slice, decoding.\n\nExamples:\n  dojo ablate examples/ablation.jsonl --factor pos\n  dojo ablate base.jsonl variant.jsonl --format md\n`,
    )
    .action((files: string[], flags: AblateFlags) => {
      const format = parseChoice("--format", flags.format, ["table", "md", "json"] as const);
      const level = parseLevel(flags.level);
      const sources = files.map((file) => ({ name: file, text: readText(resolveExamplePath(file)) }));
      const metricList = (text: string | undefined) => text?.split(",").map((m) => m.trim());
      const progress = createProgress("comparing arms");
      const report = ablateJsonl(sources, {
        baseline: flags.baseline,
        factor: flags.factor,
        lowerIsBetter: metricList(flags.lowerIsBetter),
        higherIsBetter: metricList(flags.higherIsBetter),
        labels: { lowerIsBetter: "--lower-is-better", higherIsBetter: "--higher-is-better" },
        level,
        nResamples: parseResamples(flags.resamples),
        seed: parseInteger("--seed", flags.seed),
        onProgress: progress.update,
      });
      progress.finish();
      process.stdout.write(format === "json" ? toJson({ ...report, level }) : formatAblationReport(report, level, format));
    });
}

/** The ablation report as a plain-text (`table`) or Markdown (`md`) document. */
export function formatAblationReport(report: AblationReport, level: number, format: "table" | "md"): string {
  const header = ["variant", "metric", "better", "baseline", "variant value", "delta", `${levelLabel(level)} CI`, "p (Holm)", "seeds (b/v)", "tested over"];
  const rows = report.rows.map((r) => {
    const format = formatterFor(r.baseline, r.value);
    const formatDelta = formatterFor(r.delta, r.low, r.high);
    const signed = (x: number) => (x >= 0 ? "+" : "") + formatDelta(x);
    return [
      r.variant,
      r.metric,
      r.better,
      format(r.baseline),
      format(r.value),
      signed(r.delta),
      formatInterval(r.low, r.high, signed),
      formatP(r.pAdjusted),
      `${r.seedsBaseline}/${r.seedsVariant}`,
      testedOver(r.tests),
    ];
  });
  const notes = [
    "p: the largest p-value of the tests run (paired randomization over examples, Welch over seeds), Holm-adjusted over all rows.",
    ...(report.rows.some((r) => r.tests.length === 0) ? ["n/a: nothing to test with one seed per arm and aggregate metrics only."] : []),
  ];
  const arms = report.arms.map((a) => `${a.name} (${a.seeds} seed${a.seeds === 1 ? "" : "s"})`).join(", ");
  const flagLines = report.flags.length
    ? report.flags.map((f) => `- [${f.kind}] ${f.variant}${f.metric ? ` · ${f.metric}` : ""}: ${f.evidence}`)
    : ["- none: the checks found no confound, compute or decoding mismatch, seed or slice problem"];
  if (format === "md") {
    return [
      `## Ablation against "${report.baseline}"`,
      "",
      `Arms: ${arms}.${report.factor ? ` Factor under test: \`${report.factor}\`.` : ""}`,
      "",
      renderMarkdownTable(header, rows),
      ...notes.map((n) => `${n}  `),
      "",
      "### Flags",
      "",
      ...flagLines,
      "",
      "### Justified conclusion",
      "",
      report.conclusion.replace(/\n(?!\n)/g, "  \n"),
      "",
    ].join("\n");
  }
  return [
    `Ablation against "${report.baseline}" · arms: ${arms}${report.factor ? ` · factor: ${report.factor}` : ""}`,
    "",
    renderTable(header, rows),
    ...notes,
    "",
    "Flags:",
    ...flagLines.map((l) => `  ${l}`),
    "",
    "Justified conclusion:",
    ...report.conclusion.split("\n").map((l) => (l ? `  ${l}` : "")),
    "",
  ].join("\n");
}
