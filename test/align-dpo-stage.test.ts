import { describe, expect, it } from "vitest";
import { stageDefaults } from "../src/align/align-presets.js";
import { frozenAnswerLogProbs } from "../src/align/answer-log-probs.js";
import { dpoStage } from "../src/align/dpo-stage.js";
import { pairBatch, type PairRecord } from "../src/align/preference-pairs.js";
import { runStage } from "../src/align/stage-loop.js";
import { gptConfig } from "../src/nn/config.js";
import { createGpt } from "../src/nn/gpt.js";
import { labTokenizer } from "../src/train/lab-tokenizer.js";

const tokenizer = labTokenizer({ kind: "char", vocab: [..."\n !'+.:?ADIQWabcdefghijklmnopqrstuvwxyz0123456789"] });
const model = () => createGpt(gptConfig({ vocabSize: tokenizer.vocabSize, blockSize: 48, nLayer: 1, nHead: 2, nEmbd: 16 }), 1);
const pairs: PairRecord[] = ["Q: what is 3+4?\nA:", "Q: what is 2+5?\nA:"].map((prompt) => ({ promptId: prompt, use: "train", prompt, chosen: " 7.\n", rejected: " I don't know.\n", probability: 1 }));
const noEvaluation = () => ({ metrics: {}, intervals: {}, n: 0, samples: [] });

/** The first and last steps' metrics of a short DPO run on the two pairs. */
async function run(lossType: "sigmoid" | "ipo", on: PairRecord[] = pairs) {
  const config = { ...stageDefaults(0).dpo, lossType, steps: 15, lr: 1e-2, warmupSteps: 0, batchSize: 2, evalEvery: 15, checkpointEvery: 15, backend: "ts" as const, policy: "unused", pairs: "unused" };
  const steps: Array<Record<string, number>> = [];
  await runStage(dpoStage(config, model(), model(), tokenizer, on, noEvaluation), { stage: "dpo", event: () => {}, checkpoint: () => "", onProgress: (_step, m) => steps.push(m) });
  return { first: steps[0], last: steps[steps.length - 1] };
}
const lastStep = async (lossType: "sigmoid" | "ipo") => (await run(lossType)).last;

describe("the DPO stage", () => {
  it("moves the policy towards the chosen answers: the implicit reward margin grows positive, every pair ranked right", async () => {
    const metrics = await lastStep("sigmoid");
    // At step 0 policy = reference: margins 0, loss log 2 ≈ 0.693.
    expect(metrics["rewards/margins"]).toBeGreaterThan(0.5);
    expect(metrics["rewards/accuracies"]).toBe(1);
    expect(metrics.loss).toBeLessThan(Math.log(2) - 0.2);
    expect(metrics["rewards/chosen"]).toBeGreaterThan(metrics["rewards/rejected"]);
  });

  it("with IPO, too, on per-token average log-probabilities", async () => {
    const { last } = await run("ipo");
    expect(last["rewards/margins"]).toBeGreaterThan(0);
    expect(last["rewards/accuracies"]).toBe(1);
    // On one pair (each batch holds it twice), step 1 reads the untrained policy: logps/chosen is log π(" 7.\n") / 4 tokens.
    const { first } = await run("ipo", [pairs[0]]);
    const batch = pairBatch(tokenizer, [pairs[0], pairs[0]], 48);
    const chosen = frozenAnswerLogProbs(model(), batch)[0];
    expect(batch.answerTokens[0]).toBe(4);
    expect(first["logps/chosen"]).toBeCloseTo(chosen / 4, 5);
    // At step 1 policy = reference: h = 0, so the IPO loss is (0 − 1/(2β))² = (1/0.2)² = 25.
    expect(first.loss).toBeCloseTo(25, 6);
  });
});
