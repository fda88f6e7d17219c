import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import type { Card } from "../src/drill/card.js";
import { listAttempts, loadReviewStates } from "../src/drill/history.js";
import { drawProblem } from "../src/drill/attempt.js";
import { practiseCard } from "../src/drill/practice.js";
import { PROBLEM_GENERATORS } from "../src/drill/problems.js";
import type { Prompter } from "../src/drill/prompter.js";
import { checkNumericAnswer, parseNumericAnswer } from "../src/drill/quantitative.js";
import { createRng } from "../src/stats/prng.js";
import { openStore } from "../src/store/open.js";

describe("parseNumericAnswer", () => {
  it("reads plain, grouped, scientific and suffixed numbers with units around them", () => {
    expect(parseNumericAnswer("1.9")).toBe(1.9);
    expect(parseNumericAnswer("about 1,234.5 GB")).toBe(1234.5);
    expect(parseNumericAnswer("3.2e21 FLOPs")).toBe(3.2e21);
    expect(parseNumericAnswer("3.2 x 10^21")).toBeCloseTo(3.2e21, -8);
    expect(parseNumericAnswer("3.2×10^21")).toBeCloseTo(3.2e21, -8);
    expect(parseNumericAnswer("7B params")).toBe(7e9);
    expect(parseNumericAnswer("15 %")).toBe(15);
    expect(parseNumericAnswer("-.5")).toBe(-0.5);
    expect(parseNumericAnswer("2 GiB")).toBe(2); // a unit word is not a suffix
    expect(parseNumericAnswer("no idea")).toBeNull();
  });

  it("reads the number after the last '=' when the working is shown, else the last number, and converts suffixes into the unit", () => {
    expect(parseNumericAnswer("16 bytes/param × 7B = 112 GB")).toBe(112);
    expect(parseNumericAnswer("a = 2, b = 3 × 4 = 12 GB, roughly")).toBe(12);
    expect(parseNumericAnswer("16 × 7 = 112 GB at 16 bytes per parameter")).toBe(112); // the number right after "=", not the last
    expect(parseNumericAnswer("7B params at 16 bytes each: 112 GB")).toBe(112);
    // No number after the last "=": the last number anywhere in the reply.
    expect(parseNumericAnswer("4.3 days = roughly a week")).toBe(4.3);
    expect(parseNumericAnswer("2 × 3 = 6 GPUs, then 6 × 4 = a lot")).toBe(4);
    // The last number, even when an earlier one looks like a result: the prompt says to end with it.
    expect(parseNumericAnswer("112 GB (16 bytes × 7B)")).toBe(7e9);
    // "H100" and "fp16" are words, not numbers.
    expect(parseNumericAnswer("about 40 GB on an H100 in fp16")).toBe(40);
    expect(parseNumericAnswer("about 32B", "billion parameters")).toBe(32);
    expect(parseNumericAnswer("1.4T tokens", "billion tokens")).toBe(1400);
    expect(parseNumericAnswer("124M", "million")).toBe(124);
    expect(parseNumericAnswer("124M")).toBe(124e6);
  });
});

describe("checkNumericAnswer", () => {
  it("accepts answers within the relative tolerance, inclusive", () => {
    expect(checkNumericAnswer(1.85, { answer: 1.875, tolerance: 0.05 }).correct).toBe(true);
    expect(checkNumericAnswer(1.6, { answer: 1.875, tolerance: 0.1 })).toEqual({ correct: false, relativeError: expect.closeTo(0.1467, 4) });
    expect(checkNumericAnswer(110, { answer: 100, tolerance: 0.1 }).correct).toBe(true);
  });
});

