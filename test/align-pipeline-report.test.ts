import { describe, expect, it } from "vitest";
import type { AlignEvalEvent } from "../src/align/align-events.js";
import { overoptimization } from "../src/align/pipeline-report.js";

/** An RL evaluation with a proxy reward and a gold accuracy whose 95% interval is ± half. */
const evaluation = (step: number, proxy: number, accuracy: number, half = 0.03): AlignEvalEvent => ({
  t: 0,
  step,
  kind: "eval",
  n: 100,
  samples: [],
  metrics: { "reward/proxy": proxy, "gold/accuracy": accuracy },
  intervals: { "gold/accuracy": [accuracy - half, accuracy + half] },
});

describe("overoptimization", () => {
  it("finds gold peaking and falling while the proxy rises (Gao et al. 2022)", () => {
    // Peak 0.15 at step 40, end 0.08: a fall of 0.07, more than the end's half-width 0.03.
    const v = overoptimization([evaluation(0, -0.9, 0.09), evaluation(40, 0.2, 0.15), evaluation(80, 0.5, 0.12), evaluation(120, 0.6, 0.08)], "gold/accuracy")!;
    expect(v).toMatchObject({ proxyRose: true, goldStart: 0.09, goldPeak: 0.15, goldPeakStep: 40, goldEnd: 0.08, goldFellWhileProxyRose: true });
  });

  it("does not call a fall within the interval, a gold that ends at its peak, or a falling proxy over-optimization", () => {
    const within = [evaluation(0, 0, 0.1), evaluation(40, 0.5, 0.14), evaluation(80, 0.9, 0.12, 0.05)]; // fell 0.02 < 0.05
    expect(overoptimization(within, "gold/accuracy")!.goldFellWhileProxyRose).toBe(false);
    const rising = [evaluation(0, 0, 0.1), evaluation(40, 0.5, 0.2)];
    expect(overoptimization(rising, "gold/accuracy")!.goldFellWhileProxyRose).toBe(false);
    const proxyFell = [evaluation(0, 0.5, 0.1), evaluation(40, 0.6, 0.3), evaluation(80, 0.4, 0.1)];
    expect(overoptimization(proxyFell, "gold/accuracy")).toMatchObject({ proxyRose: false, goldFellWhileProxyRose: false });
  });

  it("needs two evaluations with both metrics", () => {
    expect(overoptimization([evaluation(0, 0, 0.1)], "gold/accuracy")).toBeNull();
    expect(overoptimization([evaluation(0, 0, 0.1), evaluation(10, 1, 0.2)], "gold/score")).toBeNull();
  });
});
