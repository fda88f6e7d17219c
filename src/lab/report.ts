/**
 * `dojo lab report RUN`: a run folder's postmortem, `report.md` with SVG charts beside it.
 *
 * Every number in the report is computed here from the run's config.json and events.jsonl,
 * never typed in: the summary table, the charts, the alerts, the last evaluation's samples,
 * and the measured facts that open the Postmortem section. The three questions after those
 * facts are left for the user to answer (the notebook's expected / happened / next format).
 * A run that stopped on an alert, was interrupted, or never evaluated still gets a report
 * that says so.
 */
import { join } from "node:path";
import { linearQuantile } from "../stats/bootstrap.js";
import { renderMarkdownTable } from "../report/table.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import type { AlertEvent, EvalEvent, LayersEvent, RecoveryEvent, RunEvent, StartEvent, TrainEvent } from "../train/events.js";
import { FAULTS } from "./faults.js";
import { firstAlertsAfter } from "./fault-run.js";
import { describeTornLine, effectiveEvents, formatDuration, readRun, type RunConfig } from "./runs.js";
import { lineChart, type ChartSeries } from "./svg-chart.js";

export interface Report {
  markdown: string;
  /** SVG text by chart name; each is written as `<name>.svg` beside report.md. */
  charts: Record<string, string>;
}

/** Karpathy's rule of thumb: an update/parameter ratio around 1e-3 per step is healthy. */
const HEALTHY_UPDATE_RATIO = { low: 1e-4, high: 1e-2 };

/** The run's events sorted by kind, with the steps a resume redid counted once. */
interface History {
  starts: StartEvent[];
  train: TrainEvent[];
  layers: LayersEvent[];
  evals: EvalEvent[];
  alerts: AlertEvent[];
  recoveries: RecoveryEvent[];
  /** The last end event, if it follows the last start (otherwise the run never finished). */
  end: Extract<RunEvent, { kind: "end" }> | null;
  /** Sum over sessions (start to the session's last event) of wall time, in ms. */
  wallMs: number;
}

/**
 * Builds the report of a run folder without writing anything: the Markdown and the charts
 * it embeds. Throws an InputError naming the file (and line) if config.json or events.jsonl
 * is missing or broken.
 *
 * @example const { markdown, charts } = buildReport("~/.lmdojo/runs/2025-01-01T12-00-00-tiny");
 */
export function buildReport(runDir: string): Report {
  const run = readRun(runDir);
  const history = collectHistory(run.events);
  const charts = buildCharts(history, run.config);
  const stepsTotal = history.starts.at(-1)?.steps ?? run.config.steps;

  const md: string[] = [];
  md.push(`# Pretraining run ${run.id}`, "");
  md.push(outcomeLine(history, stepsTotal), "");
  if (run.torn) md.push(`Note: ${describeTornLine(run.dir, run.torn)}.`, "");
  md.push("## Summary", "", renderMarkdownTable(["quantity", "value"], summaryRows(history, run.config, stepsTotal)).trimEnd(), "");

  md.push("## Charts", "");
  for (const [name, caption] of Object.entries(CHART_CAPTIONS)) {
    if (charts[name] !== undefined) md.push(`![${caption}](${name}.svg)`, "");
  }
  if (charts["domain-loss"] === undefined) md.push("No per-domain validation loss was logged (a user text file has no domains, or no evaluation ran).", "");
  if (charts.arithmetic === undefined) md.push("No arithmetic exact match was logged (no arithmetic prompts, or no evaluation ran).", "");

  if (run.config.fault) md.push(...faultSection(run.config.fault, history), "");

  md.push("## Alerts", "");
  if (history.alerts.length === 0) {
    md.push("None: no alert was raised.", "");
  } else {
    const rows = history.alerts.map((a) => [String(a.step), a.alert, a.layer ?? a.tensor ?? "", a.message]);
    md.push(renderMarkdownTable(["step", "detector", "layer or tensor", "evidence"], rows).trimEnd(), "");
  }
  if (history.recoveries.length > 0) {
    md.push("## Recoveries", "");
    const rows = history.recoveries.map((r) => [String(r.alertStep), r.action, String(r.toStep), r.skippedBatches ? `${r.skippedBatches[0]}–${r.skippedBatches[1] - 1}` : "", `×${r.lrScale}`]);
    md.push(renderMarkdownTable(["alert at step", "action", "back to step", "batches skipped", "learning rate"], rows).trimEnd(), "");
  }

  md.push("## Samples", "");
  const lastEval = history.evals.at(-1);
  if (lastEval === undefined) {
    md.push("No samples: no evaluation ran.", "");
  } else if (lastEval.samples.length === 0) {
    md.push(`The last evaluation (step ${lastEval.step}) wrote no samples.`, "");
  } else {
    md.push(`From the last evaluation, step ${lastEval.step}:`, "");
    for (const sample of lastEval.samples) md.push(codeBlock(sample), "");
  }

  md.push("## Postmortem", "", "Measured facts:", "");
  for (const fact of postmortemFacts(history, run.config, stepsTotal)) md.push(`- ${fact}`);
  md.push("");
  for (const question of ["What did I expect?", "What happened?", "What would I try next with half the budget?"]) {
    md.push(`### ${question}`, "", "<!-- your answer -->", "");
  }
  return { markdown: md.join("\n").trimEnd() + "\n", charts };
}

