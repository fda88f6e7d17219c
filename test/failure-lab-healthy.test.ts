// Healthy runs of the failure lab's standard config, and recovery from a fault beside them.
// No detector fires on a healthy run across 5 seeds (the other half of each detector's test;
// failure-lab-detectors.test.ts has its fault). Recovery from a corrupted shard (random tokens
// for batches 100–149): PaLM's rollback-and-skip ends near the healthy run, going on without
// recovery ends worse, and lower-lr restores and halves the learning rate.
import { describe, expect, it } from "vitest";
import { faultLabConfig } from "../src/lab/fault-run.js";
import { effectiveEvents } from "../src/lab/runs.js";
import { warmupCosineLr } from "../src/optim/index.js";
import type { TrainConfig } from "../src/train/config.js";
import type { RecoveryEvent, TrainEvent } from "../src/train/events.js";
import { runLab, type LabRun } from "./failure-lab-run.js";

/** Each seed's healthy run, trained once for the whole file. */
const healthy = new Map<number, Promise<LabRun>>();
const healthyRun = (seed: number): Promise<LabRun> => {
  if (!healthy.has(seed)) healthy.set(seed, runLab(faultLabConfig({ seed, fault: null })));
  return healthy.get(seed)!;
};

describe("detectors on healthy runs", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`stay silent for seed ${seed}`, { timeout: 120_000 }, async () => {
      const { result, alerts, events } = await healthyRun(seed);
      expect(result.status).toBe("completed");
      expect(alerts.map((a) => a.message)).toEqual([]);
      expect(events.filter((e) => e.kind === "layers").length).toBe(31); // the signals were measured: after step 1, then every 10 of 300 steps
    });
  }
});

const onSpike = (config: TrainConfig, action: TrainConfig["recovery"]["onSpike"]): TrainConfig => ({ ...config, recovery: { ...config.recovery, onSpike: action } });

describe("recovery from a loss spike", () => {
  it("rollback-and-skip ends within 5% of the healthy run; no recovery ends more than 5% worse", { timeout: 180_000 }, async () => {
    const shard = faultLabConfig({ seed: 1, fault: "shard-random" });
    const clean = (await healthyRun(1)).result.lastValLoss!;
    const none = await runLab(shard);
    const rollback = await runLab(onSpike(shard, "rollback"));

    const recovery = rollback.events.find((e): e is RecoveryEvent => e.kind === "recovery")!;
    // The spike fires at step 101 (the first corrupted batch is the 101st step's); the newest
    // snapshot at least 25 steps earlier is step 75, and 200 batches from there pass the shard.
    expect(recovery).toMatchObject({ action: "rollback", alertStep: 101, toStep: 75, skippedBatches: [75, 275], lrScale: 1 });
    expect(rollback.alerts.filter((a) => a.alert === "loss-spike").map((a) => a.step)).toEqual([101]); // the corrupted batches are never seen again
    const steps = effectiveEvents(rollback.events).filter((e): e is TrainEvent => e.kind === "train").map((e) => e.step);
    expect(steps).toEqual(Array.from({ length: 300 }, (_, i) => i + 1)); // steps 76..101 redone, each counted once

    expect(Math.abs(rollback.result.lastValLoss! - clean) / clean).toBeLessThan(0.05);
    expect((none.result.lastValLoss! - clean) / clean).toBeGreaterThan(0.05);
  });

  it("lower-lr restores the snapshot and trains on at half the scheduled learning rate", { timeout: 120_000 }, async () => {
    const config = onSpike(faultLabConfig({ seed: 1, fault: "shard-random" }), "lower-lr");
    const { events } = await runLab(config, 110);
    const recovery = events.find((e): e is RecoveryEvent => e.kind === "recovery")!;
    expect(recovery).toMatchObject({ action: "lower-lr", alertStep: 101, toStep: 75, lrScale: 0.5 });
    expect(recovery.skippedBatches).toBeUndefined();
    const after = events.slice(events.indexOf(recovery)).find((e): e is TrainEvent => e.kind === "train")!;
    expect(after.step).toBe(76);
    const o = config.optimizer;
    expect(after.lr).toBeCloseTo(0.5 * warmupCosineLr(75, { lr: o.lr, minLr: o.minLr, warmupSteps: o.warmupSteps, decaySteps: o.decaySteps }), 12);
  });
});
