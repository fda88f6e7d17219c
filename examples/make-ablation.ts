/**
 * Writes examples/ablation.jsonl: a small, seeded, made-up ablation study for trying
 * `dojo ablate`. Question: do rotary position embeddings beat learned ones?
 * - "learned" (baseline) and "rope" differ only in `pos`; rope's gain sits in arithmetic.
 * - "rope-lr" also raises the learning rate, trains on twice the tokens and samples
 *   at temperature 0.2: a confounded arm, so the checks have something to find.
 * Regenerate: npx tsx examples/make-ablation.ts
 */
import { writeFileSync } from "node:fs";
import { createRng } from "../src/stats/prng.js";

const SLICES = [...Array(60).fill("arithmetic"), ...Array(120).fill("facts"), ...Array(120).fill("stories")];
const rng = createRng(2024);
// How hard each example is for the baseline: its chance of being answered correctly.
const baseChance = SLICES.map((slice) => (slice === "arithmetic" ? 0.35 : 0.6) + 0.3 * (rng.nextFloat() - 0.5));

interface ArmSpec {
  arm: string;
  config: Record<string, unknown>;
  gain: Record<string, number>;
  loss: number;
  trainTokens: number;
  temperature: number;
}

const arms: ArmSpec[] = [
  { arm: "learned", config: { pos: "learned", lr: 6e-4, layers: 4 }, gain: {}, loss: 1.92, trainTokens: 4e6, temperature: 0 },
  { arm: "rope", config: { pos: "rope", lr: 6e-4, layers: 4 }, gain: { arithmetic: 0.3, facts: 0.01 }, loss: 1.9, trainTokens: 4e6, temperature: 0 },
  { arm: "rope-lr", config: { pos: "rope", lr: 1e-3, layers: 4 }, gain: { arithmetic: 0.2, facts: 0.06, stories: 0.05 }, loss: 1.86, trainTokens: 8e6, temperature: 0.2 },
];

const lines: string[] = [];
for (const spec of arms) {
  for (const seed of [1, 2, 3, 4, 5]) {
    const acc = SLICES.map((slice, i) => (rng.nextFloat() < baseChance[i] + (spec.gain[slice] ?? 0) ? 1 : 0));
    lines.push(
      JSON.stringify({
        arm: spec.arm,
        config: spec.config,
        seed,
        metrics: { acc, val_loss: +(spec.loss + 0.02 * (rng.nextFloat() - 0.5)).toFixed(4) },
        slices: SLICES,
        compute: { trainTokens: spec.trainTokens, inferenceSamples: 1 },
        decoding: { temperature: spec.temperature, max_tokens: 32 },
      }),
    );
  }
}
writeFileSync(new URL("./ablation.jsonl", import.meta.url), lines.join("\n") + "\n");
