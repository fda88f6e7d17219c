import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { PRESETS } from "../src/train/config.js";
import type { EvalEvent, RunEvent, TrainEvent } from "../src/train/events.js";
import { buildReport, writeReport } from "../src/lab/report.js";

const root = mkdtempSync(join(tmpdir(), "lmdojo-report-"));
const T0 = Date.UTC(2025, 0, 1, 12);
const LAYERS = ["wte", "wpe", "h.0", "h.1", "ln_f", "lm_head"];
const DOMAINS = ["stories", "arithmetic", "facts", "code"];

interface RunShape {
  /** Last training step logged. */
  steps: number;
  /** Steps with an eval event. */
  evalSteps: number[];
  /** A loss spike (alert, the run goes on) at this step. */
  spikeAt?: number;
  /** A non-finite gradient at this step stops the run (no train event for it). */
  nanAt?: number;
  end?: "completed" | "stopped" | "interrupted";
}

/** A realistic short run as the trainer would log it: train every step, layers every 10, evals, alerts, checkpoints, end. */
function runEvents(shape: RunShape): RunEvent[] {
  const events: RunEvent[] = [];
  const configured = 60;
  events.push({ t: T0, step: 0, kind: "start", steps: configured, parameters: 108_608, unigramEntropy: 3.1875, trainTokens: 900_000, validationTokens: 100_000 });
  let t = T0 + 1500;
  const evalLoss = [2.35, 2.02, 2.05, 2.1];
  for (let step = 1; step <= shape.steps; step++) {
    if (step === shape.nanAt) {
      events.push({ t, step, kind: "alert", alert: "non-finite", message: `NaN in the gradient at step ${step}`, tensor: "h.1.attn.c_attn.weight" });
      events.push({ t, step, kind: "end", status: "stopped", message: `non-finite gradient at step ${step}; last good checkpoint kept` });
      return events;
    }
    t += 55;
    let loss = 1.6 + 2.6 * Math.exp(-step / 15) + 0.03 * Math.sin(step * 1.7);
    let gradNorm = 2.5 * Math.exp(-step / 20) + 0.3 + 0.05 * Math.cos(step);
    if (step === shape.spikeAt) {
      loss += 1.5;
      gradNorm = 4.2;
    }
    const lr = step <= 5 ? (3e-3 * step) / 5 : 3e-4 + 0.5 * (3e-3 - 3e-4) * (1 + Math.cos((Math.PI * (step - 5)) / (configured - 5)));
    events.push({ t, step, kind: "train", loss, lr, gradNorm, tokens: step * 512, tokensPerSecond: 9000 + (step % 7) * 100, elapsedMs: step * 55, rssBytes: 150_000_000 + step * 10_000 });
    if (step === shape.spikeAt) {
      events.push({ t, step, kind: "alert", alert: "loss-spike", message: `loss ${loss.toFixed(3)} is above mean + 6 std of the last 50 steps`, value: loss });
    }
    if (step % 10 === 0) {
      // wpe's update ratio decays below 1e-4 by the end: a layer outside the healthy band.
      const ratios = [2e-3, 1e-3 * Math.exp(-step / 5), 1.5e-3, 1.2e-3, 8e-4, 2.5e-3];
      events.push({ t, step, kind: "layers", layers: LAYERS.map((layer, i) => ({ layer, gradNorm: 0.1 * (i + 1), updateRatio: ratios[i] })) });
    }
    const evalIndex = shape.evalSteps.indexOf(step);
    if (evalIndex >= 0) {
      t += 400;
      const valLoss = evalLoss[evalIndex];
      events.push({
        t,
        step,
        kind: "eval",
        tokens: step * 512,
        trainLoss: valLoss - 0.05 * (evalIndex + 1),
        valLoss,
        valPerplexity: Math.exp(valLoss),
        domainLoss: { stories: valLoss + 0.3, arithmetic: valLoss - 0.9 + 0.1 * evalIndex, facts: valLoss - 0.2 - 0.2 * evalIndex, code: valLoss + 0.1 },
        arithmeticAccuracy: [0, 0.04, 0.1, 0.12][evalIndex],
        arithmeticCount: 50,
        samples: [`Once upon a time the cat sat. \`\`\`code\`\`\` ${step}`, "12+7=19\n\nthe capital of Varo is Lune"],
      });
    }
    if (step % 30 === 0) events.push({ t, step, kind: "checkpoint", path: `checkpoints/step-${step}.json`, valLoss: null, best: false });
  }
  if (shape.end !== undefined) events.push({ t: t + 10, step: shape.steps, kind: "end", status: shape.end, message: shape.end === "completed" ? "all steps done" : "SIGINT" });
  return events;
}

