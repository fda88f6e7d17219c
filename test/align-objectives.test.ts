import { describe, expect, it } from "vitest";
import { answerLogProbs, frozenAnswerLogProbs, perTokenSeed } from "../src/align/answer-log-probs.js";
import { packCompletions } from "../src/align/completions.js";
import { createRewardModel, rewardModelParameters, rewards } from "../src/align/reward-model.js";
import { gptConfig } from "../src/nn/config.js";
import { createGpt, type Gpt } from "../src/nn/gpt.js";
import { bradleyTerryLoss, dpoLoss } from "../src/nn/preference-loss.js";
import { createRng } from "../src/stats/prng.js";
import { backward, noGrad, zeroGrad, type Parameter, type Tensor } from "../src/tensor/tensor.js";
import { labTokenizer } from "../src/train/lab-tokenizer.js";

const tokenizer = labTokenizer({ kind: "char", vocab: [..."\n !'.:?ADGIKLQW0123456789abcdefghijklmnopqrstuvwxyz"] });
const tinyGpt = (seed = 1): Gpt => createGpt(gptConfig({ vocabSize: tokenizer.vocabSize, blockSize: 48, nLayer: 1, nHead: 2, nEmbd: 16 }), seed);
const sgd = (params: Array<Tensor & Parameter>, lr: number) => params.forEach((p) => p.data.forEach((v, i) => (p.data[i] = v - lr * p.grad[i])));

describe("packCompletions", () => {
  it("scores exactly the answer's tokens, each predicted from the position before it", () => {
    // "Q:x\nA:" is 6 characters, " ok.\n" 5: ids = 11 tokens; targets at positions 5..9 are the answer's 5 tokens.
    const batch = packCompletions(tokenizer, [{ prompt: "Q:x\nA:", answer: " ok.\n" }, { prompt: "Q:\nA:", answer: " 7\n" }], 48);
    expect([batch.B, batch.T]).toEqual([2, 11]);
    const row0 = Array.from(batch.targets.subarray(0, 11));
    expect(row0.slice(0, 5)).toEqual([-1, -1, -1, -1, -1]);
    expect(tokenizer.decode(row0.slice(5, 10))).toBe(" ok.\n");
    expect(row0[10]).toBe(-1);
    expect(Array.from(batch.answerTokens)).toEqual([5, 3]);
    expect(Array.from(batch.lastIndex)).toEqual([10, 7]); // row 1: "Q:\nA:" (5) + " 7\n" (3) = 8 tokens
    expect(Array.from(batch.targets.subarray(11 + 8))).toEqual([-1, -1, -1]); // padding is never scored
  });

  it("refuses a sequence longer than the block, naming it", () => {
    expect(() => packCompletions(tokenizer, [{ prompt: "Q: a long question?\nA:", answer: " a very long answer indeed.\n" }], 20)).toThrow(/more than the model's block of 20/);
  });
});

describe("answer log-probs", () => {
  it("equal the sum of the answer tokens' log-probs, whatever the padding", () => {
    const model = tinyGpt();
    const alone = frozenAnswerLogProbs(model, packCompletions(tokenizer, [{ prompt: "Q:\nA:", answer: " 7\n" }], 48));
    const padded = frozenAnswerLogProbs(model, packCompletions(tokenizer, [{ prompt: "Q:\nA:", answer: " 7\n" }, { prompt: "Q: what?\nA:", answer: " I don't know.\n" }], 48));
    expect(padded[0]).toBeCloseTo(alone[0], 5);
    expect(alone[0]).toBeLessThan(0);
  });
});

describe("DPO on the GPT", () => {
  const pair = { prompt: "Q: where?\nA:", chosen: " Karsk.\n", rejected: " I think Lund.\n" };
  const batchOf = (chosen: string, rejected: string) => packCompletions(tokenizer, [{ prompt: pair.prompt, answer: chosen }, { prompt: pair.prompt, answer: rejected }], 48);

  function dpoStep(policy: Gpt, reference: Gpt, chosen: string, rejected: string, beta: number) {
    const batch = batchOf(chosen, rejected);
    const ref = frozenAnswerLogProbs(reference, batch);
    const { tokens, sequences } = answerLogProbs(policy, batch);
    const result = dpoLoss({ policyChosen: [sequences[0]], policyRejected: [sequences[1]], referenceChosen: [ref[0]], referenceRejected: [ref[1]] }, { beta });
    backward(tokens, perTokenSeed(batch, [result.gradPolicyChosen[0], result.gradPolicyRejected[0]]));
    return { sequences, ref };
  }

  it("has zero gradient when the chosen and rejected answers are the same", () => {
    const policy = tinyGpt();
    zeroGrad(policy.parameters);
    dpoStep(policy, tinyGpt(), pair.chosen, pair.chosen, 0.1);
    const largest = Math.max(...policy.parameters.map((p) => p.grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0)));
    expect(largest).toBeLessThan(1e-7);
  });

  it("widens the margin log π(chosen) − log π(rejected) and lowers the rejected answer's log-probability", () => {
    // The chosen answer's own log-probability may fall too (likelihood displacement, Razin et al. 2024):
    // DPO only promises the margin, which is what this checks.
    const policy = tinyGpt();
    const reference = tinyGpt();
    const before = noGrad(() => frozenAnswerLogProbs(policy, batchOf(pair.chosen, pair.rejected)));
    for (let i = 0; i < 5; i++) {
      zeroGrad(policy.parameters);
      dpoStep(policy, reference, pair.chosen, pair.rejected, 0.5);
      sgd(policy.parameters, 0.5);
    }
    const after = frozenAnswerLogProbs(policy, batchOf(pair.chosen, pair.rejected));
    expect(after[0] - after[1]).toBeGreaterThan(before[0] - before[1] + 1);
    expect(after[1]).toBeLessThan(before[1] - 1);
  });
});

