import { levelLabel } from "../stats/level.js";
import { differingKeys, showValue } from "./arms.js";
import type { Arm, DeltaRow, Flag } from "./types.js";

/**
 * How a row reads: "better"/"worse" when its Holm-adjusted p is below 1 − level and its
 * interval excludes zero; "unclear" otherwise; "untestable" when no test could run
 * (one seed per arm and no per-example values).
 */
export function verdict(row: DeltaRow, level: number): "better" | "worse" | "unclear" | "untestable" {
  if (!Number.isFinite(row.pAdjusted)) return "untestable";
  if (!(row.pAdjusted < 1 - level) || !(row.low > 0 || row.high < 0)) return "unclear";
  return row.low > 0 === (row.better === "higher") ? "better" : "worse";
}

function num(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const text = Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3);
  return x > 0 ? `+${text}` : text;
}

/** A p-value for evidence text: "p = 0.0123", or "p < 0.0001" below that. */
export function pValueText(p: number): string {
  return p < 1e-4 ? "p < 0.0001" : `p = ${p.toFixed(4)}`;
}

function evidenceOf(row: DeltaRow, level: number): string {
  const seeds = `${row.seedsBaseline} vs ${row.seedsVariant} seeds`;
  if (!Number.isFinite(row.pAdjusted)) return `${row.metric} ${num(row.delta)} (no interval: ${seeds} and no per-example values)`;
  return `${row.metric} ${num(row.delta)} (${levelLabel(level)} CI ${num(row.low)} to ${num(row.high)}, Holm-adjusted ${pValueText(row.pAdjusted)}; ${seeds})`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** What the variant changed, as a phrase: "changing pos from "abs" to "rope"". */
function changePhrase(baseline: Arm, variant: Arm, factor: string | null, confounded: boolean): string {
  const diff = differingKeys(baseline.config, variant.config);
  if (diff.length === 0) return `the variant "${variant.name}" (same config as the baseline)`;
  if (confounded) return `the variant "${variant.name}" as a whole (it changes ${list(diff)} together)`;
  const key = factor ?? (diff.length === 1 ? diff[0] : null);
  if (key === null) return `the variant "${variant.name}"`;
  return `changing ${key} from ${showValue(baseline.config, key)} to ${showValue(variant.config, key)}`;
}

/**
 * The "justified conclusion" for one variant, written from its rows and flags:
 * the evidence, the claim it supports, and the stronger claim it does not.
 */
export function variantConclusion(
  baseline: Arm,
  variant: Arm,
  rows: readonly DeltaRow[],
  flags: readonly Flag[],
  factor: string | null,
  level: number,
): string {
  const of = (kind: Flag["kind"]) => flags.filter((f) => f.kind === kind);
  const rowsWith = (v: ReturnType<typeof verdict>) => rows.filter((r) => verdict(r, level) === v);
  const better = rowsWith("better");
  const worse = rowsWith("worse");
  const unclear = rowsWith("unclear");
  const untestable = rowsWith("untestable");
  const evidence = `"${variant.name}" vs "${baseline.name}": ${rows.map((r) => evidenceOf(r, level)).join("; ")}.`;
  const change = changePhrase(baseline, variant, factor, of("confound").length > 0);

  const supported: string[] = [];
  if (better.length > 0) supported.push(`${change} improves ${list(better.map((r) => r.metric))} on this evaluation`);
  if (worse.length > 0) supported.push(`${change} makes ${list(worse.map((r) => r.metric))} worse`);
  if (unclear.length > 0) {
    const bounds = unclear.map((r) => `${r.metric} by up to ${num(Math.max(Math.abs(r.low), Math.abs(r.high))).replace("+", "")}`);
    supported.push(
      `no reliable difference on ${list(unclear.map((r) => r.metric))} (Holm-adjusted p at least ${+(1 - level).toFixed(4)}, or an interval that includes zero); that is not evidence of no effect: ${list(bounds)} ${bounds.length === 1 ? "remains" : "remain"} possible`,
    );
  }
  if (untestable.length > 0) {
    supported.push(
      `no claim about ${list(untestable.map((r) => r.metric))}: with one seed per arm and no per-example values there is no estimate of noise`,
    );
  }
  const caveats: string[] = [];
  if (of("compute").length) caveats.push(`compute is not matched (${of("compute").map((f) => f.evidence).join("; ")}), so part of any difference may come from compute rather than the change`);
  if (of("decoding").length) caveats.push(`${of("decoding").map((f) => f.evidence).join("; ")}, so the difference may come from decoding rather than the model`);
  const seedIssues = of("seeds").filter((f) => f.metric === undefined || better.concat(worse).some((r) => r.metric === f.metric));
  if (seedIssues.length && better.length + worse.length > 0) caveats.push(`the seeds do not settle it (${seedIssues.map((f) => f.evidence).join("; ")})`);

  const notSupported: string[] = [];
  if (better.length + worse.length > 0 && of("confound").length) {
    notSupported.push(`that the difference is due to any single change: ${of("confound")[0].evidence}`);
  }
  for (const f of of("slice")) notSupported.push(`a uniform gain on ${f.metric}: ${f.evidence}`);
  if (better.length > 0 && worse.length > 0) notSupported.push(`that "${variant.name}" is better overall, since the metrics disagree`);
  notSupported.push("that the effect holds at other scales, data or tasks: this is one evaluation at one scale");

  return [
    evidence,
    `Supported: ${supported.join("; ")}${caveats.length ? `, with caveats: ${caveats.join("; ")}` : ""}.`,
    `Not supported: ${notSupported.join("; ")}.`,
  ].join("\n");
}
