import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LabSweepsResponse } from "../../src/api/lab.js";
import { writeSweepFile, type SweepFile } from "../../src/lab/sweep-file.js";
import { planSweep, type SweepVariant } from "../../src/lab/sweep-plan.js";
import type { SweepRunResult } from "../../src/lab/sweep-run.js";
import { testServer } from "./api-client.js";

/** A finished run whose attention logits peak at `attention`. */
function run(variant: SweepVariant, lr: number, finalValLoss: number, attention: number): SweepRunResult {
  return {
    variant,
    lr,
    seed: 1,
    status: "completed",
    diverged: false,
    stepsDone: 10,
    initialLoss: 4,
    finalValLoss,
    finalTrainLoss: finalValLoss,
    finalLoss: finalValLoss,
    attention: [[10, attention]],
    logitMean: [[10, -1]],
    logZ: [[10, 5]],
    trainMs: 100,
  };
}

describe("GET /api/lab/sweeps", () => {
  it("lists no sweeps in a new workspace", async () => {
    expect(LabSweepsResponse.parse(await testServer().getJson("/api/lab/sweeps"))).toEqual({ sweeps: [] });
  });

  it("lists sweeps newest first with the loss table, LR sensitivity and verdicts; an unreadable one with its error", async () => {
    const s = testServer();
    const plan = planSweep({ lr: "1e-2,1e-1", variants: "baseline,qk-norm", seeds: "1", steps: "10" }, "ts");
    const sweep: SweepFile = {
      id: "sweep-20260102-030405",
      status: "completed",
      createdAt: "2026-01-02T03:04:05.000Z",
      wallMs: 60_000,
      thresholds: { attentionLogitMax: 50, logZMax: 20 },
      plan,
      results: [run("baseline", 1e-2, 2.0, 8), run("qk-norm", 1e-2, 2.1, 5), run("baseline", 1e-1, 3.0, 4000), run("qk-norm", 1e-1, 2.2, 9)],
    };
    const dir = join(s.home, "runs", sweep.id);
    mkdirSync(dir, { recursive: true });
    writeSweepFile(dir, sweep);
    const broken = join(s.home, "runs", "sweep-20260103-030405");
    mkdirSync(broken);
    writeFileSync(join(broken, "sweep.json"), "{");

    const { sweeps } = LabSweepsResponse.parse(await s.getJson("/api/lab/sweeps"));
    expect(sweeps.map((w) => [w.id, w.status])).toEqual([
      ["sweep-20260103-030405", "unreadable"],
      ["sweep-20260102-030405", "completed"],
    ]);
    expect(sweeps[0].error).toMatch(/sweep\.json: not valid JSON/);
    const [, done] = sweeps;
    expect(done).toMatchObject({ preset: "tiny", steps: 10, lrs: [0.01, 0.1], seeds: 1, runsDone: 4, runsTotal: 4 });
    expect(done.table).toEqual({
      header: ["variant", "lr=0.01", "lr=0.1", "LR sensitivity"],
      // Sensitivity by hand: baseline (2.0, 3.0) → mean(0, 1) = 0.5; qk-norm (2.1, 2.2) → mean(0, 0.1) = 0.05.
      rows: [
        ["baseline", "2.000", "3.000", "0.500"],
        ["qk-norm", "2.100", "2.200", "0.050"],
      ],
    });
    expect(done.sensitivity.map((v) => [v.variant, v.value])).toEqual([["baseline", 0.5], ["qk-norm", expect.closeTo(0.05, 12)]]);
    expect(done.verdicts.map((v) => [v.claim, v.verdict])).toEqual([["a", "reproduced"], ["b", "not tested"], ["c", "not tested"]]);
  });
});
