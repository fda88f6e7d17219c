import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alignDrillCardId, dueAlignDrills, pickAlignDrill, rateAlignDrill } from "../src/align/align-drill-schedule.js";
import { alignDrills, compareEvidence, formatEvidence, type AlignDrill } from "../src/align/align-drills.js";
import { loadReviewStates } from "../src/drill/history.js";
import { RATINGS } from "../src/drill/scheduler.js";
import { openStore } from "../src/store/open.js";
import { rlEval, writeDrillPipeline, type DrillPipelineSpec } from "./align-drills-fixture.js";

const home = mkdtempSync(join(tmpdir(), "lmdojo-align-drills-"));

const sft = [{ step: 100, metrics: { "gold/accuracy": 0.13, "gold/abstention": 0.3, "kl/sequence": 0, "winrate/labeller": 0.5 } }];
const rm = [{ step: 50, metrics: { "rm/accuracy_labeller": 0.75, "rm/accuracy_gold": 0.55 } }];

/** Gold accuracy peaks at step 40 at 0.15 and ends at 0.08 while the proxy rises; the labeller prefers the result and it stopped abstaining. */
const overoptimized: DrillPipelineSpec = {
  sft,
  rm,
  dpo: [{ beta: 0.1, evals: [{ step: 60, metrics: { "gold/accuracy": 0.13, "kl/sequence": 1.5 } }] }],
  rl: [
    {
      klCoef: 0.01,
      evals: [rlEval(0, -0.9, 0.1), rlEval(40, 0.2, 0.15), rlEval(80, 0.5, 0.12), rlEval(120, 0.6, 0.08, { "winrate/labeller": 0.7, "gold/abstention": 0.05, "kl/sequence": 9 })],
    },
    { klCoef: 0.1, evals: [rlEval(0, -0.9, 0.1), rlEval(120, 0.1, 0.12, { "kl/sequence": 2 })] },
  ],
};

/** Gold accuracy climbs to its last evaluation: nothing fell. */
const healthy: DrillPipelineSpec = { sft, rm, dpo: [], rl: [{ klCoef: 0.05, evals: [rlEval(0, -0.5, 0.1), rlEval(40, 0.1, 0.14), rlEval(80, 0.3, 0.16)] }] };

writeDrillPipeline(home, "p-over", overoptimized);
writeDrillPipeline(home, "p-healthy", healthy);

const byKind = (drills: AlignDrill[], kind: string) => drills.find((d) => d.kind === kind)!;

