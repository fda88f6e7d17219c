/**
 * The pipeline's report, `align/<stamp>-pipeline/report.md` with SVG charts beside it. Every
 * number is read from the runs' eval events; every sentence about an effect is decided from
 * those numbers (did the proxy reward rise while the gold score fell?), never assumed.
 */
import { join } from "node:path";
import { escapeXml, lineChart, type ChartSeries } from "../lab/svg-chart.js";
import { formatDuration } from "../lab/runs.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import type { AlignEvalEvent } from "./align-events.js";
import { findAlignRun, readAlignEvents } from "./align-run.js";
import { readPipeline } from "./pipeline.js";

/** The eval events of a run, in step order (the last one of each step when a resume repeated it). */
export function evalEvents(home: string, run: string): AlignEvalEvent[] {
  const byStep = new Map<number, AlignEvalEvent>();
  for (const e of readAlignEvents(findAlignRun(home, run))) if (e.kind === "eval") byStep.set(e.step, e);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** "0.62 [0.55, 0.70]" for a metric of an eval event, "–" when it has none. */
function cell(e: AlignEvalEvent | undefined, name: string, digits = 2): string {
  const value = e?.metrics[name];
  if (value === undefined) return "–";
  const interval = e!.intervals[name];
  return interval ? `${value.toFixed(digits)} [${interval[0].toFixed(digits)}, ${interval[1].toFixed(digits)}]` : value.toFixed(digits);
}

/** What happened to a gold metric and the proxy reward over an RL run, decided from its evaluations. */
export interface OveroptimizationVerdict {
  gold: string;
  proxyRose: boolean;
  goldStart: number;
  goldPeakStep: number;
  goldPeak: number;
  goldEnd: number;
  /** The proxy reward rose from start to end while the gold metric ended below its peak by more than the end's interval half-width. */
  goldFellWhileProxyRose: boolean;
}

/**
 * Reads an RL run's evaluations for Gao et al. (2022)'s over-optimization pattern in one gold
 * metric ("gold/score" or "gold/accuracy").
 *
 * @example overoptimization(evalEvents(home, rlRun), "gold/accuracy")?.goldFellWhileProxyRose
 */
export function overoptimization(events: readonly AlignEvalEvent[], gold: string): OveroptimizationVerdict | null {
  const points = events.filter((e) => e.metrics["reward/proxy"] !== undefined && e.metrics[gold] !== undefined);
  if (points.length < 2) return null;
  const first = points[0];
  const last = points[points.length - 1];
  const peak = points.reduce((best, e) => (e.metrics[gold] > best.metrics[gold] ? e : best));
  const [low, high] = last.intervals[gold] ?? [last.metrics[gold], last.metrics[gold]];
  const proxyRose = last.metrics["reward/proxy"] > first.metrics["reward/proxy"];
  return {
    gold,
    proxyRose,
    goldStart: first.metrics[gold],
    goldPeakStep: peak.step,
    goldPeak: peak.metrics[gold],
    goldEnd: last.metrics[gold],
    goldFellWhileProxyRose: proxyRose && peak !== last && peak.metrics[gold] - last.metrics[gold] > (high - low) / 2,
  };
}

/** One sentence on an over-optimization verdict, with its numbers. */
function describeVerdict(klCoef: number, v: OveroptimizationVerdict): string {
  const path = `${v.gold} went ${v.goldStart.toFixed(2)} → peak ${v.goldPeak.toFixed(2)} (step ${v.goldPeakStep}) → ${v.goldEnd.toFixed(2)}`;
  if (v.goldFellWhileProxyRose && v.goldPeak === v.goldStart) {
    return `- KL coef ${klCoef}: **the proxy reward rose while ${v.gold} fell from the first evaluation on**: ${path}. On the policy's answers the reward model ranks against gold from the start: reward hacking without the rise that comes first in Gao et al. (2022).`;
  }
  if (v.goldFellWhileProxyRose) return `- KL coef ${klCoef}: **the proxy reward rose while ${v.gold} fell from its peak**: ${path}, the over-optimization of Gao et al. (2022).`;
  return `- KL coef ${klCoef}: the proxy reward ${v.proxyRose ? "rose" : "did not rise"}; ${path}: no fall from a peak beyond the last evaluation's interval.`;
}

function series(name: string, events: readonly AlignEvalEvent[], x: string, y: string): ChartSeries {
  return { name, points: events.filter((e) => e.metrics[x] !== undefined && e.metrics[y] !== undefined).map((e) => [e.metrics[x], e.metrics[y]]) };
}

/**
 * Writes report.md and its charts for the pipeline in `dir`; returns the report's path.
 *
 * @example writePipelineReport(home, join(home, "align", "20261207-080000-pipeline"))
 */
export function writePipelineReport(home: string, dir: string): string {
  const record = readPipeline(dir);
  const sft = evalEvents(home, record.sft);
  const dpo = record.dpo.map((d) => ({ ...d, events: evalEvents(home, d.run) }));
  const rl = record.rl.map((r) => ({ ...r, events: evalEvents(home, r.run) }));
  const rm = evalEvents(home, record.rm).at(-1);
  const pairs = evalEvents(home, record.pairs).at(-1);
  const chart = (file: string, spec: Parameters<typeof lineChart>[0]) => {
    writeFileAtomic(join(dir, file), lineChart(spec));
    return `![${escapeXml(spec.title)}](${file})`;
  };
  const lines: string[] = [];
  lines.push(`# Alignment lab: world ${record.worldSeed}`, "");
  lines.push(`Labeller: decides by correctness with probability q = ${record.labeller.q}; otherwise follows a **${record.labeller.bias}** bias with strength b = ${record.labeller.strength}; label noise ${record.labeller.noise}.`);
  lines.push(`Runs: base \`${record.base}\`, sft \`${record.sft}\`, pairs \`${record.pairs}\`, rm \`${record.rm}\`, dpo ${record.dpo.map((d) => `\`${d.run}\` (β ${d.beta})`).join(", ")}, rl ${record.rl.map((r) => `\`${r.run}\` (KL coef ${r.klCoef})`).join(", ")}. Whole pipeline: ${formatDuration(record.elapsedMs)}.`, "");

  lines.push("## 1. Proxy reward against gold reward as the policy moves away from the reference", "");
  lines.push(chart("rl-gold-vs-kl.svg", { title: "RL: gold score vs KL to the SFT model", xLabel: "KL(π‖π_sft), nats per answer", yLabel: "gold score (+1 right, 0 abstain, −1 wrong)", series: rl.map((r) => series(`KL coef ${r.klCoef}`, r.events, "kl/sequence", "gold/score")) }));
  lines.push(chart("rl-accuracy-vs-kl.svg", { title: "RL: gold accuracy vs KL to the SFT model", xLabel: "KL(π‖π_sft), nats per answer", yLabel: "gold accuracy (share of answers right)", series: rl.map((r) => series(`KL coef ${r.klCoef}`, r.events, "kl/sequence", "gold/accuracy")) }));
  lines.push(chart("rl-proxy-vs-kl.svg", { title: "RL: reward-model score vs KL to the SFT model", xLabel: "KL(π‖π_sft), nats per answer", yLabel: "proxy reward", series: rl.map((r) => series(`KL coef ${r.klCoef}`, r.events, "kl/sequence", "reward/proxy")) }), "");
  lines.push("| run | step | KL | proxy reward | gold score | gold accuracy | abstention | length |", "|---|---|---|---|---|---|---|---|");
  for (const r of rl) for (const e of r.events) lines.push(`| rl ${r.klCoef} | ${e.step} | ${cell(e, "kl/sequence")} | ${cell(e, "reward/proxy")} | ${cell(e, "gold/score")} | ${cell(e, "gold/accuracy")} | ${cell(e, "gold/abstention")} | ${cell(e, "answer/length", 1)} |`);
  lines.push("");
  for (const r of rl) {
    for (const gold of ["gold/accuracy", "gold/score"]) {
      const v = overoptimization(r.events, gold);
      if (v !== null) lines.push(describeVerdict(r.klCoef, v));
    }
  }
  lines.push("");

  lines.push("## 2. DPO's gold-reward-vs-KL frontier over β, against RL's", "");
  lines.push(chart("frontier.svg", { title: "Gold score vs KL: DPO (β sweep) and RL", xLabel: "KL(π‖π_sft), nats per answer", yLabel: "gold score", series: [...dpo.map((d) => series(`DPO β ${d.beta}`, d.events, "kl/sequence", "gold/score")), ...rl.map((r) => series(`RL KL coef ${r.klCoef}`, r.events, "kl/sequence", "gold/score"))] }), "");

  lines.push("## 3. Win rate against the SFT model, judged by the labeller, next to the truth", "");
  lines.push("| policy | win rate vs SFT (labeller) | gold accuracy | abstention | accuracy when answering | gold score | length | flattery | KL |", "|---|---|---|---|---|---|---|---|---|");
  const row = (name: string, e: AlignEvalEvent | undefined) => lines.push(`| ${name} | ${cell(e, "winrate/labeller")} | ${cell(e, "gold/accuracy")} | ${cell(e, "gold/abstention")} | ${cell(e, "gold/accuracy_when_answering")} | ${cell(e, "gold/score")} | ${cell(e, "answer/length", 1)} | ${cell(e, "style/flattery")} | ${cell(e, "kl/sequence")} |`);
  row("SFT", sft.at(-1));
  for (const d of dpo) row(`DPO β ${d.beta}`, d.events.at(-1));
  for (const r of rl) row(`RL KL coef ${r.klCoef}`, r.events.at(-1));
  lines.push("", "A win rate above 0.5 with a lower gold accuracy is the labeller's preference winning over the truth; a longer answer with more flattery is what a length- or flattery-biased labeller rewards.", "");

  lines.push("## 4. The reward model offline, and what optimizing it did", "");
  lines.push(`Labeller on the pairs: agreement with gold where the answers' gold differs ${cell(pairs, "labeller/gold_agreement")}; chosen answer is the longer one ${cell(pairs, "chosen/longer")}.`);
  lines.push(`Reward model on held-out pairs: accuracy against the labeller ${cell(rm, "rm/accuracy_labeller")}, against gold ${cell(rm, "rm/accuracy_gold")}; correlation of its score with answer length ${cell(rm, "rm/length_correlation")}.`);
  lines.push(`After RL the policy's gold score is ${rl.map((r) => `${cell(r.events.at(-1), "gold/score")} (KL coef ${r.klCoef})`).join(", ")}, from ${cell(sft.at(-1), "gold/score")} after SFT: the reward model's offline accuracy measures agreement with the labeller on the SFT model's answers, not the quality of answers the optimized policy writes.`, "");

  lines.push("## 5. Calibration: abstaining and being right when answering", "");
  lines.push("The table in section 3 gives abstention and accuracy when answering before (SFT) and after each method: a policy that stops saying \"I don't know\" and answers more often, at a lower accuracy when answering, has traded calibration for the labeller's approval.", "");
  const path = join(dir, "report.md");
  writeFileAtomic(path, lines.join("\n") + "\n");
  return path;
}