describe("problem generators", () => {
  it("are deterministic per seed, draw different numbers across seeds, and give finite positive answers with a worked solution", () => {
    for (const [id, generate] of Object.entries(PROBLEM_GENERATORS)) {
      const questions = new Set<string>();
      for (let seed = 0; seed < 40; seed++) {
        const p = generate(createRng(seed));
        expect(generate(createRng(seed)), id).toEqual(p);
        expect(Number.isFinite(p.answer) && p.answer > 0, `${id} seed ${seed}: ${p.answer}`).toBe(true);
        expect(p.tolerance).toBeGreaterThan(0);
        expect(p.solution.split("\n").length, id).toBeGreaterThanOrEqual(3); // formula, substitution, result
        questions.add(p.question);
      }
      expect(questions.size, id).toBeGreaterThan(3);
    }
    expect(Object.keys(PROBLEM_GENERATORS).length).toBeGreaterThanOrEqual(20);
  });

  it("compute what the question states, checked by hand from the drawn numbers", () => {
    for (let seed = 0; seed < 20; seed++) {
      const rng = () => createRng(seed);
      const bubble = PROBLEM_GENERATORS["pipeline-bubble"](rng());
      const [p, m] = /(\d+) stages and (\d+) micro-batches/.exec(bubble.question)!.slice(1).map(Number);
      expect(bubble.answer).toBeCloseTo(((p - 1) / m) * 100, 10);

      const flops = PROBLEM_GENERATORS["training-flops"](rng());
      const [n, d] = /([\d.]+)B-parameter .* on ([\d.]+)T tokens/.exec(flops.question)!.slice(1).map(Number);
      expect(flops.answer).toBeCloseTo(6 * n * 1e9 * d * 1e12, -10);

      const ring = PROBLEM_GENERATORS["data-parallel-allreduce"](rng());
      const [devices, size] = /over (\d+) GPUs .* of a ([\d.]+)B model/.exec(ring.question)!.slice(1).map(Number);
      expect(ring.answer).toBeCloseTo((2 * (devices - 1) * 2 * size) / devices, 8); // GB: 2(n−1)/n × 2 bytes × Ψ

      const zero = PROBLEM_GENERATORS["zero-stage-memory"](rng());
      const [psi, stage, gpus] = /A ([\d.]+)B-parameter .* ZeRO stage (\d) over (\d+) data-parallel/.exec(zero.question)!.slice(1).map(Number);
      const perParam = [16, 4 + 12 / gpus, 2 + 14 / gpus, 16 / gpus][stage]; // (2 + 2 + K)Ψ, 2Ψ + 2Ψ + KΨ/N, 2Ψ + (2 + K)Ψ/N, (2 + 2 + K)Ψ/N
      expect(zero.answer).toBeCloseTo(perParam * psi, 8);

      const interleaved = PROBLEM_GENERATORS["interleaved-pipeline-bubble"](rng());
      const [stages, micro, chunks] = /(\d+) stages, (\d+) micro-batches, (\d+) model chunks/.exec(interleaved.question)!.slice(1).map(Number);
      expect(interleaved.answer).toBeCloseTo(((stages - 1) / (chunks * micro)) * 100, 10);

      const intensity = PROBLEM_GENERATORS["matmul-intensity"](rng());
      const side = Number(/two (\d+)×/.exec(intensity.question)![1]);
      expect(intensity.answer).toBeCloseTo(side / 3, 10); // 2n³ / (3n² × 2 bytes)

      const loss = PROBLEM_GENERATORS["chinchilla-loss"](rng());
      const [nb, dt] = /for ([\d.]+)B parameters trained on ([\d.]+)T tokens/.exec(loss.question)!.slice(1).map(Number);
      expect(loss.answer).toBeCloseTo(1.69 + 406.4 / (nb * 1e9) ** 0.34 + 410.7 / (dt * 1e12) ** 0.28, 10);

      const kv = PROBLEM_GENERATORS["kv-cache-size"](rng());
      const [layers, heads, dim, batchText, seq] = /\((\d+) layers, (\d+) KV heads of dimension (\d+)\) serves (?:a batch of )?(\d+|one) sequences? of (\d+) tokens/.exec(kv.question)!.slice(1);
      const batch = batchText === "one" ? 1 : Number(batchText);
      expect(kv.answer).toBeCloseTo((2 * Number(layers) * Number(heads) * Number(dim) * Number(seq) * batch * 2) / 2 ** 30, 10);
    }
  });
});

describe("a quantitative card in a practice session", () => {
  const card: Card = {
    id: "systems/test-zero",
    area: "systems",
    title: "ZeRO memory",
    kind: "quantitative",
    difficulty: 2,
    rubric: ["states the formula", "substitutes", "gives units"],
    followups: [{ question: "Stage 3?", answer: "Everything sharded." }],
    pitfalls: ["GB vs GiB"],
    related: [],
    references: [],
    generator: "zero-stage-memory",
    question: "Work out the per-GPU memory of model states.",
    answer: "The method.",
    file: "test",
  };

  async function attempt(reply: (answer: number) => string) {
    const shown: Array<[string, string]> = [];
    const asked: string[] = [];
    const at = new Date("2026-11-21T09:00:00Z");
    const prompter: Prompter = {
      show: (title, body) => shown.push([title, body]),
      answer: async (message) => {
        asked.push(message);
        return reply(drawProblem(card, at).answer);
      },
      checklist: async (_m, items) => items.map(() => true),
      choose: async (_m, _o, initial) => initial,
    };
    const db = openStore(join(mkdtempSync(join(tmpdir(), "lmdojo-quant-")), "d.db"));
    const outcome = await practiseCard({ db, prompter, now: () => at, states: loadReviewStates(db) }, card);
    return { outcome, shown, asked, stored: listAttempts(db, card.id) };
  }

  it("shows the drawn problem, checks the typed number, shows the worked solution and stores what was drawn", async () => {
    const { outcome, shown, asked, stored } = await attempt(() => "1 GB");
    expect(asked[0]).toBe('Your answer in GB, and how you got it (the answer read is the number after the last "=", else the last number you write)');
    const question = shown[0][1];
    expect(question).toMatch(/^Work out the per-GPU memory of model states\.\n\nA [\d.]+B-parameter model trains with mixed-precision Adam .* under ZeRO stage \d over \d+ data-parallel GPUs/);
    expect(shown[1][0]).toBe("Not within tolerance");
    expect(shown[1][1]).toMatch(/You said 1 GB; the answer is [\d,.]+ GB/);
    expect(outcome!.rating).toBe(Rating.Hard); // full rubric, but a wrong number caps the suggestion
    expect(stored[0].answer).toMatch(/^1 GB\n\n\[drawn: A [\d.]+B-parameter model .* Expected [\d,.]+ GB\.\]$/);
  });

  it("a correct number is confirmed", async () => {
    const { shown } = await attempt(() => "I get about X GB");
    expect(shown.map(([title]) => title)).toContain("Worked solution"); // no number typed: solution only
    const right = await attempt((expected) => `${expected * 1.03} GB`);
    expect(right.shown[1][0]).toBe("Correct");
    expect(right.outcome!.rating).toBe(Rating.Easy);
  });
});
