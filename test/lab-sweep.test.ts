import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ablateJsonl } from "../src/evaluate/from-jsonl.js";
import { listRuns } from "../src/lab/runs.js";
import { runSweep } from "../src/lab/sweep.js";
import { listSweepFolders, readSweepFile, sweepJsonPath } from "../src/lab/sweep-file.js";
import { planSweep } from "../src/lab/sweep-plan.js";
import { SENSITIVITY_METRIC } from "../src/lab/sweep-ablation.js";
import { RUNS_FILE } from "../src/lab/sweep-report.js";
import { summarizeSweepRun } from "../src/lab/sweep-run.js";
import { serveSweepJobs, spawnSweepWorker } from "../src/lab/sweep-workers.js";
import type { RunEvent } from "../src/train/events.js";
import { inspectLock } from "../src/workspace/lock.js";

/** A model and corpus small enough that a 12-step run takes a fraction of a second. */
const MICRO = {
  data: { syntheticChars: 40000 },
  model: { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 },
  batchSize: 4,
  eval: { windows: 4 },
};

describe("dojo lab sweep, through the library", () => {
  it("trains every run, writes sweep.json, the ablate runs file and the report with its verdicts", async () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-sweep-"));
    const plan = planSweep({ lr: "1e-3,1e-1", variants: "baseline,qk-norm,z-loss", seeds: "2", steps: "12" }, "ts", MICRO);
    const progress: number[] = [];
    const { dir, sweep, report } = await runSweep({ home, plan, inProcess: true, onResult: (p) => progress.push(p.done) });
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(sweep.status).toBe("completed");
    expect(sweep.results.map((r) => `${r.seed} ${r.lr} ${r.variant}`).slice(0, 4)).toEqual(["1 0.001 baseline", "1 0.001 qk-norm", "1 0.001 z-loss", "1 0.1 baseline"]);
    for (const r of sweep.results) {
      expect(r).toMatchObject({ status: "completed", diverged: false, stepsDone: 12 });
      expect(r.initialLoss).toBeGreaterThan(3); // about ln(vocabulary)
      expect(r.finalValLoss).not.toBeNull();
      expect(r.attention).toHaveLength(12); // 12 steps / 40 points: every step
      expect(r.logZ.map(([step]) => step)).toEqual(r.attention.map(([step]) => step));
    }
    // The folder: sweep.json reads back as written, its lock is released, and `dojo lab runs` passes it by.
    expect(readSweepFile(dir)).toEqual(JSON.parse(readFileSync(sweepJsonPath(dir), "utf8")));
    expect(inspectLock(join(dir, "lock")).kind).toBe("free");
    expect(listSweepFolders(home)).toEqual([dir]);
    expect(listRuns(join(home, "runs"))).toEqual([]);

    // The runs file is read by the ablation analysis as it is: arms = variants, factor = variant, no confound.
    const text = readFileSync(join(dir, RUNS_FILE), "utf8");
    const ablation = ablateJsonl([{ name: RUNS_FILE, text }], { factor: "variant", lowerIsBetter: [SENSITIVITY_METRIC], nResamples: 200 });
    expect(ablation.arms.map((a) => [a.name, a.seeds])).toEqual([["baseline", 2], ["qk-norm", 2], ["z-loss", 2]]);
    expect(new Set(ablation.rows.map((r) => r.metric))).toEqual(new Set(["final_loss@lr=0.001", "final_loss@lr=0.1", SENSITIVITY_METRIC]));
    expect(ablation.rows.every((r) => r.better === "lower")).toBe(true);
    expect(ablation.flags.filter((f) => f.kind === "confound" || f.kind === "compute")).toEqual([]);
    // Its numbers are the report's: the per-seed sensitivity, and the loss the table averages.
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line));
    const qk = report.summary.sensitivity.find((s) => s.variant === "qk-norm")!;
    expect(lines.filter((l) => l.arm === "qk-norm").map((l) => l.metrics[SENSITIVITY_METRIC])).toEqual(qk.perSeed.map((p) => p.value));
    const cell = report.summary.cells.find((c) => c.variant === "baseline" && c.lr === 0.1)!;
    const losses = lines.filter((l) => l.arm === "baseline").map((l) => l.metrics["final_loss@lr=0.1"]);
    expect(cell.finalLoss).toBeCloseTo((losses[0] + losses[1]) / 2, 12);

    const markdown = readFileSync(join(dir, "report.md"), "utf8");
    expect(markdown).toBe(report.markdown);
    expect(markdown).toContain("| variant | lr=0.001 | lr=0.1 | LR sensitivity |");
    expect(markdown).toMatch(/### \(a\) qk-layernorm removes attention-logit growth at high learning rates: (reproduced|not reproduced|not shown)\n/);
    expect(markdown).toMatch(/### \(c\) qk-layernorm and z-loss each lower LR sensitivity: /);
    expect(markdown).toContain("dojo ablate runs.jsonl --factor variant --lower-is-better lr_sensitivity");
    for (const chart of ["final-loss", "attention-lr", "attention-steps", "logz-steps"]) {
      expect(markdown).toContain(`](${chart}.svg)`);
      expect(readFileSync(join(dir, `${chart}.svg`), "utf8")).toMatch(/^<svg [\s\S]*<\/svg>\n$/);
    }
  }, 60_000);

  it("keeps the finished runs of a sweep that is stopped, marked interrupted", async () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-sweep-"));
    const plan = planSweep({ lr: "1e-3,1e-2", variants: "baseline,qk-norm", seeds: "1", steps: "4" }, "ts", MICRO);
    let done = 0;
    const { dir, sweep } = await runSweep({ home, plan, inProcess: true, onResult: () => done++, shouldStop: () => done >= 3 });
    expect(sweep.status).toBe("interrupted");
    expect(sweep.results).toHaveLength(3);
    expect(readSweepFile(dir).status).toBe("interrupted");
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("Interrupted: 3 of 4 runs finished");
    // qk-norm lacks lr 0.01: no line of the runs file for it.
    expect(readFileSync(join(dir, RUNS_FILE), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l).arm)).toEqual(["baseline"]);
  }, 60_000);

  it("reads a sweep.json a dead process left as running as interrupted, and names a bad field", () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-sweep-"));
    const dir = join(home, "s");
    const sweep = {
      id: "s",
      status: "running",
      createdAt: "x",
      wallMs: 0,
      thresholds: { attentionLogitMax: 50, logZMax: 20 },
      plan: planSweep({ quick: true }, "ts"),
      results: [],
    };
    mkdirSync(dir);
    writeFileSync(sweepJsonPath(dir), JSON.stringify(sweep));
    expect(readSweepFile(dir).status).toBe("interrupted");
    writeFileSync(sweepJsonPath(dir), JSON.stringify({ ...sweep, results: [{ variant: "nope" }] }));
    expect(() => readSweepFile(dir)).toThrow(/sweep\.json: field results\[0\]\.variant: /);
  });
});