describe("the reward model", () => {
  it("reads the last token: a row's reward does not depend on the other rows or their padding", () => {
    const rm = createRewardModel(tinyGpt(), createRng(2));
    const one = noGrad(() => rewards(rm, packCompletions(tokenizer, [{ prompt: "Q:\nA:", answer: " 7\n" }], 48)).data[0]);
    const two = noGrad(() => rewards(rm, packCompletions(tokenizer, [{ prompt: "Q: what?\nA:", answer: " I don't know.\n" }, { prompt: "Q:\nA:", answer: " 7\n" }], 48)).data[1]);
    expect(two).toBeCloseTo(one, 5);
  });

  it("reads the whole answer: answers differing only in their last token get different rewards", () => {
    const rm = createRewardModel(tinyGpt(), createRng(2));
    const r = noGrad(() => rewards(rm, packCompletions(tokenizer, [{ prompt: "Q:\nA:", answer: " 7.\n" }, { prompt: "Q:\nA:", answer: " 7.." }], 48)).data);
    expect(Math.abs(r[0] - r[1])).toBeGreaterThan(1e-4);
  });

  it("learns a preference with the Bradley–Terry gradient: the margin grows", () => {
    const rm = createRewardModel(tinyGpt(), createRng(2));
    const batch = packCompletions(tokenizer, [{ prompt: "Q:\nA:", answer: " 7.\n" }, { prompt: "Q:\nA:", answer: " Great question! 9.\n" }], 48);
    const margin = () => noGrad(() => { const r = rewards(rm, batch).data; return r[0] - r[1]; });
    const start = margin();
    for (let i = 0; i < 10; i++) {
      zeroGrad(rewardModelParameters(rm));
      const r = rewards(rm, batch);
      const { gradChosen, gradRejected } = bradleyTerryLoss(r.data.subarray(0, 1), r.data.subarray(1));
      backward(r, [gradChosen[0], gradRejected[0]]);
      sgd(rewardModelParameters(rm), 0.1);
    }
    expect(margin()).toBeGreaterThan(start + 0.5);
  });
});
