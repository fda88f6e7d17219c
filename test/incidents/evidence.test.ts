// The tells of the reveal measured on runs written by hand, whose numbers are known: the
// applied learning rate against the schedule, a loss jump and its recovery, a loss stuck at
// ln V, a new gradient-norm level, the gap between validation and training windows.
import { describe, expect, it } from "vitest";
import { lastGoodConfig } from "../../src/lab/incidents/catalogue.js";
import { measureTells } from "../../src/lab/incidents/evidence.js";
import { warmupCosineLr } from "../../src/optim/schedule.js";
import type { RunEvent } from "../../src/train/events.js";

const config = lastGoodConfig("healthy", "ts"); // 300 steps, lr 3e-3 after 50 warmup steps, cosine to 3e-4
const o = config.optimizer;
const scheduled = (step: number) => warmupCosineLr(step - 1, { lr: o.lr, minLr: o.minLr, warmupSteps: o.warmupSteps, decaySteps: o.decaySteps });
const V = 59;

/** A run of 300 steps: loss and gradient norm from the functions given, the learning rate as scheduled times `lrFactor`. */
function run(options: { loss?: (step: number) => number; gradNorm?: (step: number) => number; lrFactor?: (step: number) => number; evals?: (step: number) => [number, number] } = {}): RunEvent[] {
  const loss = options.loss ?? ((s: number) => 2 + 0.1 * Math.sin(s)); // noise of ±0.1 around 2
  const gradNorm = options.gradNorm ?? ((s: number) => 0.8 + 0.1 * Math.cos(s));
  const events: RunEvent[] = [{ t: 0, step: 0, kind: "start", steps: 300, parameters: 1000, unigramEntropy: 3.4, trainTokens: 1, validationTokens: 1 }];
  for (let step = 1; step <= 300; step++) {
    const lr = scheduled(step) * (options.lrFactor?.(step) ?? 1);
    events.push({ t: step, step, kind: "train", loss: loss(step), lr, gradNorm: gradNorm(step), tokens: step, tokensPerSecond: 1, elapsedMs: step, rssBytes: 1 });
    if (step % 50 === 0) {
      const [trainLoss, valLoss] = options.evals?.(step) ?? [2, 2.05];
      events.push({ t: step, step, kind: "eval", tokens: step, trainLoss, valLoss, valPerplexity: Math.exp(valLoss), domainLoss: {}, arithmeticAccuracy: null, arithmeticCount: 0, samples: [] });
    }
  }
  return events;
}

const tells = (events: RunEvent[]) => measureTells({ config, events, diff: [], vocabSize: V, layerSizes: {} });

describe("the tells of a run", () => {
  it("finds the step where the applied learning rate left the schedule, and by how much", () => {
    expect(tells(run())["lr-schedule"]).toBe("The applied learning rate matched the config's schedule at every step.");
    const jumped = tells(run({ lrFactor: (s) => (s >= 153 ? 10 : 1) }))["lr-schedule"];
    expect(jumped).toBe(`From step 153 the applied learning rate was ×10 the config's schedule (${(scheduled(153) * 10).toExponential(2)} instead of ${scheduled(153).toExponential(2)}).`);
  });

  it("says whether the learning rate warmed up", () => {
    expect(tells(run())["warmup"]).toBe(`The learning rate warmed up from ${scheduled(1).toExponential(2)} at step 1 to the config's peak 3.00e-3 at step 51.`);
  });

  it("measures the largest loss jump against the 50 steps before, and when the loss came back", () => {
    expect(tells(run())["loss-spike"]).toMatch(/^No step's loss rose more than 0\.\d\d nats above the median of the 50 steps before it/);
    // Loss 6 at steps 120–139, then back at its noise around 2.
    const spiked = tells(run({ loss: (s) => (s >= 120 && s < 140 ? 6 : 2 + 0.1 * Math.sin(s)) }))["loss-spike"];
    expect(spiked).toMatch(/^The loss jumped to 6\.000 at step 120, 4\.\d\d nats above the median 2\.\d{3} of the 50 steps before, and it was back within 0\.1 nats of that median by step 140 \(20 steps later\)\.$/);
  });

  it("finds the longest stretch after warmup with the loss at ln V", () => {
    const lnV = Math.log(V);
    const stuck = tells(run({ loss: (s) => (s > 150 && s <= 190 ? lnV + 0.01 : 2) }))["loss-stuck"];
    expect(stuck).toBe(`The loss sat at ${(lnV + 0.01).toFixed(2)} ≈ ln V = ${lnV.toFixed(2)} (a uniform guess) for 40 consecutive steps after warmup (steps 151–190).`);
    expect(tells(run())["loss-stuck"]).toMatch(/^After warmup the loss never stayed within 0\.25 nats of ln V/);
  });

  it("finds a gradient norm that moved to a new level and stayed there", () => {
    const level = tells(run({ gradNorm: (s) => (s >= 133 ? 3.2 : 0.8) }))["grad-level"];
    expect(level).toBe("The gradient norm moved to a new level at step 133: a median of 3.20 over the next 20 steps, ×4.0 its median 0.80 over the 50 before; over the last 50 steps its median was 3.20.");
    expect(tells(run())["grad-level"]).toMatch(/^The gradient norm kept its level/);
  });

  it("reads the gap between validation and training windows, and the step loss against them", () => {
    const gap = tells(run({ evals: (s) => [2, 2 + s / 100] }));
    expect(gap["val-gap"]).toBe("Validation loss minus the loss on fixed training windows: 0.50 nats at the first evaluation (step 50), 3.00 at the last (step 300).");
    expect(gap["learned"]).toMatch(/^At the last evaluation \(step 300\) validation loss was 5\.000, above even ln V = 4\.08/);
    const memorized = tells(run({ loss: () => 0.1, evals: () => [3, 3] }))["step-vs-windows"];
    expect(memorized).toBe("At step 300 the step loss (median 0.100 over the 50 steps before) was 2.90 nats below the loss on fixed training windows (3.000).");
  });

  it("says so when a run stopped at its first step on a non-finite value", () => {
    const events: RunEvent[] = [
      { t: 0, step: 0, kind: "start", steps: 300, parameters: 1000, unigramEntropy: 3.4, trainTokens: 1, validationTokens: 1 },
      { t: 1, step: 1, kind: "alert", alert: "non-finite", message: "step 1: grad of transformer.ln_f.weight holds Infinity; stopped before the update", tensor: "grad of transformer.ln_f.weight" },
      { t: 1, step: 0, kind: "end", status: "stopped", message: "step 1: ..." },
    ];
    const t = tells(events);
    expect(t["non-finite"]).toBe("The run stopped on a non-finite value: at step 1, grad of transformer.ln_f.weight holds Infinity; stopped before the update.");
    expect(t["lr-schedule"]).toBe("The run logged no training step.");
    expect(t["val-gap"]).toBe("The run logged no evaluation.");
  });
});