describe("a sweep run's result", () => {
  const job = { variant: "baseline", lr: 0.3, seed: 1 } as const;
  const train = (step: number, loss: number): RunEvent => ({ t: 0, step, kind: "train", loss, lr: 0.3, gradNorm: 1, tokens: step * 64, tokensPerSecond: 1, elapsedMs: step * 10, rssBytes: 1 });
  const layers = (step: number, attention: number[], logZ: number): RunEvent => ({
    t: 0,
    step,
    kind: "layers",
    layers: attention.map((a, i) => ({ layer: `h.${i}`, gradNorm: 1, updateRatio: 1e-3, maxAttentionLogit: a })),
    logits: { mean: -1, max: 3, logZ },
  });

  it("takes ℓ0 from the first step, the largest attention logit over layers per step, and the last evaluation", () => {
    const events: RunEvent[] = [
      train(1, 4.1),
      layers(1, [0.5, 2], 4.2),
      train(2, 3.0),
      layers(2, [7, 3], 5.5),
      { t: 0, step: 2, kind: "eval", tokens: 128, trainLoss: 2.9, valLoss: 3.1, valPerplexity: Math.exp(3.1), domainLoss: {}, arithmeticAccuracy: null, arithmeticCount: 0, samples: [] },
      { t: 0, step: 2, kind: "end", status: "completed", message: "completed 2 steps" },
    ];
    expect(summarizeSweepRun(job, events)).toMatchObject({
      status: "completed",
      diverged: false,
      stepsDone: 2,
      initialLoss: 4.1,
      finalValLoss: 3.1,
      finalTrainLoss: 2.9,
      finalLoss: 3.1,
      attention: [[1, 2], [2, 7]],
      logZ: [[1, 4.2], [2, 5.5]],
      logitMean: [[1, -1], [2, -1]],
      trainMs: 20,
    });
  });

  it("counts a run stopped by a non-finite value as diverged, its final loss ℓ0, and drops non-finite signals", () => {
    const events: RunEvent[] = [
      train(1, 4.1),
      layers(1, [3, Infinity], NaN),
      train(2, 9.5),
      { t: 0, step: 3, kind: "alert", alert: "non-finite", message: "step 3: loss holds NaN" },
      { t: 0, step: 2, kind: "end", status: "stopped", message: "step 3: loss holds NaN; stopped before the update" },
    ];
    const result = summarizeSweepRun(job, events);
    expect(result).toMatchObject({ status: "stopped", diverged: true, stepsDone: 2, initialLoss: 4.1, finalValLoss: null, finalTrainLoss: null, finalLoss: 4.1, attention: [], logZ: [] });
    expect(result.message).toContain("NaN");
  });
});

describe("sweep workers", () => {
  it("answer a malformed job with an error line and go on", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.setEncoding("utf8").on("data", (chunk: string) => (written += chunk));
    const served = serveSweepJobs(input, output);
    input.end('{"plan": {}, "job": {}}\nnot json\n');
    await served;
    const answers = written.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(answers).toHaveLength(2);
    for (const answer of answers) expect(answer.error).toEqual(expect.any(String));
  });

  it("report a worker process that dies while training, with its stderr", async () => {
    const plan = planSweep({ quick: true }, "ts");
    const worker = spawnSweepWorker(plan, [process.execPath, "-e", "process.stdin.once('data', () => { console.error('out of memory'); process.exit(3); })"]);
    await expect(worker.run({ variant: "baseline", lr: 0.1, seed: 1 })).rejects.toThrow(/the sweep worker exited \(code 3\) while training baseline lr=0\.1 seed 1:\nout of memory/);
    worker.close();
  });
});