/**
 * Writes report.md and every chart as `<name>.svg` into the run folder, each atomically
 * (the charts first, so report.md never links a missing chart), and returns report.md's path.
 *
 * @example writeReport("~/.lmdojo/runs/2025-01-01T12-00-00-tiny") // ".../report.md"
 */
export function writeReport(runDir: string): string {
  const { markdown, charts } = buildReport(runDir);
  for (const [name, svg] of Object.entries(charts)) writeFileAtomic(join(runDir, `${name}.svg`), svg);
  const path = join(runDir, "report.md");
  writeFileAtomic(path, markdown);
  return path;
}

function collectHistory(events: readonly RunEvent[]): History {
  const history: History = { starts: [], train: [], layers: [], evals: [], alerts: [], recoveries: [], end: null, wallMs: 0 };
  for (const event of effectiveEvents(events)) {
    if (event.kind === "start") {
      history.starts.push(event);
      history.end = null;
    } else if (event.kind === "train") history.train.push(event);
    else if (event.kind === "layers") history.layers.push(event);
    else if (event.kind === "eval") history.evals.push(event);
    else if (event.kind === "alert") history.alerts.push(event);
    else if (event.kind === "recovery") history.recoveries.push(event);
    else if (event.kind === "end") history.end = event;
  }
  // Wall time per session, from its start (or the first event) to its last event, in file order.
  let sessionStart: number | null = null;
  let sessionLast = 0;
  for (const event of events) {
    if (event.kind === "start" || sessionStart === null) {
      if (sessionStart !== null) history.wallMs += sessionLast - sessionStart;
      sessionStart = event.t;
    }
    sessionLast = event.t;
  }
  if (sessionStart !== null) history.wallMs += sessionLast - sessionStart;
  return history;
}

const CHART_CAPTIONS: Record<string, string> = {
  "loss-steps": "Training and validation loss against steps",
  "loss-tokens": "Training and validation loss against tokens",
  lr: "Learning rate",
  "grad-norm": "Global gradient norm",
  "update-ratio": "Per-layer update/parameter ratio",
  "attention-logits": "Max attention logit per layer",
  "output-logits": "Output logits: mean, max and log Z",
  "adam-v": "Adam second moment √mean(v) per layer",
  "loss-scale": "fp16 loss scale",
  "domain-loss": "Validation loss per domain",
  arithmetic: "Arithmetic exact match",
};

