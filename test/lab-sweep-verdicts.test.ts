import { describe, expect, it } from "vitest";
import type { SweepVariant } from "../src/lab/sweep-plan.js";
import type { SweepRunResult } from "../src/lab/sweep-run.js";
import { summarizeSweep } from "../src/lab/sweep-summary.js";
import { judgeClaims } from "../src/lab/sweep-verdicts.js";

const THRESHOLDS = { attentionLogitMax: 50, logZMax: 20 };
const LRS = [1e-2, 1e-1];

/** A run with a final loss, a largest attention logit and a largest log Z. */
function run(variant: SweepVariant, lr: number, seed: number, finalValLoss: number, attention: number, logZ = 5): SweepRunResult {
  return {
    variant,
    lr,
    seed,
    status: "completed",
    diverged: false,
    stepsDone: 100,
    initialLoss: 4,
    finalValLoss,
    finalTrainLoss: finalValLoss,
    finalLoss: finalValLoss,
    attention: [[50, attention / 2], [100, attention]],
    logitMean: [[50, 0], [100, 0]],
    logZ: [[50, logZ / 2], [100, logZ]],
    trainMs: 1,
  };
}

/** Verdicts of one seed per variant, given each variant's [loss, attention, logZ] at lr 0.01 and 0.1. */
function verdicts(rows: Partial<Record<SweepVariant, [number, number, number][]>>, seeds = [1]) {
  const variants = Object.keys(rows) as SweepVariant[];
  const results = variants.flatMap((variant) => seeds.flatMap((seed) => rows[variant]!.map(([loss, attention, logZ], i) => run(variant, LRS[i], seed, loss + seed * 1e-3, attention, logZ))));
  return judgeClaims(summarizeSweep({ lrs: LRS, variants, seeds }, results), THRESHOLDS);
}

describe("what reproduced: rules, not prose", () => {
  it("(a) reproduced when qk-norm keeps the max attention logit 10× below a baseline's that grew past the threshold", () => {
    const [a] = verdicts({ baseline: [[2, 10, 5], [3, 5000, 5]], "qk-norm": [[2, 8, 5], [2.5, 60, 5]], "z-loss": [[2, 10, 5], [3, 5000, 5]] });
    expect(a).toMatchObject({ claim: "a", verdict: "reproduced" });
    expect(a.evidence).toContain("lr 0.1: baseline 5000, qk-norm 60 (83.3× lower)");
  });

  it("(a) not reproduced when qk-norm's is within 10×, not shown without growth, not tested without qk-norm", () => {
    expect(verdicts({ baseline: [[2, 10, 5], [3, 500, 5]], "qk-norm": [[2, 8, 5], [2.5, 60, 5]] })[0].verdict).toBe("not reproduced");
    const [shown] = verdicts({ baseline: [[2, 10, 5], [3, 40, 5]], "qk-norm": [[2, 8, 5], [2.5, 6, 5]] });
    expect(shown.verdict).toBe("not shown");
    expect(shown.evidence).toContain("stayed below 50 at every learning rate (largest 40 at lr 0.1)");
    expect(verdicts({ baseline: [[2, 10, 5], [3, 500, 5]] })[0]).toMatchObject({ verdict: "not tested", evidence: "the sweep has no qk-norm runs" });
  });

  it("(b) reproduced when z-loss keeps |log Z| below the threshold where the baseline's reached it; not shown when it never did", () => {
    const diverging = { baseline: [[2, 10, 5], [3, 10, -35]], "z-loss": [[2, 10, 3], [2.5, 10, 4]] } as Record<SweepVariant, [number, number, number][]>;
    expect(verdicts(diverging)[1]).toMatchObject({ claim: "b", verdict: "reproduced" });
    expect(verdicts({ ...diverging, "z-loss": [[2, 10, 3], [2.5, 10, 25]] })[1].verdict).toBe("not reproduced");
    expect(verdicts({ ...diverging, baseline: [[2, 10, 5], [3, 10, 12]] })[1].verdict).toBe("not shown");
  });

  it("(c) both lower with seed ranges apart: reproduced; one: partly; overlapping seeds: within noise", () => {
    // Sensitivity of one seed: [l1, l2] → (max − min) / 2. Baseline 2 and 3: 0.5.
    const base: [number, number, number][] = [[2, 10, 5], [3, 10, 5]];
    const flat: [number, number, number][] = [[2, 10, 5], [2.2, 10, 5]]; // 0.1
    const [, , c] = verdicts({ baseline: base, "qk-norm": flat, "z-loss": flat }, [1, 2]);
    expect(c).toMatchObject({ claim: "c", verdict: "reproduced" });
    expect(c.evidence).toContain("qk-norm 0.1 vs baseline 0.5 (lower, seed ranges apart)");
    expect(verdicts({ baseline: base, "qk-norm": flat, "z-loss": [[2, 10, 5], [3.5, 10, 5]] }, [1, 2])[2].verdict).toBe("partly");
    expect(verdicts({ baseline: base, "qk-norm": base, "z-loss": [[2, 10, 5], [3.5, 10, 5]] }, [1, 2])[2].verdict).toBe("not reproduced");
  });

  it("(c) a lower mean whose seeds overlap the baseline's is within seed noise, not lower", () => {
    // Baseline seeds: sensitivities 0.5 and 0.9; qk-norm seeds 0.45 and 0.6: mean lower, ranges overlap.
    const results = [
      ...[[1, 2, 3], [2, 2, 3.8]].flatMap(([seed, a, b]) => [run("baseline", LRS[0], seed, a, 10), run("baseline", LRS[1], seed, b, 10)]),
      ...[[1, 2, 2.9], [2, 2, 3.2]].flatMap(([seed, a, b]) => [run("qk-norm", LRS[0], seed, a, 10), run("qk-norm", LRS[1], seed, b, 10)]),
      ...[[1, 2, 2.2], [2, 2, 2.2]].flatMap(([seed, a, b]) => [run("z-loss", LRS[0], seed, a, 10), run("z-loss", LRS[1], seed, b, 10)]),
    ];
    const [, , c] = judgeClaims(summarizeSweep({ lrs: LRS, variants: ["baseline", "qk-norm", "z-loss"], seeds: [1, 2] }, results), THRESHOLDS);
    expect(c.evidence).toContain("qk-norm 0.525 vs baseline 0.7 (lower, but within seed noise)");
    expect(c.verdict).toBe("partly"); // z-loss is lower with its seeds apart; qk-norm is not counted
  });
});