function writeRun(id: string, events: RunEvent[]): string {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  const config = { ...structuredClone(PRESETS.tiny), steps: 60, versions: { lmdojo: "0.1.0", node: "v20" }, createdAt: "2025-01-01T12:00:00Z" };
  config.optimizer.decaySteps = 60;
  config.eval.every = 20;
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, "events.jsonl"), events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  return dir;
}

/** The value cell of a summary-table row. */
function summaryValue(markdown: string, quantity: string): string {
  const row = markdown.split("\n").find((line) => line.startsWith(`| ${quantity} |`));
  if (row === undefined) throw new Error(`no summary row ${quantity}`);
  return row.slice(`| ${quantity} | `.length, -" |".length);
}

function pointsPerPolyline(svg: string, series: string): number[] {
  const group = svg.match(new RegExp(`<g class="series" data-name="${series.replace(/[()]/g, "\\$&")}"[^>]*>([\\s\\S]*?)</g>`));
  if (group === null) throw new Error(`no series ${series}`);
  return [...group[1].matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1].split(" ").length);
}

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  const next = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, next === -1 ? undefined : next);
}

const completed = runEvents({ steps: 60, evalSteps: [20, 40, 60], spikeAt: 37, end: "completed" });
const completedDir = writeRun("2025-01-01T12-00-00-tiny", completed);