function buildCharts(h: History, config: RunConfig): Record<string, string> {
  const charts: Record<string, string> = {};
  const lossSeries = (x: (e: { step: number; tokens: number }) => number): ChartSeries[] => [
    { name: "train (each step)", points: h.train.map((e) => [x(e), e.loss]) },
    { name: "train (at eval)", points: h.evals.map((e) => [x(e), e.trainLoss]) },
    { name: "validation", points: h.evals.map((e) => [x(e), e.valLoss]) },
  ];
  charts["loss-steps"] = lineChart({ title: CHART_CAPTIONS["loss-steps"], xLabel: "step", yLabel: "loss (nats/token)", series: lossSeries((e) => e.step) });
  charts["loss-tokens"] = lineChart({ title: CHART_CAPTIONS["loss-tokens"], xLabel: "tokens", yLabel: "loss (nats/token)", series: lossSeries((e) => e.tokens) });
  charts.lr = lineChart({ title: CHART_CAPTIONS.lr, xLabel: "step", yLabel: "learning rate", series: [{ name: "lr", points: h.train.map((e) => [e.step, e.lr]) }] });

  const gradSeries: ChartSeries[] = [{ name: "gradient norm", points: h.train.map((e) => [e.step, e.gradNorm]) }];
  if (config.optimizer.gradClip > 0 && h.train.length > 0) {
    const clip = config.optimizer.gradClip;
    gradSeries.push({ name: `clip at ${clip}`, points: [[h.train[0].step, clip], [h.train[h.train.length - 1].step, clip]] });
  }
  charts["grad-norm"] = lineChart({ title: CHART_CAPTIONS["grad-norm"], xLabel: "step", yLabel: "L2 norm before clipping", series: gradSeries });

  const ratioByLayer = new Map<string, [number, number][]>();
  for (const event of h.layers) {
    for (const { layer, updateRatio } of event.layers) {
      if (!ratioByLayer.has(layer)) ratioByLayer.set(layer, []);
      ratioByLayer.get(layer)?.push([event.step, updateRatio]);
    }
  }
  charts["update-ratio"] = lineChart({
    title: CHART_CAPTIONS["update-ratio"],
    xLabel: "step",
    yLabel: "‖Δθ‖ / ‖θ‖ (log scale)",
    logY: true,
    series: [...ratioByLayer].map(([name, points]) => ({ name, points })),
  });

  const byLayer = (value: (stat: LayersEvent["layers"][number]) => number | undefined): ChartSeries[] => {
    const series = new Map<string, [number, number][]>();
    for (const event of h.layers) {
      for (const stat of event.layers) {
        const y = value(stat);
        if (y === undefined) continue;
        if (!series.has(stat.layer)) series.set(stat.layer, []);
        series.get(stat.layer)?.push([event.step, y]);
      }
    }
    return [...series].map(([name, points]) => ({ name, points }));
  };
  const attention = byLayer((stat) => stat.maxAttentionLogit);
  if (attention.length > 0) {
    charts["attention-logits"] = lineChart({ title: CHART_CAPTIONS["attention-logits"], xLabel: "step", yLabel: "max q·k/√D (log scale)", logY: true, series: attention });
  }
  const logits = h.layers.flatMap((e) => (e.logits ? [{ step: e.step, ...e.logits }] : []));
  if (logits.length > 0) {
    charts["output-logits"] = lineChart({
      title: CHART_CAPTIONS["output-logits"],
      xLabel: "step",
      yLabel: "logit",
      series: (["mean", "max", "logZ"] as const).map((key) => ({ name: key === "logZ" ? "log Z" : key, points: logits.map((e) => [e.step, e[key]] as [number, number]) })),
    });
  }
  const adamV = byLayer((stat) => stat.adamVRms);
  if (adamV.length > 0) charts["adam-v"] = lineChart({ title: CHART_CAPTIONS["adam-v"], xLabel: "step", yLabel: "√mean(v) (log scale)", logY: true, series: adamV });
  const scaled = h.train.filter((e) => e.lossScale !== undefined);
  if (scaled.length > 0) {
    charts["loss-scale"] = lineChart({ title: CHART_CAPTIONS["loss-scale"], xLabel: "step", yLabel: "scale (log scale)", logY: true, series: [{ name: "loss scale", points: scaled.map((e) => [e.step, e.lossScale!]) }] });
  }

  const domains = domainNames(h.evals);
  if (domains.length > 0) {
    charts["domain-loss"] = lineChart({
      title: CHART_CAPTIONS["domain-loss"],
      xLabel: "step",
      yLabel: "validation loss (nats/token)",
      series: domains.map((d) => ({ name: d, points: h.evals.filter((e) => d in e.domainLoss).map((e) => [e.step, e.domainLoss[d]]) })),
    });
  }
  const arithmetic = h.evals.filter((e) => e.arithmeticAccuracy !== null);
  if (arithmetic.length > 0) {
    charts.arithmetic = lineChart({
      title: CHART_CAPTIONS.arithmetic,
      xLabel: "step",
      yLabel: "exact match (%)",
      series: [{ name: "greedy exact match", points: arithmetic.map((e) => [e.step, 100 * (e.arithmeticAccuracy ?? NaN)]) }],
    });
  }
  return charts;
}

