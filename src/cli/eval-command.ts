import { Command } from "commander";
import { levelLabel } from "../stats/level.js";
import type { EvalReport } from "../evaluate/evaluate.js";
import { evalKindNamed, evaluateJsonl } from "../evaluate/from-jsonl.js";
import type { KindSettings } from "../evaluate/kind.js";
import { EVAL_KINDS } from "../evaluate/kinds.js";
import type { SquadRules } from "../metrics/squad.js";
import { readText } from "../workspace/jsonl.js";
import { formatInterval, formatterFor, toJson } from "./format.js";
import { renderTable } from "../report/table.js";
import {
  INTERVAL_DEFAULTS,
  parseChoice,
  parseIntList,
  parseIntervalFlags,
  parseNumber,
  type IntervalFlags,
} from "./options.js";
import { resolveExamplePath } from "./example-path.js";
import { createProgress } from "./progress.js";

interface EvalFlags extends IntervalFlags {
  slice?: string;
  json?: boolean;
  k?: string;
  rules: string;
  relevanceThreshold: string;
}

const METHOD_NAMES = { bca: "BCa", percentile: "percentile", basic: "basic" } as const;

/** The input file as a header names it: "-" is standard input. */
function fileName(file: string): string {
  return file === "-" ? "standard input" : file;
}

/** `dojo eval KIND FILE`: metrics with bootstrap confidence intervals for one JSONL file. */
export function evalCommand(): Command {
  const kinds = Object.values(EVAL_KINDS)
    .map((k) => `  ${k.name.padEnd(5)} ${k.summary}\n        ${k.fields}`)
    .join("\n");
  return new Command("eval")
    .description("compute evaluation metrics with confidence intervals from a JSONL file")
    .argument("<kind>", `kind of records: ${Object.keys(EVAL_KINDS).join(", ")}`)
    .argument("<file>", "JSON Lines file, one record per line; - reads standard input")
    .option("--slice <field>", "add per-slice rows, grouping records by this field")
    .option("--json", "print machine-readable JSON instead of a table")
    .option("--k <list>", "code: k of pass@k (default 1,10,100 where possible); rank: cutoffs (default 10)")
    .option("--rules <rules>", "qa: squad-v1 (empty vs empty F1 = 0) or squad-v2 (= 1)", "squad-v1")
    .option("--relevance-threshold <grade>", "rank: minimum qrels grade that counts as relevant", "1")
    .option("--level <level>", "confidence level", INTERVAL_DEFAULTS.level)
    .option("--ci <method>", "bootstrap interval: bca, percentile or basic", INTERVAL_DEFAULTS.ci)
    .option("--resamples <n>", "bootstrap resamples", INTERVAL_DEFAULTS.resamples)
    .option("--seed <seed>", "bootstrap seed", INTERVAL_DEFAULTS.seed)
    .addHelpText(
      "after",
      `\nKinds and record fields:\n${kinds}\n\nExamples:\n  dojo eval qa examples/qa.jsonl\n  dojo eval code examples/code.jsonl --k 1,5 --slice difficulty\n  dojo eval rank examples/rank.jsonl --k 1,5 --json\n`,
    )
    .action((kindName: string, file: string, flags: EvalFlags) => {
      evalKindNamed(kindName);
      const options = {
        rules: parseChoice<SquadRules>("--rules", flags.rules, ["squad-v1", "squad-v2"]),
        ks: flags.k === undefined ? null : parseIntList("--k", flags.k),
        relevanceThreshold: parseNumber("--relevance-threshold", flags.relevanceThreshold),
      };
      const settings = parseIntervalFlags(flags);
      const text = readText(resolveExamplePath(file));
      const progress = createProgress(`bootstrapping ${fileName(file)}`);
      const report = evaluateJsonl({
        kind: kindName,
        source: { name: file, text },
        options,
        settings,
        sliceField: flags.slice ?? null,
        onProgress: progress.update,
      });
      progress.finish();
      for (const warning of report.warnings) process.stderr.write(`dojo: warning: ${warning}\n`);
      process.stdout.write(flags.json ? toJson(report) : formatEvalReport(report));
    });
}

/** The options a kind applied, as header parts: "rules squad-v1", "k = 1, 10", "relevant: grade ≥ 1". */
function kindSettingsText(settings: KindSettings): string[] {
  return [
    ...(settings.rules === undefined ? [] : [`rules ${settings.rules}`]),
    ...(settings.k === undefined ? [] : [`k = ${settings.k.join(", ")}`]),
    ...(settings.relevanceThreshold === undefined ? [] : [`relevant: grade ≥ ${settings.relevanceThreshold}`]),
  ];
}

/** The table `dojo eval` prints. */
export function formatEvalReport(report: EvalReport): string {
  const { settings } = report;
  const percent = levelLabel(settings.level);
  const title = [
    report.kind,
    fileName(report.file),
    `${report.n} record${report.n === 1 ? "" : "s"}`,
    ...kindSettingsText(settings),
    `${percent} ${METHOD_NAMES[settings.method]} bootstrap CI (${settings.nResamples} resamples, seed ${settings.seed})`,
  ].join(" · ");
  const hasDetail = report.rows.some((r) => r.detail);
  const header = ["metric", "slice", "n", "value", `${percent} CI`, ...(hasDetail ? ["detail"] : [])];
  const rows = report.rows.map((r) => {
    const format = formatterFor(r.value, r.low, r.high);
    return [
      r.metric,
      r.slice ?? "(all)",
      String(r.n),
      format(r.value),
      formatInterval(r.low, r.high, format),
      ...(hasDetail ? [r.detail ?? ""] : []),
    ];
  });
  return `${title}\n\n${renderTable(header, rows)}\nNot measured: ${report.caveat}\n`;
}