describe("buildReport on a completed run", () => {
  const { markdown, charts } = buildReport(completedDir);
  const train = completed.filter((e): e is TrainEvent => e.kind === "train");
  const evals = completed.filter((e): e is EvalEvent => e.kind === "eval");

  it("titles the report with the run id and fills the summary table from the events", () => {
    expect(markdown.startsWith("# Pretraining run 2025-01-01T12-00-00-tiny\n")).toBe(true);
    const best = evals.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    expect(best.step).toBe(40);
    expect(summaryValue(markdown, "best validation loss")).toBe(`${Math.min(...evals.map((e) => e.valLoss)).toFixed(4)} at step 40`);
    expect(summaryValue(markdown, "validation perplexity")).toBe(`${Math.exp(2.02).toFixed(2)} at step 40 (best validation loss)`);
    expect(summaryValue(markdown, "final train loss")).toBe(`${train[59].loss.toFixed(4)} at step 60`);
    expect(summaryValue(markdown, "steps done / configured")).toBe("60 / 60");
    expect(summaryValue(markdown, "tokens trained on")).toBe("30,720");
    expect(summaryValue(markdown, "parameters")).toBe("108,608");
    expect(summaryValue(markdown, "preset")).toBe("tiny");
    expect(summaryValue(markdown, "data source")).toBe("synthetic");
    expect(summaryValue(markdown, "tokenizer")).toBe("characters");
    // Median of 9000 + (step mod 7)·100 over steps 1..60: the values sorted, middle pair averaged.
    const speeds = train.map((e) => e.tokensPerSecond).sort((a, b) => a - b);
    expect(summaryValue(markdown, "tokens/s (median over steps)")).toBe(((speeds[29] + speeds[30]) / 2).toLocaleString("en-US"));
    expect(summaryValue(markdown, "unigram entropy of training tokens")).toBe(`3.1875 nats; best validation loss is ${(3.1875 - 2.02).toFixed(4)} nats below the unigram entropy`);
    expect(summaryValue(markdown, "final arithmetic exact match")).toBe("10.0% (5/50) at step 60");
    // Wall time: first event to last; training time: the last train event's elapsedMs (3.3 s).
    const wallSeconds = Math.round((completed[completed.length - 1].t - completed[0].t) / 1000);
    expect(summaryValue(markdown, "wall time")).toBe(`${wallSeconds}s`);
    expect(summaryValue(markdown, "training time (without evaluation)")).toBe("3s");
  });

  it("embeds every chart it built, and the charts have one point per event", () => {
    expect(Object.keys(charts).sort()).toEqual(["arithmetic", "domain-loss", "grad-norm", "loss-steps", "loss-tokens", "lr", "update-ratio"]);
    for (const name of Object.keys(charts)) expect(markdown).toMatch(new RegExp(`!\\[[^\\]]+\\]\\(${name}\\.svg\\)`));
    expect(pointsPerPolyline(charts["loss-steps"], "train (each step)")).toEqual([60]);
    expect(pointsPerPolyline(charts["loss-steps"], "validation")).toEqual([3]);
    expect(pointsPerPolyline(charts["loss-tokens"], "validation")).toEqual([3]);
    expect(charts["loss-tokens"]).toContain(">tokens</text>");
    expect(pointsPerPolyline(charts.lr, "lr")).toEqual([60]);
    expect(pointsPerPolyline(charts["grad-norm"], "gradient norm")).toEqual([60]);
    for (const layer of LAYERS) expect(pointsPerPolyline(charts["update-ratio"], layer)).toEqual([6]);
    for (const domain of DOMAINS) expect(pointsPerPolyline(charts["domain-loss"], domain)).toEqual([3]);
    expect(pointsPerPolyline(charts.arithmetic, "greedy exact match")).toEqual([3]);
    // The update-ratio axis is logarithmic: every tick is a power of ten.
    const ticks = [...charts["update-ratio"].matchAll(/class="tick-y"[^>]*>([^<]*)</g)].map((m) => Math.log10(Number(m[1])));
    expect(ticks.length).toBeGreaterThan(1);
    for (const exponent of ticks) expect(Math.abs(exponent - Math.round(exponent))).toBeLessThan(1e-9);
    for (const svg of Object.values(charts)) expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("lists the alerts and the last evaluation's samples in code blocks", () => {
    const alerts = section(markdown, "Alerts");
    expect(alerts).toContain("| step | detector | layer or tensor | evidence |");
    const spike = train[36];
    expect(alerts).toContain(`| 37 | loss-spike |  | loss ${spike.loss.toFixed(3)} is above mean + 6 std of the last 50 steps |`);
    const samples = section(markdown, "Samples");
    expect(samples).toContain("From the last evaluation, step 60:");
    // A sample holding ``` gets a longer fence; blank lines inside a sample are kept.
    expect(samples).toContain("````text\nOnce upon a time the cat sat. ```code``` 60\n````");
    expect(samples).toContain("```text\n12+7=19\n\nthe capital of Varo is Lune\n```");
  });

  it("prefills the postmortem with measured facts, then the three questions with empty answers", () => {
    const postmortem = section(markdown, "Postmortem");
    expect(postmortem).toContain("- The run completed: 60 of 60 steps.");
    expect(postmortem).toContain(
      "- Validation loss stopped improving after step 40 (best 2.0200): the 1 later evaluation (step 60) did not improve on it, ending at 2.0500 (+0.0300).",
    );
    expect(postmortem).toContain("validation loss was 0.1500 above training loss measured the same way (2.0500 vs 1.9000)");
    expect(postmortem).toContain(`- Best validation loss is ${(3.1875 - 2.02).toFixed(4)} nats below the unigram entropy`);
    const largest = train.reduce((a, b) => (b.gradNorm > a.gradNorm ? b : a));
    expect(largest.step).toBe(37);
    const clipped = train.filter((e) => e.gradNorm > 1).length;
    expect(postmortem).toContain(`- Largest gradient norm: 4.2 at step 37`);
    expect(postmortem).toContain(`It exceeded the clip threshold 1 on ${clipped} of 60 steps (${((100 * clipped) / 60).toFixed(1)}%).`);
    expect(postmortem).toContain(`ranges from ${(1e-3 * Math.exp(-12)).toExponential(1)} (wpe) to 2.5e-3 (lm_head)`);
    expect(postmortem).toMatch(/Outside \[1e-4, 1e-2\][^:]*: wpe\./);
    expect(postmortem).toContain(
      "- At step 60 the easiest domain was arithmetic (1.3500) and the hardest stories (2.3500). Change since step 20: facts -0.7000 (the largest drop), arithmetic -0.1000 (the smallest).",
    );
    expect(postmortem).toContain(
      `validation perplexity went from ${Math.exp(2.35).toFixed(2)} to ${Math.exp(2.05).toFixed(2)} (${(100 * (Math.exp(2.05 - 2.35) - 1)).toFixed(1)}%) while arithmetic exact match moved by +10.0 points (0.0% (0/50) → 10.0% (5/50); one prompt is 2.0 points)`,
    );
    expect(postmortem).toContain("- Alerts: 1 loss-spike (step 37).");
    const questions = ["What did I expect?", "What happened?", "What would I try next with half the budget?"];
    for (const question of questions) expect(postmortem).toContain(`### ${question}\n\n<!-- your answer -->\n`);
    expect(postmortem.indexOf("- The run completed")).toBeLessThan(postmortem.indexOf("### What did I expect?"));
  });

  it("is deterministic and leaves no placeholder numbers", () => {
    expect(buildReport(completedDir)).toEqual({ markdown, charts });
    expect(markdown).not.toMatch(/NaN|undefined|Infinity|\[object/);
  });
});

describe("reports of runs that did not complete", () => {
  it("reports a run stopped by a NaN alert, with the tensor named", () => {
    const dir = writeRun("stopped", runEvents({ steps: 60, evalSteps: [20, 40], nanAt: 45 }));
    const { markdown, charts } = buildReport(dir);
    expect(markdown).toContain("**Stopped by an alert** at step 45 of 60: non-finite gradient at step 45; last good checkpoint kept");
    expect(summaryValue(markdown, "steps done / configured")).toBe("44 / 60");
    expect(section(markdown, "Alerts")).toContain("| 45 | non-finite | h.1.attn.c_attn.weight | NaN in the gradient at step 45 |");
    expect(section(markdown, "Postmortem")).toContain("- The run was stopped by an alert at step 45 of 60");
    expect(section(markdown, "Postmortem")).toContain("- Validation loss was still improving at the last evaluation: 2.0200 at step 40, 0.3300 lower than at step 20.");
    expect(pointsPerPolyline(charts["loss-steps"], "train (each step)")).toEqual([44]);
    expect(markdown).not.toMatch(/NaN\b(?! in the gradient)|undefined/);
  });

  it("reports a run with no evaluation, saying so", () => {
    const dir = writeRun("no-eval", runEvents({ steps: 15, evalSteps: [], end: "interrupted" }));
    const { markdown, charts } = buildReport(dir);
    expect(markdown).toContain("**Interrupted** at step 15 of 60: SIGINT");
    expect(summaryValue(markdown, "best validation loss")).toBe("n/a (no evaluation ran)");
    expect(summaryValue(markdown, "final arithmetic exact match")).toBe("n/a (not measured)");
    expect(markdown).toContain("No samples: no evaluation ran.");
    expect(section(markdown, "Postmortem")).toContain("- No evaluation ran, so there is no validation loss");
    expect(section(markdown, "Alerts")).toContain("None: no alert was raised.");
    expect(charts["domain-loss"]).toBeUndefined();
    expect(charts.arithmetic).toBeUndefined();
    expect(markdown).not.toContain("domain-loss.svg");
    expect(pointsPerPolyline(charts["loss-steps"], "validation")).toEqual([]);
    for (const svg of Object.values(charts)) expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("says when the log has no end event", () => {
    const dir = writeRun("killed", runEvents({ steps: 25, evalSteps: [20] }));
    const { markdown } = buildReport(dir);
    expect(markdown).toContain("**No end event**: the run is still running or its process was killed; the last logged step is 25 of 60.");
    expect(section(markdown, "Postmortem")).toContain("- One evaluation ran (step 20): validation loss 2.3500.");
  });

  it("counts the steps a resume redid once", () => {
    // Killed after step 35, resumed from the checkpoint at step 30: steps 31..35 are logged twice.
    const first = runEvents({ steps: 35, evalSteps: [20] });
    const full = runEvents({ steps: 60, evalSteps: [20, 40, 60], end: "completed" });
    const resumeAt = full.findIndex((e) => e.kind === "checkpoint" && e.step === 30) + 1;
    const resumed: RunEvent[] = [
      ...first,
      { t: T0 + 100_000, step: 30, kind: "start", resumedFrom: 30, steps: 60, parameters: 108_608, unigramEntropy: 3.1875, trainTokens: 900_000, validationTokens: 100_000 },
      ...full.slice(resumeAt).map((e) => ({ ...e, t: e.t + 100_000 })),
    ];
    const { markdown, charts } = buildReport(writeRun("resumed", resumed));
    expect(pointsPerPolyline(charts["loss-steps"], "train (each step)")).toEqual([60]);
    expect(summaryValue(markdown, "wall time")).toMatch(/ over 2 sessions$/);
    expect(section(markdown, "Postmortem")).toContain("- It was resumed 1 time, from step 30.");
    expect(section(markdown, "Postmortem")).toContain("- The run completed: 60 of 60 steps.");
    expect(markdown.split("\n")[2]).toBe("**Completed** 60 of 60 steps.");
  });

  it("names the file and line of a broken event log", () => {
    const dir = writeRun("broken", completed.slice(0, 5));
    writeFileSync(join(dir, "events.jsonl"), readFileSync(join(dir, "events.jsonl"), "utf8") + '{"t": 1, "step": 6, "kind": "train", "loss": "high"}\n');
    expect(() => buildReport(dir)).toThrow(InputError);
    expect(() => buildReport(dir)).toThrow(`${join(dir, "events.jsonl")}:6: field loss`);
    const noConfig = join(root, "no-config");
    mkdirSync(noConfig);
    writeFileSync(join(noConfig, "events.jsonl"), JSON.stringify(completed[0]) + "\n");
    expect(() => buildReport(noConfig)).toThrow(`${join(noConfig, "config.json")}: cannot read (no such file)`);
  });

  it("leaves out a torn last line of the event log, and says so under the outcome", () => {
    const dir = writeRun("torn", completed.slice(0, 5));
    writeFileSync(join(dir, "events.jsonl"), readFileSync(join(dir, "events.jsonl"), "utf8") + '{"t": 1, "step": 6, "kind": "tr');
    const { markdown } = buildReport(dir);
    expect(markdown).toContain(`**No end event**`);
    expect(markdown).toContain(`\nNote: ${join(dir, "events.jsonl")}:6: a torn last line (the process was killed while writing it) is skipped; a resume removes it.\n`);
  });
});

describe("writeReport", () => {
  it("writes report.md and every chart it links into the run folder", () => {
    const path = writeReport(completedDir);
    expect(path).toBe(join(completedDir, "report.md"));
    const markdown = readFileSync(path, "utf8");
    expect(markdown).toBe(buildReport(completedDir).markdown);
    const linked = [...markdown.matchAll(/\]\(([^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(linked).toHaveLength(7);
    for (const file of linked) {
      expect(existsSync(join(completedDir, file))).toBe(true);
      expect(readFileSync(join(completedDir, file), "utf8")).toMatch(/^<svg [\s\S]*<\/svg>\n$/);
    }
  });
});
