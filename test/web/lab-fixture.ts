/**
 * A finished run folder written by hand (no training): 20 steps with two evaluations over
 * two domains, layer statistics, a loss-spike alert at step 15 and a checkpoint, so that
 * pages and routes can be checked against numbers known in advance.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PRESETS } from "../../src/train/config.js";
import type { RunEvent } from "../../src/train/events.js";

export const FIXTURE_T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
export const SPIKE_MESSAGE = "step 15: loss 9.0000 is 7.5 standard deviations above the last 50 steps";

/** Loss at `step` of the fixture: 4 − step/10, except the spike of 9 at step 15. */
export const fixtureLoss = (step: number) => (step === 15 ? 9 : 4 - step / 10);

export function fixtureEvents(steps = 20, end: "completed" | "interrupted" | null = "completed"): RunEvent[] {
  const t = (step: number) => FIXTURE_T0 + step * 1000;
  const events: RunEvent[] = [{ t: t(0), step: 0, kind: "start", steps: 20, parameters: 1000, unigramEntropy: 3.4, trainTokens: 9000, validationTokens: 1000 }];
  for (let step = 1; step <= steps; step++) {
    events.push({ t: t(step), step, kind: "train", loss: fixtureLoss(step), lr: 0.001 * step, gradNorm: 0.5, tokens: step * 512, tokensPerSecond: 512, elapsedMs: step * 1000, rssBytes: 1e8 });
    if (step % 10 === 0) {
      events.push({ t: t(step), step, kind: "layers", layers: [{ layer: "h.0", gradNorm: 0.1, updateRatio: 0.001 * step }, { layer: "h.1", gradNorm: 0.2, updateRatio: 0.002 }] });
      events.push({
        t: t(step),
        step,
        kind: "eval",
        tokens: step * 512,
        trainLoss: 3 - step / 20,
        valLoss: 3.1 - step / 20,
        valPerplexity: Math.exp(3.1 - step / 20),
        domainLoss: { stories: 3 - step / 20, arithmetic: 3.2 - step / 20 },
        arithmeticAccuracy: 0.1,
        arithmeticCount: 10,
        samples: [`sample at step ${step}`],
      });
      events.push({ t: t(step), step, kind: "checkpoint", path: `checkpoints/step-${step}.json`, valLoss: 3.1 - step / 20, best: true });
    }
    if (step === 15) events.push({ t: t(step), step, kind: "alert", alert: "loss-spike", message: SPIKE_MESSAGE, value: 9 });
  }
  if (end) events.push({ t: t(steps), step: steps, kind: "end", status: end, message: `${end} ${steps} steps` });
  return events;
}

/** Writes the run `id` under `home`/runs with config.json and events.jsonl; returns its folder. */
export function writeFixtureRun(home: string, id: string, events: RunEvent[] = fixtureEvents()): string {
  const dir = join(home, "runs", id);
  mkdirSync(join(dir, "checkpoints"), { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify({ ...PRESETS.tiny, steps: 20, backend: "wasm", createdAt: new Date(FIXTURE_T0).toISOString(), versions: {} }, null, 2));
  writeFileSync(join(dir, "events.jsonl"), events.map((e) => JSON.stringify(e) + "\n").join(""));
  return dir;
}
