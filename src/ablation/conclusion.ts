import { canonicalJson, differingKeys } from "./arms.js";
import type { Arm, DeltaRow, Flag } from "./types.js";

/** How a row's interval reads: an improvement, a regression, or no reliable difference. */
export function verdict(row: DeltaRow): "better" | "worse" | "unclear" {
  if (!(row.low > 0 || row.high < 0)) return "unclear";
  const up = row.low > 0;
  return up === (row.better === "higher") ? "better" : "worse";
}

function num(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const text = Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3);
  return x > 0 ? `+${text}` : text;
}

function evidenceOf(row: DeltaRow, level: number): string {
  const p = Number.isFinite(row.pValue) ? `, p = ${row.pValue < 1e-4 ? "<0.0001" : row.pValue.toFixed(4)}` : "";
  return `${row.metric} ${num(row.delta)} (${Math.round(level * 100)}% CI ${num(row.low)} to ${num(row.high)}${p}; ${row.seedsBaseline} vs ${row.seedsVariant} seeds)`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** What the variant changed, as a phrase: "changing pos from "abs" to "rope"". */
function changePhrase(baseline: Arm, variant: Arm, factor: string | null, confounded: boolean): string {
  const diff = differingKeys(baseline.config, variant.config);
  if (confounded) return `the variant "${variant.name}" as a whole (it changes ${list(diff)} together)`;
  const key = factor ?? (diff.length === 1 ? diff[0] : null);
  if (key === null) return `the variant "${variant.name}"`;
  return `changing ${key} from ${canonicalJson(baseline.config[key]) ?? "(unset)"} to ${canonicalJson(variant.config[key]) ?? "(unset)"}`;
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
  const better = rows.filter((r) => verdict(r) === "better");
  const worse = rows.filter((r) => verdict(r) === "worse");
  const evidence = `"${variant.name}" vs "${baseline.name}": ${rows.map((r) => evidenceOf(r, level)).join("; ")}.`;
  const change = changePhrase(baseline, variant, factor, of("confound").length > 0);

  const supported: string[] = [];
  if (better.length === 0 && worse.length === 0) {
    const widest = Math.max(...rows.map((r) => Math.max(Math.abs(r.low), Math.abs(r.high))));
    supported.push(
      `no reliable difference: every ${Math.round(level * 100)}% interval includes zero. That is not evidence of equivalence either: effects up to ${num(widest).replace("+", "±")} remain consistent with the data`,
    );
  } else {
    if (better.length > 0) supported.push(`${change} improves ${list(better.map((r) => r.metric))} on this evaluation`);
    if (worse.length > 0) supported.push(`it makes ${list(worse.map((r) => r.metric))} worse`);
  }
  const caveats: string[] = [];
  if (of("compute").length) caveats.push(`compute is not matched (${of("compute").map((f) => f.evidence).join("; ")}), so part of any gain may come from extra compute rather than the change`);
  if (of("decoding").length) caveats.push(`${of("decoding").map((f) => f.evidence).join("; ")}, so the difference may come from decoding rather than the model`);
  const seedIssues = of("seeds").filter((f) => better.concat(worse).some((r) => r.metric === f.metric));
  if (seedIssues.length) caveats.push(`the seeds do not settle it (${seedIssues.map((f) => f.evidence).join("; ")})`);

  const notSupported: string[] = [];
  if (of("confound").length) notSupported.push(`that the gain is due to any single change: ${of("confound")[0].evidence}`);
  for (const f of of("slice")) notSupported.push(`a uniform gain on ${f.metric}: ${f.evidence}`);
  if (better.length > 0 && worse.length > 0) notSupported.push(`that "${variant.name}" is better overall, since the metrics disagree`);
  notSupported.push(`that the effect holds at other scales, data or tasks: this is one evaluation at one scale`);

  return [
    evidence,
    `Supported: ${supported.join("; ")}${caveats.length ? `, with caveats: ${caveats.join("; ")}` : ""}.`,
    `Not supported: ${notSupported.join("; ")}.`,
  ].join(" ");
}
