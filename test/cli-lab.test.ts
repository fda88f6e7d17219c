import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { summarizeRun } from "../src/lab/runs.js";
import { runDojo } from "./cli-run.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lmdojo-cli-lab-"));
const home = join(dir, "home");

/** Runs `dojo --home HOME ARGS` as a user would, from the project root. */
function dojo(...args: string[]) {
  return runDojo(["--home", home, ...args]);
}

/** A config small enough that a run takes about a second. */
const microConfig = join(dir, "micro.json");
writeFileSync(
  microConfig,
  JSON.stringify({
    data: { syntheticChars: 40000 },
    model: { nLayer: 1, nHead: 2, nEmbd: 16, blockSize: 16 },
    batchSize: 4,
    optimizer: { warmupSteps: 5 },
    eval: { every: 20, windows: 4, arithmeticPrompts: 5, samples: 1, sampleTokens: 10 },
    checkpoint: { every: 20, keepLast: 2 },
    threads: 1,
  }),
);

const runIds = () => (existsSync(join(home, "runs")) ? readdirSync(join(home, "runs")) : []);

describe("dojo lab", () => {
  it("pretrain runs, prints the validation loss next to the unigram entropy; runs, eval, sample and report use the run", async () => {
    const run = await dojo("lab", "pretrain", "--config", microConfig, "--steps", "40", "--seed", "7");
    expect(run.stderr).toMatch(/step 40\/40 {2}loss \d\.\d{4} {2}val \d\.\d{4}/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/unigram entropy \d\.\d{3} nats/);
    expect(run.stdout).toContain("completed (40 steps)\n");
    const [id] = runIds();
    // The suggested next commands open the same workspace ("npx dojo" when dojo is not on PATH).
    const dojoHere = /\nnext: (.+?) lab report /.exec(run.stdout)![1];
    expect(dojoHere.replace(/^npx /, "")).toBe(`dojo --home ${home}`);
    expect(run.stdout).toContain(`\nnext: ${dojoHere} lab report ${id}   ${dojoHere} lab sample ${id}   ${dojoHere} lab runs\n`);
    const config = JSON.parse(readFileSync(join(home, "runs", id, "config.json"), "utf8"));
    expect(config).toMatchObject({ preset: "tiny", seed: 7, steps: 40, batchSize: 4, optimizer: { decaySteps: 40, lr: 3e-3 } });
    const finalLoss = Number(/validation loss (\d\.\d{4})/.exec(run.stdout)![1]);

    const runs = await dojo("lab", "runs");
    expect(runs.code).toBe(0);
    expect(runs.stdout).toContain(id);
    expect(runs.stdout).toMatch(/completed\s+40\/40/);

    const evaluated = await dojo("lab", "eval", id, "--json");
    expect(evaluated.code).toBe(0);
    const metrics = JSON.parse(evaluated.stdout);
    expect(metrics.perplexity).toBeCloseTo(Math.exp(metrics.loss), 10);
    expect(metrics.tokens).toBeGreaterThan(3000); // the whole validation split, not a few windows
    expect(Math.abs(metrics.loss - finalLoss)).toBeLessThan(0.3); // same model, more text

    const textFile = join(dir, "text.txt");
    writeFileSync(textFile, "the capital of Varo is Lune.\n\n37+48=85\n");
    const onFile = JSON.parse((await dojo("lab", "eval", id, "--data", textFile, "--json")).stdout);
    expect(onFile.tokens).toBe("the capital of Varo is Lune.\n\n37+48=85".length - 1);

    const sampled = await dojo("lab", "sample", id, "--prompt", "the capital of", "--tokens", "20", "--temperature", "0");
    expect(sampled.code).toBe(0);
    expect(sampled.stdout.startsWith("the capital of")).toBe(true);
    expect(sampled.stdout.length).toBe("the capital of".length + 20 + 1);
    const again = await dojo("lab", "sample", id, "--prompt", "the capital of", "--tokens", "20", "--temperature", "0");
    expect(again.stdout).toBe(sampled.stdout);

    const report = await dojo("lab", "report", id);
    expect(report.code).toBe(0);
    expect(readFileSync(join(home, "runs", id, "report.md"), "utf8")).toContain("What did I expect?");
  });

  it("an interrupted run (Ctrl-C) exits 130, names its checkpoint, resumes with --resume and completes", async () => {
    const before = new Set(runIds());
    const child = spawn("node", ["bin/dojo.js", "--home", home, "lab", "pretrain", "--config", microConfig, "--steps", "400"], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/step \d+\/400/.test(stderr)) child.kill("SIGINT");
    });
    const stdout: string[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk.toString()));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    const id = runIds().find((r) => !before.has(r))!;
    // Ctrl-C saves a checkpoint at the step it stopped after, and that is the one named.
    const [, step, shown, , dojoHere] = /interrupted after step (\d+) of 400\nnewest checkpoint: step (\d+), (\S+); continue with (.+?) lab pretrain --resume (\S+)\n/.exec(stdout.join(""))!;
    expect(shown).toBe(step);
    expect(dojoHere.replace(/^npx /, "")).toBe(`dojo --home ${home}`);
    expect(stdout.join("")).toContain(`--resume ${id}\n`);
    expect(existsSync(join(home, "runs", id, "checkpoints", `step-${step}.json`))).toBe(true);
    expect((await dojo("lab", "runs")).stdout).toMatch(new RegExp(`${id}\\s+interrupted`));

    const resumed = await dojo("lab", "pretrain", "--resume", id);
    expect(resumed.stderr).not.toContain("dojo:");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resuming after step ${step} of 400`);
    expect(resumed.stdout).toContain("completed (400 steps)\n");
  });

  it("a run stopped by an alert exits 1 and names the newest checkpoint, or says there is none", async () => {
    // A learning rate of 1e12 overflows the weights within two steps: the loss becomes NaN.
    const exploding = (every: number) => {
      const path = join(dir, `exploding-${every}.json`);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(microConfig, "utf8")), optimizer: { warmupSteps: 1, lr: 1e12 }, checkpoint: { every, keepLast: 2 } }));
      return path;
    };
    const before = new Set(runIds());
    const saved = await dojo("lab", "pretrain", "--config", exploding(1), "--steps", "40");
    expect(saved.code).toBe(1);
    const id = runIds().find((r) => !before.has(r))!;
    const [, after, step, path] = /stopped by an alert after step (\d+) of 40: .*NaN.*\nnewest checkpoint: step (\d+), (\S+)\n/.exec(saved.stdout)!;
    expect(step).toBe(after); // a checkpoint every step: the last good step has one
    expect(path.endsWith(join("runs", id, "checkpoints", `step-${step}.json`))).toBe(true);
    expect(existsSync(join(home, "runs", id, "checkpoints", `step-${step}.json`))).toBe(true);
    expect((await dojo("lab", "runs")).stdout).toMatch(new RegExp(`${id}\\s+stopped`));
    expect(/\nnext: (.*)\n$/.exec(saved.stdout)![1]).toContain(`lab sample ${id}`);

    const none = await dojo("lab", "pretrain", "--config", exploding(100), "--steps", "40");
    expect(none.code).toBe(1);
    // The alert says what the trainer knows (no weights changed), the next line that nothing was saved: no contradiction.
    expect(none.stdout).toMatch(/stopped by an alert after step \d+ of 40: step \d+: .* holds .*; stopped before the update; no weights were changed by this step\nno checkpoint was saved, so there is nothing to resume\n/);
    const noneId = runIds().find((r) => !before.has(r) && r !== id)!;
    const next = /\nnext: (.*)\n$/.exec(none.stdout)![1];
    expect(next).toContain(`lab report ${noneId}`);
    expect(next).not.toContain("lab sample"); // it would fail: the run has no checkpoint
  });

  it("a run being trained is locked; after its process is killed it shows as crashed, and --resume takes it over and repairs a torn log line", async () => {
    const before = new Set(runIds());
    const child = spawn("node", ["bin/dojo.js", "--home", home, "lab", "pretrain", "--config", microConfig, "--steps", "200"], { cwd: ROOT, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
    // Wait for the first checkpoint (polling the folder), then freeze the process: it holds the lock but cannot finish.
    let id: string | undefined;
    while (id === undefined || !existsSync(join(home, "runs", id, "checkpoints", "step-20.json"))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      id = runIds().find((r) => !before.has(r));
    }
    child.kill("SIGSTOP");
    const runDir = join(home, "runs", id);
    expect(JSON.parse(readFileSync(join(runDir, "lock"), "utf8")).pid).toBe(child.pid);

    const second = await dojo("lab", "pretrain", "--resume", id);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`^dojo: run ${id}: locked by process ${child.pid} \\(started [^)]+\\), which is still running \\(hint: .*\\)\n$`));
    const listed = JSON.parse((await dojo("lab", "runs", "--json")).stdout) as Array<{ id: string; status: string; stepsTotal: number }>;
    expect(listed.find((r) => r.id === id)).toMatchObject({ status: "running", stepsTotal: 200 });

    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    // A kill in the middle of an append leaves part of a line at the end of the log.
    appendFileSync(join(runDir, "events.jsonl"), '{"t": 1, "step": 21, "kind": "tra');
    const runs = await dojo("lab", "runs");
    expect(runs.stdout).toMatch(new RegExp(`${id}\\s+crashed`));
    expect(runs.stdout).toContain(`${id}: ${join(runDir, "events.jsonl")}:`);
    const report = await dojo("lab", "report", id);
    expect(report.code).toBe(0);
    expect(report.stderr).toMatch(/^dojo: note: .*events\.jsonl:\d+: a torn last line/);

    const resumed = await dojo("lab", "pretrain", "--resume", id);
    expect(resumed.stderr).not.toContain("dojo:");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/removed a torn last line \d+ from events\.jsonl/);
    expect(resumed.stdout).toContain("completed (200 steps)\n");
    expect(existsSync(join(runDir, "lock"))).toBe(false);
    expect((await dojo("lab", "runs")).stdout).toMatch(new RegExp(`${id}\\s+completed\\s+200/200`));
    expect(summarizeRun(runDir).warning).toBeUndefined(); // the log reads cleanly again
  }, 120_000);

  it("rejects bad input with one line and writes no run", async () => {
    const before = runIds().length;
    const cases: Array<[string[], RegExp]> = [
      [["--preset", "huge"], /--preset: expected one of tiny, baby, got "huge"/],
      [["--data", join(dir, "missing.txt")], /missing\.txt: cannot read \(no such file\)/],
      [["--steps", "0"], /--steps: expected a whole number of at least 1/],
      [["--tokenizer", "words"], /--tokenizer: expected one of char, bpe/],
      [["--config", microConfig, "--resume", "x"], /--resume continues a run with its own config; drop --config/],
      [["--resume", "no-such-run"], /no run "no-such-run"/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await dojo("lab", "pretrain", ...args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split("\n")).toHaveLength(1);
    }
    const badConfig = join(dir, "bad.json");
    writeFileSync(badConfig, JSON.stringify({ model: { nLayer: "two" } }));
    expect((await dojo("lab", "pretrain", "--config", badConfig)).stderr).toMatch(/bad\.json: config field model\.nLayer: .*number/);
    expect(runIds().length).toBe(before);
  });
});
