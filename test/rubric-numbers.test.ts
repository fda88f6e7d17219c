import { describe, expect, it } from "vitest";
import { loadBank } from "../src/drill/bank.js";
import { checkRubricNumbers, statedNumbers } from "../src/drill/rubric-numbers.js";

const values = (text: string) => statedNumbers(text).map((n) => n.value);

describe("statedNumbers", () => {
  it("reads quantities: decimals, grouped thousands, scale suffixes, multiples and units", () => {
    expect(values("about 0.29 in the example")).toEqual([0.29]);
    expect(values("1,024 tokens and 2.5 points")).toEqual([1024, 2.5]);
    expect(values("7B parameters on 1.4T tokens, 128k context")).toEqual([7e9, 1.4e12, 128e3]);
    expect(values("a 16x premium, 80GB of HBM, 3 GPUs")).toEqual([16, 80, 3]);
    expect(values("e.g. 4 stages")).toEqual([4]);
    expect(values("Computes 3/19 ≈ 15.8% for p = 4 with 6ND on bf16")).toEqual([3, 19, 15.8, 4]); // a ratio of numbers and an assignment are data
    expect(values("a 1,000-GPU run with 13-gram overlap")).toEqual([1000, 13]);
  });

  it("skips names, citation years, exponents, formula constants, 0, 1, ln 2 and sqrt(2)", () => {
    expect(values("bf16 and fp32 on an H100 with ZeRO-3, GPT-4, FLORES-200, pass@1, FA2")).toEqual([]);
    expect(values("Llama 3 and Llama-2-7B, Llama 2 70B, ZeRO stage 2, approach 3 of Hoffmann et al. (2022), Xiong et al. 2020")).toEqual([]);
    expect(values("10^9 bytes, D^(−0.28), 2^k designs")).toEqual([]);
    expect(values("C = 6ND, 12h² per layer, (p − 1)/m, 2Ψ, 3 × (n − 1)/n, 1/d_k")).toEqual([]);
    expect(values("divide by ln 2, scale by sqrt(2), between 0 and 1, the 2nd step, n = 2(z_α/2 + z_β)²")).toEqual([]);
  });
});

describe("checkRubricNumbers", () => {
  const card = {
    file: "cards/x/y.md",
    question: "Completed runs reached 2.40 nats at 50B tokens and 2.20 at 200B. The fit has a 5% error. Predict 400B.",
    rubric: [
      "Subtracts the floor from both losses and derives β from their ratio",
      "Uses the 2.40 and 2.20 nats at 50B and 200B tokens",
      "Gets β ≈ 0.29 and L(400B) ≈ 2.13",
      "Carries the 0.05 relative error into an interval",
    ],
  };

  it("passes numbers the question states, also as a fraction of a stated percentage, and flags the rest with file, field and number", () => {
    expect(checkRubricNumbers(card)).toEqual([
      "cards/x/y.md: field rubric[2]: 0.29, 2.13 are not in the question (hint: grade the step, not a number the question does not give, or state it in the question)",
    ]);
  });

  it("counts every number the question writes as given, names included", () => {
    const named = { file: "q.md", question: "A 1,000-GPU run uses 8-bit Adam on Llama-2-70B.", rubric: ["Counts GPU-hours for the 1,000 GPUs", "Knows 8 bits per state", "Scales the 70B weights"] };
    expect(checkRubricNumbers(named)).toEqual([]);
  });

  it("passes nothing the question does not state, however often the rubric repeats it", () => {
    expect(checkRubricNumbers({ ...card, question: "Predict the loss at 400B tokens." })).toHaveLength(3); // items 1, 2 and 3 state numbers
  });

  it("for a generator card, passes the values its drawn problems state and flags a worked example's result", () => {
    const bubble = {
      file: "cards/x/bubble.md",
      question: "What is the bubble fraction?",
      generator: "pipeline-bubble",
      // The generator draws p from 4, 8, 16 and m = p × (1, 2, 4, 8): p = 4 with m = 16 is a drawable problem.
      rubric: ["Computes (p − 1)/m", "Substitutes, e.g. p = 4, m = 16", "Gets 18.75% for p = 4, m = 16"],
    };
    expect(checkRubricNumbers(bubble)).toEqual([
      "cards/x/bubble.md: field rubric[2]: 18.75 is in neither the question nor a drawn problem (hint: grade the step, not a number the question does not give, or state it in the question)",
    ]);
  });
});

describe("the question bank", () => {
  it("has no rubric item that grades a number its question does not give", () => {
    const { cards } = loadBank();
    expect(cards.flatMap((card) => checkRubricNumbers(card))).toEqual([]);
  });
});
