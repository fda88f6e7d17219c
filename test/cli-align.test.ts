import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDojo } from "./cli-run.js";

const home = join(mkdtempSync(join(tmpdir(), "lmdojo-cli-align-")), "home");

describe("dojo align pipeline (shortened)", () => {
  it("runs every stage from a fresh workspace and writes a report whose numbers come from the runs", async () => {
    // --shrink 100: 15 base steps, a few steps per stage, one short answer per evaluation prompt.
    const result = await runDojo(["--home", home, "align", "pipeline", "--shrink", "100", "--kl-coefs", "0.01,0.1", "--betas", "0.1"]);
    expect(result.stderr).toMatch(/\[1\/7\] base/); // base, sft, pairs, rm, one DPO, two RL
    expect(result.code).toBe(0);
    const pipeline = readdirSync(join(home, "align")).find((d) => d.endsWith("-pipeline"))!;
    const record = JSON.parse(readFileSync(join(home, "align", pipeline, "pipeline.json"), "utf8"));
    expect(record.rl.map((r: { klCoef: number }) => r.klCoef)).toEqual([0.01, 0.1]);
    for (const run of [record.sft, record.rm, record.dpo[0].run, record.rl[1].run]) {
      expect(readdirSync(join(home, "align", run, "checkpoints")).some((f) => f.endsWith(".safetensors"))).toBe(true);
    }
    const pairs = readFileSync(join(home, "align", record.pairs, "pairs.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(pairs.length).toBeGreaterThan(20);
    expect(pairs.some((p: { use: string }) => p.use === "heldout")).toBe(true);
    const report = readFileSync(join(home, "align", pipeline, "report.md"), "utf8");
    for (const heading of ["## 1. Proxy reward", "## 2. DPO", "## 3. Win rate", "## 4. The reward model", "## 5. Calibration"]) expect(report).toContain(heading);
    // The RL table has one row per evaluation of each run, each with a KL and a gold score with its interval.
    expect(report).toMatch(/\| rl 0\.1 \| \d+ \| -?\d\.\d\d \[/);
    expect(existsSync(join(home, "align", pipeline, "rl-gold-vs-kl.svg"))).toBe(true);
    // Every stage logged TRL's DPO names and RL's KL estimators.
    const dpoEvents = readFileSync(join(home, "align", record.dpo[0].run, "events.jsonl"), "utf8");
    for (const name of ["rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins", "logps/chosen", "logps/rejected"]) expect(dpoEvents).toContain(`"${name}"`);
    const rlEvents = readFileSync(join(home, "align", record.rl[0].run, "events.jsonl"), "utf8");
    for (const name of ["kl/k1", "kl/k3", "entropy", "clip_fraction", "reward/proxy", "gold/accuracy"]) expect(rlEvents).toContain(`"${name}"`);
  }, 240_000);

  it("names a missing or wrong-stage run in one line", async () => {
    const missing = await runDojo(["--home", home, "align", "sft", "--base", "no-such-run"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1); // the error with its hint
    expect(missing.stderr).toMatch(/no run "no-such-run"/);
    const record = JSON.parse(readFileSync(join(home, "align", readdirSync(join(home, "align")).find((d) => d.endsWith("-pipeline"))!, "pipeline.json"), "utf8"));
    const wrong = await runDojo(["--home", home, "align", "rl", "--rm", record.pairs]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/is a pairs run, not a rm run/);
  }, 60_000);
});