describe("alignDrills", () => {
  const over = alignDrills(home, "p-over");

  it("asks every kind the pipeline has data for, with ids naming the pipeline, the kind and the run", () => {
    expect(over.map((d) => d.id)).toEqual([
      "p-over/ship-checkpoint/p-over-rl-0",
      "p-over/ship-checkpoint/p-over-rl-1",
      "p-over/winrate-vs-factuality/p-over-rl-0",
      "p-over/rm-offline",
      "p-over/kl-knob",
      "p-over/dpo-vs-rl",
    ]);
  });

  it("ship-checkpoint: gold peaked at step 40 at 0.15 and fell to 0.08, so the answer ships step 40", () => {
    const d = byKind(over, "ship-checkpoint");
    expect(d.question).toContain("step 120 (0.60 [0.58, 0.62])");
    const peak = d.evidence.find((e) => e.label === "gold accuracy at its peak, step 40")!;
    expect(formatEvidence(peak)).toBe("0.15 [0.13, 0.17]");
    expect(d.modelAnswer).toMatch(/^No: ship the checkpoint of step 40\. The gold accuracy peaked there at 0\.15 \[0\.13, 0\.17\] and is 0\.08 \[0\.06, 0\.10\] at step 120/);
    expect(d.rubric.join("\n")).toContain("Ships step 40");
  });

  it("ship-checkpoint: gold that did not fall is not answered with an earlier step", () => {
    const d = byKind(alignDrills(home, "p-healthy"), "ship-checkpoint");
    expect(d.modelAnswer).toMatch(/^The evidence does not show a fall: the gold accuracy is 0\.16 \[0\.14, 0\.18\] at step 80, its highest evaluation/);
    expect(d.modelAnswer).not.toMatch(/step 40/);
    expect(d.modelAnswer).toContain("Shipping step 80 is defensible");
  });

  it("ship-checkpoint: accuracy within its interval but the gold score falling from the start ships the starting policy", () => {
    // As measured on the tiny pipeline: abstentions turned into wrong answers, so accuracy barely moves and the score collapses.
    writeDrillPipeline(home, "p-score", { sft, rm, dpo: [], rl: [{ klCoef: 0.01, evals: [rlEval(0, -0.5, 0.05, { "gold/score": -0.08 }), rlEval(45, 0.5, 0.07, { "gold/score": -0.86 }), rlEval(90, 0.7, 0.06, { "gold/score": -0.88 })] }] });
    const d = byKind(alignDrills(home, "p-score"), "ship-checkpoint");
    expect(d.modelAnswer).toMatch(/^No: ship the checkpoint of step 0 \(the starting SFT policy\)\. The gold score peaked there at -0\.08 \[-0\.10, -0\.06\] and is -0\.88 \[-0\.90, -0\.86\] at step 90/);
    expect(d.evidence.map((e) => e.label)).toContain("gold score at its peak, step 0");
  });

  it("winrate-vs-factuality: a labeller win with gold down and abstention collapsed is the labeller's bias", () => {
    const d = byKind(over, "winrate-vs-factuality");
    expect(d.modelAnswer).toMatch(/^Not better: the labeller prefers it while gold accuracy fell and it stopped abstaining\./);
    expect(d.modelAnswer).toContain("abstention from 0.30 [0.28, 0.32] to 0.05 [0.03, 0.07]");
  });

  it("rm-offline: agreement with the labeller above gold, and what RL did to gold", () => {
    const d = byKind(over, "rm-offline");
    expect(d.modelAnswer).toContain("agrees with the labeller (0.75 [0.73, 0.77]) more than with the truth (0.55 [0.53, 0.57])");
    expect(d.modelAnswer).toContain("lowered gold accuracy from 0.13 [0.11, 0.15] to 0.08 [0.06, 0.10]");
  });

  it("kl-knob: the small coefficient drifted further and lost gold, so the coefficient goes up", () => {
    const d = byKind(over, "kl-knob");
    expect(d.modelAnswer).toMatch(/^KL coef 0\.01 drifted further: KL 9\.00 \[8\.98, 9\.02\] nats against 2\.00 \[1\.98, 2\.02\] for coef 0\.1\./);
    expect(d.modelAnswer).toContain("Turn the KL coefficient up (towards 0.1 or beyond)");
  });

  it("dpo-vs-rl: the best DPO run against the best RL run, gold and drift", () => {
    const d = byKind(over, "dpo-vs-rl");
    // The best RL run by final gold is KL coef 0.1 (0.12), against DPO's 0.13: within the intervals; DPO drifted less.
    expect(d.modelAnswer).toMatch(/^Neither reached more gold accuracy beyond the intervals \(0\.13 \[0\.11, 0\.15\] for DPO \(β 0\.1\), 0\.12 \[0\.10, 0\.14\] for RL \(KL coef 0\.1\)\); DPO \(β 0\.1\) got there with less drift/);
  });

  it("leaves out the kinds whose data is missing: no DPO run, one RL run", () => {
    expect(alignDrills(home, "p-healthy").map((d) => d.kind)).toEqual(["ship-checkpoint", "winrate-vs-factuality", "rm-offline"]);
  });

  it("every number in a model answer is one of its evidence's, as formatted, or a setting of the runs", () => {
    const settings = ["0.01", "0.05", "0.1"]; // the fixtures' KL coefficients and β
    for (const d of [...over, ...alignDrills(home, "p-healthy")]) {
      const shown = new Set([...settings, ...d.evidence.flatMap((e) => [e.value, ...(e.interval ?? [])].map((x) => x.toFixed(2)))]);
      for (const n of d.modelAnswer.match(/-?\d+\.\d\d\b/g) ?? []) expect(shown, `${d.id}: ${n}`).toContain(n);
    }
  });

  it("an unknown pipeline is a NotFoundError", () => {
    expect(() => alignDrills(home, "nope")).toThrow(/no pipeline "nope"/);
  });
});

describe("compareEvidence and formatEvidence", () => {
  it("separates two values only beyond the wider half-width", () => {
    expect(compareEvidence({ label: "a", value: 0.2, interval: [0.1, 0.3] }, { label: "b", value: 0.05 })).toBe(1);
    expect(compareEvidence({ label: "a", value: 0.2, interval: [0.1, 0.3] }, { label: "b", value: 0.12 })).toBe(0);
    expect(formatEvidence({ value: 0.5 })).toBe("0.50");
  });
});

describe("scheduling alignment drills", () => {
  const t0 = new Date("2026-03-01T10:00:00Z");

  it("a rating moves the due date; rating a drill not yet due changes nothing", () => {
    const db = openStore(join(home, "schedule.db"));
    const id = "p-over/kl-knob";
    const first = rateAlignDrill(db, id, RATINGS.good, t0)!;
    expect(first.due.getTime()).toBeGreaterThan(t0.getTime());
    expect(loadReviewStates(db).get(alignDrillCardId(id))!.due).toEqual(first.due);
    const early = new Date(first.due.getTime() - 1000);
    expect(rateAlignDrill(db, id, RATINGS.again, early)).toBeNull();
    expect(loadReviewStates(db).get(alignDrillCardId(id))!.due).toEqual(first.due);
    const second = rateAlignDrill(db, id, RATINGS.good, first.due)!;
    expect(second.due.getTime()).toBeGreaterThan(first.due.getTime());
    db.close();
  });

  it("asks the due drill first, then a new one, then the one coming due soonest", () => {
    const db = openStore(join(home, "pick.db"));
    const drills = alignDrills(home, "p-over");
    expect(pickAlignDrill(drills, loadReviewStates(db), t0)).toMatchObject({ drill: { id: drills[0].id }, reason: "new" });
    const state = rateAlignDrill(db, drills[3].id, RATINGS.again, t0)!;
    expect(dueAlignDrills(loadReviewStates(db), state.due)).toEqual([drills[3].id]);
    expect(pickAlignDrill(drills, loadReviewStates(db), state.due)).toMatchObject({ drill: { id: drills[3].id }, reason: "due" });
    for (const d of drills) rateAlignDrill(db, d.id, RATINGS.easy, state.due);
    expect(pickAlignDrill(drills, loadReviewStates(db), state.due)?.reason).toBe("review");
    expect(pickAlignDrill([], loadReviewStates(db), state.due)).toBeNull();
    db.close();
  });
});