/**
 * What was injected, where the runbook explains it, and what caught it: the first alert of
 * each detector after the injection, with the steps it took.
 */
function faultSection(fault: NonNullable<RunConfig["fault"]>, h: History): string[] {
  const lines = ["## Injected fault", ""];
  const spec = FAULTS[fault.name];
  const when = spec.timed ? `from step ${fault.at}` : "from the first step";
  lines.push(`**${fault.name}**: ${spec.title}, ${when}${spec.windowed ? ` (${fault.window} batches)` : ""}. The runbook page is content/runbook/${fault.name}.md.`, "");
  const first = firstAlertsAfter(h.alerts, fault.at);
  if (first.length === 0) {
    lines.push("No detector fired after the injection.");
  } else {
    const rows = first.map((a) => [a.alert, String(a.step), String(a.step - fault.at)]);
    lines.push(renderMarkdownTable(["detector", "first alert at step", "steps after the injection"], rows).trimEnd());
  }
  return lines;
}

/** The first line under the title: how the run ended. */
function outcomeLine(h: History, stepsTotal: number): string {
  const done = h.train.at(-1)?.step ?? 0;
  if (h.end === null) {
    return `**No end event**: the run is still running or its process was killed; the last logged step is ${done} of ${stepsTotal}.`;
  }
  if (h.end.status === "completed") return `**Completed** ${done} of ${stepsTotal} steps.`;
  if (h.end.status === "stopped") return `**Stopped by an alert** at step ${h.end.step} of ${stepsTotal}: ${h.end.message}`;
  return `**Interrupted** at step ${h.end.step} of ${stepsTotal}: ${h.end.message}`;
}

function summaryRows(h: History, config: RunConfig, stepsTotal: number): string[][] {
  const start = h.starts.at(-1);
  const lastTrain = h.train.at(-1);
  const best = bestEval(h.evals);
  const medianSpeed = medianOf(h.train.map((e) => e.tokensPerSecond));
  const rows: string[][] = [
    ["preset", config.preset],
    ["data source", config.data.source],
    ["tokenizer", config.tokenizer.kind === "bpe" ? `byte-level BPE, vocabulary ${config.tokenizer.bpeVocabSize}` : "characters"],
    ["parameters", start === undefined ? "unknown (no start event)" : formatCount(start.parameters)],
    ["steps done / configured", `${lastTrain?.step ?? 0} / ${stepsTotal}`],
    ["tokens trained on", lastTrain === undefined ? "0" : formatCount(lastTrain.tokens)],
    ["wall time", `${formatDuration(h.wallMs)}${h.starts.length > 1 ? ` over ${h.starts.length} sessions` : ""}`],
    ["training time (without evaluation)", formatDuration(lastTrain?.elapsedMs ?? 0)],
    ["tokens/s (median over steps)", medianSpeed === null ? "n/a" : formatCount(Math.round(medianSpeed))],
    ["final train loss", lastTrain === undefined ? "n/a (no training step)" : `${formatLoss(lastTrain.loss)} at step ${lastTrain.step}`],
    ["best validation loss", best === undefined ? "n/a (no evaluation ran)" : `${formatLoss(best.valLoss)} at step ${best.step}`],
    ["validation perplexity", best === undefined ? "n/a (no evaluation ran)" : `${formatFixed(best.valPerplexity, 2)} at step ${best.step} (best validation loss)`],
  ];
  if (start === undefined) {
    rows.push(["unigram entropy of training tokens", "unknown (no start event)"]);
  } else {
    const gap = best === undefined ? "no validation loss to compare" : gapToUnigram(best.valLoss, start.unigramEntropy);
    rows.push(["unigram entropy of training tokens", `${formatLoss(start.unigramEntropy)} nats; best validation loss is ${gap}`]);
  }
  const arithmetic = h.evals.filter((e) => e.arithmeticAccuracy !== null).at(-1);
  rows.push(["final arithmetic exact match", arithmetic === undefined ? "n/a (not measured)" : `${formatAccuracy(arithmetic)} at step ${arithmetic.step}`]);
  return rows;
}

