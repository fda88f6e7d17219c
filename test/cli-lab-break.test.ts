// dojo lab break as a user drives it: inject a fault, read what fired and where the runbook is,
// then recover by hand from a checkpoint before the fault with batches skipped.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readEvents } from "../src/lab/run-folder.js";
import { runDojo } from "./cli-run.js";

const home = join(mkdtempSync(join(tmpdir(), "lmdojo-cli-break-")), "home");
const dojo = (...args: string[]) => runDojo(["--home", home, ...args]);
const runIds = () => readdirSync(join(home, "runs")).sort();

describe("dojo lab break", () => {
  it("names what fired and the runbook page; a run stopped by the fault exits 1", { timeout: 60_000 }, async () => {
    const run = await dojo("lab", "break", "--fault", "fp16-overflow", "--threads", "1");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("fault    fp16-overflow: fp16 activations and gradients with a static loss scale of 2^24, injected at step 0\n");
    expect(run.stdout).toContain("alerts   non-finite at step 1 (+1)\n");
    expect(run.stdout).toMatch(/runbook {2}content\/runbook\/fp16-overflow\.md\n/);
    const config = JSON.parse(readFileSync(join(home, "runs", runIds()[0], "config.json"), "utf8"));
    expect(config).toMatchObject({ steps: 300, fault: { name: "fp16-overflow", at: 0 }, precision: { gradients: "fp16", dynamicLossScale: false } });
  });

  it("recovers by hand: a branch from the checkpoint before a corrupted shard, with its batches skipped, sees no spike", { timeout: 120_000 }, async () => {
    const broken = await dojo("lab", "break", "--fault", "shard-random", "--steps", "200", "--window", "20", "--threads", "1");
    expect(broken.code).toBe(0);
    expect(broken.stdout).toMatch(/alerts {3}loss-spike at step 68 \(\+1\)/); // injected a third of the way, at step 67
    const parent = runIds().at(-1)!;
    // The checkpoint at step 50 was saved before the shard (batches 67–86); skip 40 batches past it.
    const branch = await dojo("lab", "pretrain", "--resume", parent, "--step", "50", "--skip-batches", "40", "--set", "optimizer.lr=0.002", "--threads", "1");
    expect(branch.code).toBe(0);
    const child = runIds().find((id) => id !== parent && !readEvents(join(home, "runs", id)).some((e) => e.kind === "start" && e.resumedFrom === undefined))!;
    const events = readEvents(join(home, "runs", child));
    expect(events[0]).toMatchObject({ kind: "start", resumedFrom: 50, skippedBatches: [50, 90], branchOf: { run: parent, step: 50 } });
    expect(events.filter((e) => e.kind === "alert" && e.alert === "loss-spike")).toEqual([]);
    expect(JSON.parse(readFileSync(join(home, "runs", child, "config.json"), "utf8")).optimizer.lr).toBe(0.002);
  });

  it("refuses bad input with one line and no run folder", { timeout: 60_000 }, async () => {
    const before = runIds().length;
    const unknown = await dojo("lab", "break", "--fault", "lr-x1000");
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/^dojo: no fault "lr-x1000" \(hint: faults: lr-x10, lr-x100, /);
    const neither = await dojo("lab", "break");
    expect(neither.stderr).toContain("dojo lab break needs --fault NAME or --all");
    const setFresh = await dojo("lab", "pretrain", "--set", "optimizer.lr=1");
    expect(setFresh.stderr).toContain("--set changes a resumed run's settings");
    const withCheckpoints = runIds().find((id) => existsSync(join(home, "runs", id, "checkpoints", "step-50.json")))!;
    const model = await dojo("lab", "pretrain", "--resume", withCheckpoints, "--step", "50", "--set", "model.nLayer=3");
    expect(model.stderr).toContain("--set cannot change the model");
    expect(runIds().length).toBe(before);
  });
});
