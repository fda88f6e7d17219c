import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSweepFile } from "../src/lab/sweep-file.js";
import { planSweep, sweepJobs } from "../src/lab/sweep-plan.js";
import { corpusCache, runSweepJob } from "../src/lab/sweep-run.js";
import { resolveBackend } from "../src/tensor/backend.js";
import { runDojo } from "./cli-run.js";

const home = join(mkdtempSync(join(tmpdir(), "lmdojo-cli-sweep-")), "home");

describe("dojo lab sweep", () => {
  it("--quick with few steps: two worker processes, a line per run with ETA, the table, verdicts, and a runs file dojo ablate reads", async () => {
    const run = await runDojo(["--home", home, "lab", "sweep", "--quick", "--steps", "10", "--variants", "baseline,qk-norm"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^sweep .*runs\/sweep-\d{8}-\d{6}\n8 runs: 4 learning rates \(0\.001, 0\.01, 0\.1, 0\.3\) × 2 variants × 1 seed; tiny preset, 10 steps each, two at a time/);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(8);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^\\[${i + 1}/8\\] (baseline|qk-norm) +lr=[\\d.]+ +seed 1  (val \\d\\.\\d{3}|diverged at step \\d+).*elapsed .*, ETA .+$`)));
    expect(run.stdout).toMatch(/\nvariant +lr=0\.001 +lr=0\.01 +lr=0\.1 +lr=0\.3 +LR sensitivity\n/);
    expect(run.stdout).toMatch(/\n {2}\(a\) qk-layernorm removes attention-logit growth at high learning rates: (reproduced|not reproduced|not shown)\n/);
    expect(run.stdout).toContain("  (b) z-loss prevents output-logit divergence: not tested\n"); // no z-loss variant in this sweep
    expect(run.stdout).toMatch(/\ncompleted in .+: 8 of 8 runs\n/);

    const dir = /^sweep (.+)$/m.exec(run.stdout)![1];
    expect(existsSync(join(dir, "report.md"))).toBe(true);
    expect(run.stdout).toContain(`report     ${join(dir, "report.md")}\n`);
    // The suggested command reads the runs file as it is.
    const next = /\nnext: (?:npx )?dojo --home \S+ (ablate .+)\n$/.exec(run.stdout)![1];
    expect(next).toBe(`ablate ${join(dir, "runs.jsonl")} --factor variant --lower-is-better lr_sensitivity`);
    const ablate = await runDojo(["--home", home, ...next.split(" ")]);
    expect(ablate.code).toBe(0);
    expect(ablate.stdout).toContain('Ablation against "baseline" · arms: baseline (1 seed), qk-norm (1 seed) · factor: variant');
    expect(ablate.stdout).toContain("final_loss@lr=0.3");

    // A worker process computes what this process computes for the same run.
    const sweep = readSweepFile(dir);
    const plan = planSweep({ quick: true, steps: "10", variants: "baseline,qk-norm" }, resolveBackend(undefined, process.env.LMDOJO_BACKEND));
    expect(sweep.plan).toEqual(plan);
    const job = sweepJobs(plan)[1];
    const here = await runSweepJob(plan, job, corpusCache());
    const there = sweep.results.find((r) => r.variant === job.variant && r.lr === job.lr && r.seed === job.seed)!;
    expect({ ...there, trainMs: 0 }).toEqual({ ...here, trainMs: 0 });
    expect(readFileSync(join(dir, "runs.jsonl"), "utf8").trimEnd().split("\n")).toHaveLength(2);
  }, 120_000);

  it("refuses bad flags with one line and exit code 2, before making a folder", async () => {
    const home = join(mkdtempSync(join(tmpdir(), "lmdojo-cli-sweep-")), "home");
    const bad = await runDojo(["--home", home, "lab", "sweep", "--lr", "1e-3,abc"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('dojo: --lr: "abc" is not a number (hint: a comma-separated list of peak learning rates, e.g. 1e-3,1e-2,1e-1)\n');
    const variant = await runDojo(["--home", home, "lab", "sweep", "--variants", "baseline,qk-layernorm"]);
    expect(variant.code).toBe(2);
    expect(variant.stderr).toBe('dojo: --variants: unknown variant "qk-layernorm" (hint: one or more of baseline, qk-norm, z-loss, qk-norm+z-loss, comma-separated)\n');
    expect(bad.stdout + variant.stdout).toBe("");
    expect(existsSync(join(home, "runs"))).toBe(false);
  }, 60_000);
});