/**
 * The Postmortem section's measured facts, one sentence each, every number from the events:
 * how the run ended, where validation loss stopped improving, the train/validation gap, the
 * distance to the unigram entropy, gradient norms and clipping, update ratios per layer,
 * domains, arithmetic accuracy against perplexity, alerts, speed and memory.
 */
function postmortemFacts(h: History, config: RunConfig, stepsTotal: number): string[] {
  const facts: string[] = [];
  const done = h.train.at(-1)?.step ?? 0;
  if (h.end?.status === "completed") facts.push(`The run completed: ${done} of ${stepsTotal} steps.`);
  else if (h.end?.status === "stopped") facts.push(`The run was stopped by an alert at step ${h.end.step} of ${stepsTotal}: ${h.end.message}`);
  else if (h.end?.status === "interrupted") facts.push(`The run was interrupted at step ${h.end.step} of ${stepsTotal}: ${h.end.message}`);
  else facts.push(`The log has no end event after the last start: the run is still running or was killed, last logged step ${done} of ${stepsTotal}.`);
  const resumes = h.starts.filter((s) => s.resumedFrom !== undefined).map((s) => s.resumedFrom);
  if (resumes.length > 0) facts.push(`It was resumed ${resumes.length} time${resumes.length > 1 ? "s" : ""}, from step${resumes.length > 1 ? "s" : ""} ${resumes.join(", ")}.`);

  // Validation loss: where it stopped improving, and the train/validation gap at the end.
  const best = bestEval(h.evals);
  const last = h.evals.at(-1);
  if (best === undefined || last === undefined) {
    facts.push("No evaluation ran, so there is no validation loss: the facts below come from training steps only.");
  } else if (h.evals.length === 1) {
    facts.push(`One evaluation ran (step ${last.step}): validation loss ${formatLoss(last.valLoss)}.`);
  } else if (best === last) {
    const previous = h.evals[h.evals.length - 2];
    facts.push(
      `Validation loss was still improving at the last evaluation: ${formatLoss(last.valLoss)} at step ${last.step}, ${formatLoss(previous.valLoss - last.valLoss)} lower than at step ${previous.step}.`,
    );
  } else {
    const later = h.evals.filter((e) => e.step > best.step);
    facts.push(
      `Validation loss stopped improving after step ${best.step} (best ${formatLoss(best.valLoss)}): the ${later.length} later evaluation${later.length > 1 ? "s" : ""} (step${later.length > 1 ? "s" : ""} ${later.map((e) => e.step).join(", ")}) did not improve on it, ending at ${formatLoss(last.valLoss)} (+${formatLoss(last.valLoss - best.valLoss)}).`,
    );
  }
  if (last !== undefined) {
    const gap = last.valLoss - last.trainLoss;
    facts.push(
      `At the last evaluation (step ${last.step}) validation loss was ${formatLoss(Math.abs(gap))} ${gap >= 0 ? "above" : "below"} training loss measured the same way (${formatLoss(last.valLoss)} vs ${formatLoss(last.trainLoss)}).`,
    );
  }
  const start = h.starts.at(-1);
  if (start !== undefined && best !== undefined) {
    facts.push(`Best validation loss is ${gapToUnigram(best.valLoss, start.unigramEntropy)} (${formatLoss(start.unigramEntropy)} nats, the loss of the best model that ignores context).`);
  }

  // Gradients.
  const finiteNorms = h.train.filter((e) => Number.isFinite(e.gradNorm));
  if (finiteNorms.length > 0) {
    const largest = finiteNorms.reduce((a, b) => (b.gradNorm > a.gradNorm ? b : a));
    let fact = `Largest gradient norm: ${formatNumber(largest.gradNorm)} at step ${largest.step} (median ${formatNumber(medianOf(finiteNorms.map((e) => e.gradNorm)) ?? NaN)}).`;
    const clip = config.optimizer.gradClip;
    if (clip > 0) {
      const clipped = finiteNorms.filter((e) => e.gradNorm > clip).length;
      fact += ` It exceeded the clip threshold ${clip} on ${clipped} of ${finiteNorms.length} steps (${formatFixed((100 * clipped) / finiteNorms.length, 1)}%).`;
    }
    facts.push(fact);
  }
  const lastLayers = h.layers.at(-1);
  if (lastLayers !== undefined && lastLayers.layers.length > 0) {
    const sorted = [...lastLayers.layers].sort((a, b) => a.updateRatio - b.updateRatio);
    const low = sorted[0];
    const high = sorted[sorted.length - 1];
    const perLayer = lastLayers.layers.map((l) => `${l.layer} ${formatRatio(l.updateRatio)}`).join(", ");
    let fact = `Update/parameter ratio at step ${lastLayers.step} (last layer statistics) ranges from ${formatRatio(low.updateRatio)} (${low.layer}) to ${formatRatio(high.updateRatio)} (${high.layer}): ${perLayer}.`;
    const outside = lastLayers.layers.filter((l) => !(l.updateRatio >= HEALTHY_UPDATE_RATIO.low && l.updateRatio <= HEALTHY_UPDATE_RATIO.high));
    fact +=
      outside.length === 0
        ? " All are within [1e-4, 1e-2] around the rule-of-thumb 1e-3 (Karpathy, \"Building makemore Part 3\", 2022)."
        : ` Outside [1e-4, 1e-2] around the rule-of-thumb 1e-3 (Karpathy, "Building makemore Part 3", 2022): ${outside.map((l) => l.layer).join(", ")}.`;
    facts.push(fact);
  }

  // Domains, then task accuracy against perplexity.
  const withDomains = h.evals.filter((e) => Object.keys(e.domainLoss).length > 0);
  const lastDomains = withDomains.at(-1);
  if (lastDomains !== undefined) {
    const entries = Object.entries(lastDomains.domainLoss).filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[1] - b[1]);
    if (entries.length > 0) {
      let fact = `At step ${lastDomains.step} the easiest domain was ${entries[0][0]} (${formatLoss(entries[0][1])}) and the hardest ${entries[entries.length - 1][0]} (${formatLoss(entries[entries.length - 1][1])}).`;
      const first = withDomains[0];
      if (first !== lastDomains) {
        const drops = entries.filter(([d]) => d in first.domainLoss).map(([d, v]) => [d, first.domainLoss[d] - v] as const).sort((a, b) => b[1] - a[1]);
        if (drops.length > 0) {
          const [most, least] = [drops[0], drops[drops.length - 1]];
          fact += ` Change since step ${first.step}: ${most[0]} ${formatSignedLoss(-most[1])} (the largest drop), ${least[0]} ${formatSignedLoss(-least[1])} (the smallest).`;
        }
      }
      facts.push(fact);
    }
  }
  const arithmetic = h.evals.filter((e) => e.arithmeticAccuracy !== null);
  if (arithmetic.length >= 2) {
    const a = arithmetic[0];
    const b = arithmetic[arithmetic.length - 1];
    const change = 100 * ((b.arithmeticAccuracy ?? 0) - (a.arithmeticAccuracy ?? 0));
    const moved = change === 0 ? "did not move" : `moved by ${change > 0 ? "+" : ""}${formatFixed(change, 1)} points`;
    facts.push(
      `From step ${a.step} to step ${b.step} validation perplexity went from ${formatFixed(a.valPerplexity, 2)} to ${formatFixed(b.valPerplexity, 2)} (${formatSignedPercent(b.valPerplexity / a.valPerplexity - 1)}) while arithmetic exact match ${moved} (${formatAccuracy(a)} → ${formatAccuracy(b)}; one prompt is ${formatFixed(100 / Math.max(1, b.arithmeticCount), 1)} points).`,
    );
  } else if (arithmetic.length === 1) {
    facts.push(`Arithmetic exact match was measured once: ${formatAccuracy(arithmetic[0])} at step ${arithmetic[0].step}.`);
  }

  // Alerts, speed and memory.
  if (h.alerts.length === 0) {
    facts.push("No alert was raised.");
  } else {
    const byKind = new Map<string, number[]>();
    for (const alert of h.alerts) byKind.set(alert.alert, [...(byKind.get(alert.alert) ?? []), alert.step]);
    facts.push(`Alerts: ${[...byKind].map(([kind, steps]) => `${steps.length} ${kind} (step${steps.length > 1 ? "s" : ""} ${steps.join(", ")})`).join("; ")}.`);
  }
  const speed = medianOf(h.train.map((e) => e.tokensPerSecond));
  const rss = h.train.reduce((m, e) => Math.max(m, e.rssBytes), 0);
  if (speed !== null) facts.push(`Median throughput ${formatCount(Math.round(speed))} tokens/s; peak resident memory ${formatFixed(rss / 2 ** 20, 1)} MiB.`);
  return facts;
}

