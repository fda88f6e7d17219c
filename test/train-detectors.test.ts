// The detectors on hand-made windows: each fires just past its threshold and not before it.
import { describe, expect, it } from "vitest";
import * as d from "../src/train/detectors.js";
import { ALERT_DEFAULTS } from "../src/train/config.js";
import { logitStats, maxAttentionLogit } from "../src/train/signals.js";
import { tensor } from "../src/tensor/tensor.js";

const t: d.DetectorThresholds = { ...ALERT_DEFAULTS, spikeWindow: 5 };

describe("robust statistics", () => {
  it("median and robust z-score by hand", () => {
    expect(d.median([3, 1, 2])).toBe(2);
    expect(d.median([4, 1, 3, 2])).toBe(2.5);
    // window 1..5: median 3, |w − 3| = 2,1,0,1,2 → MAD 1 → σ̂ = 1.4826
    expect(d.robustZ([1, 2, 3, 4, 5], 8)).toBeCloseTo(5 / 1.4826, 10);
    expect(d.robustZ([2, 2, 2], 3)).toBe(Infinity);
    expect(d.robustZ([2, 2, 2], 2)).toBe(0);
  });
});

describe("detectors", () => {
  const calm = [2.0, 2.1, 1.9, 2.0, 2.05]; // median 2.0, MAD 0.05 → σ̂ 0.0741
  it("loss spike: robust z above spikeSigma and a rise above spikeMinRise, once the window is full", () => {
    expect(d.detectLossSpike(10, calm, 2.0 + 6.1 * 0.07413, t)).toMatchObject({ detector: "loss-spike" }); // z 6.1, rise 0.45
    expect(d.detectLossSpike(10, calm, 2.0 + 5.9 * 0.07413, t)).toBeNull(); // z 5.9
    expect(d.detectLossSpike(10, calm.slice(1), 9, t)).toBeNull(); // window not full
    const flat = [2.0, 2.001, 1.999, 2.0, 2.0005]; // σ̂ tiny: z is huge for a 0.05 rise, but the rise is below 0.1 nats
    expect(d.detectLossSpike(10, flat, 2.05, t)).toBeNull();
    expect(d.detectLossSpike(10, flat, 2.11, t)).not.toBeNull();
  });

  it("grad-norm jump: the median of the last 5 norms against the window before them", () => {
    const before = [1, 1.1, 0.9, 1, 1.05]; // median 1
    expect(d.detectGradNormJump(10, [...before, 7, 7, 7, 1, 1], t)).toMatchObject({ detector: "grad-norm-jump", evidence: { median: 1, gradNorm: 7, ratio: 7 } });
    expect(d.detectGradNormJump(10, [...before, 7, 7, 1, 1, 1], t)).toBeNull(); // two noisy steps are not a level shift
    expect(d.detectGradNormJump(10, [...before, 5.9, 5.9, 5.9, 5.9, 5.9], t)).toBeNull(); // 5.9× < 6×
    expect(d.detectGradNormJump(10, [...before, 7, 7, 7, 7], t)).toBeNull(); // not yet window + 5 norms
  });

  it("attention-logit growth names the first layer past the threshold", () => {
    expect(d.detectAttentionLogitGrowth(20, [12, 49.9], t)).toBeNull();
    expect(d.detectAttentionLogitGrowth(20, [12, 51, 80], t)).toMatchObject({ layer: "h.1", evidence: { maxAttentionLogit: 51 } });
  });

  it("output-logit divergence on |mean log Z| either way", () => {
    expect(d.detectOutputLogitDivergence(20, { mean: -3, max: 8, logZ: 14.9 }, t)).toBeNull();
    expect(d.detectOutputLogitDivergence(20, { mean: -3, max: 30, logZ: 15.1 }, t)).toMatchObject({ detector: "output-logit-divergence", layer: "lm_head" });
    expect(d.detectOutputLogitDivergence(20, { mean: -40, max: 2, logZ: -15.1 }, t)).toMatchObject({ detector: "output-logit-divergence" });
  });

  it("loss stuck near ln V only after warmup", () => {
    const lnV = Math.log(65);
    const stuck = [lnV, lnV - 0.05, lnV + 0.01, lnV - 0.02, lnV];
    expect(d.detectLossStuck(60, 50, stuck, 65, t)).toMatchObject({ detector: "loss-stuck" });
    expect(d.detectLossStuck(50, 50, stuck, 65, t)).toBeNull(); // still warming up
    expect(d.detectLossStuck(60, 50, stuck.map((x) => x - 0.2), 65, t)).toBeNull();
  });

  it("train/validation gap against the median recent training loss", () => {
    expect(d.detectTrainValGap(100, [1.0, 1.2, 1.1], 1.61, t)).toMatchObject({ evidence: { trainLoss: 1.1 } });
    expect(d.detectTrainValGap(100, [1.0, 1.2, 1.1], 1.59, t)).toBeNull();
  });

  it("update ratio outside the healthy range after warmup", () => {
    const layers = (r: number) => [{ layer: "wte", gradNorm: 1, updateRatio: 1e-3 }, { layer: "h.0", gradNorm: 1, updateRatio: r }];
    expect(d.detectUpdateRatio(60, 50, layers(0.11), t)).toMatchObject({ layer: "h.0" });
    expect(d.detectUpdateRatio(60, 50, layers(9e-6), t)).toMatchObject({ layer: "h.0" });
    expect(d.detectUpdateRatio(60, 50, layers(0.09), t)).toBeNull();
    expect(d.detectUpdateRatio(40, 50, layers(0.5), t)).toBeNull();
  });
});

describe("signals", () => {
  it("max attention logit over causal pairs only, scaled by 1/√D", () => {
    // B = H = 1, T = 2, D = 4.
    const qData = [2, 0, 0, 0, /* q1 */ 1, 1, 1, 0];
    const kData = [1, 0, 0, 0, /* k1 */ 50, 1, 1, 1];
    // q0·k0 = 2; q1·k0 = 1; q1·k1 = 50 + 1 + 1 = 52 → max 52 / √4 = 26. (q0·k1 = 100 is in the future: masked.)
    const max = maxAttentionLogit(tensor(qData, [1, 1, 2, 4]), tensor(kData, [1, 1, 2, 4]));
    expect(max).toBeCloseTo(26, 6);
  });

  it("logit statistics by hand", () => {
    const s = logitStats(new Float32Array([0, 0, Math.log(2), 0]), 2);
    expect(s.mean).toBeCloseTo(Math.log(2) / 4, 6);
    expect(s.max).toBeCloseTo(Math.log(2), 6);
    expect(s.logZ).toBeCloseTo((Math.log(2) + Math.log(3)) / 2, 6); // rows: log(1+1), log(2+1)
  });
});