/** The evaluation with the lowest finite validation loss (the earliest on ties). */
function bestEval(evals: readonly EvalEvent[]): EvalEvent | undefined {
  let best: EvalEvent | undefined;
  for (const e of evals) if (Number.isFinite(e.valLoss) && (best === undefined || e.valLoss < best.valLoss)) best = e;
  return best;
}

/** Domain names in order of first appearance across evaluations. */
function domainNames(evals: readonly EvalEvent[]): string[] {
  const names = new Set<string>();
  for (const e of evals) for (const d of Object.keys(e.domainLoss)) names.add(d);
  return [...names];
}

function gapToUnigram(valLoss: number, unigramEntropy: number): string {
  const gap = unigramEntropy - valLoss;
  return gap >= 0 ? `${formatLoss(gap)} nats below the unigram entropy` : `${formatLoss(-gap)} nats above the unigram entropy`;
}

/** Median (numpy's linear rule) of the finite values; null when there are none. */
function medianOf(values: readonly number[]): number | null {
  const finite = Float64Array.from(values.filter(Number.isFinite)).sort();
  return finite.length === 0 ? null : linearQuantile(finite, 0.5);
}

function formatLoss(x: number): string {
  return formatFixed(x, 4);
}

function formatSignedLoss(x: number): string {
  return `${x > 0 ? "+" : ""}${formatLoss(x)}`;
}

function formatFixed(x: number, decimals: number): string {
  return Number.isFinite(x) ? x.toFixed(decimals) : String(x);
}

/** Four significant digits, exponent notation outside [1e-3, 1e5). */
function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

function formatRatio(x: number): string {
  return Number.isFinite(x) ? x.toExponential(1) : String(x);
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

function formatSignedPercent(fraction: number): string {
  return `${fraction >= 0 ? "+" : ""}${formatFixed(100 * fraction, 1)}%`;
}

/** "34.0% (17/50)": the accuracy with its count of correct answers out of the prompts. */
function formatAccuracy(e: EvalEvent): string {
  const accuracy = e.arithmeticAccuracy ?? NaN;
  return `${formatFixed(100 * accuracy, 1)}% (${Math.round(accuracy * e.arithmeticCount)}/${e.arithmeticCount})`;
}

/** A fenced code block with a fence longer than any backtick run in the text (CommonMark 4.5). */
function codeBlock(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text}\n${fence}`;
}
