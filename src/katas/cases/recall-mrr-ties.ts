/**
 * recall_at_k(scores, doc_ids, relevant, k) and reciprocal_rank(scores, doc_ids, relevant)
 * for one query, ranking as trec_eval does: score descending, ties by document id
 * descending as strings. Expected values from src/metrics/ranking.ts (ranking-order.ts
 * decides the ties).
 */
import { recallAtK, reciprocalRank, type Qrels, type Run } from "../../metrics/ranking.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, pick } from "./draw.js";

type Args = [NDArray, string[], string[], number?];

const recallCase = (scores: number[], ids: string[], relevant: string[], k: number, name?: string): KataCase => ({
  fn: "recall_at_k",
  args: [nd([scores.length], scores), ids, relevant, k],
  ...(name ? { name } : {}),
});
const rrCase = (scores: number[], ids: string[], relevant: string[], name?: string): KataCase => ({
  fn: "reciprocal_rank",
  args: [nd([scores.length], scores), ids, relevant],
  ...(name ? { name } : {}),
});

function runAndQrels(c: KataCase): { run: Run; qrels: Qrels; k: number } {
  const [scores, ids, relevant, k] = c.args as Args;
  return {
    run: Object.fromEntries(ids.map((id, i) => [id, scores.data[i]])),
    qrels: Object.fromEntries(relevant.map((id) => [id, 1])),
    k: k ?? 0,
  };
}

/** Document ids ranked by score only, ties left in input order (a stable sort). */
function rankedByInputOrder(c: KataCase): string[] {
  const [scores, ids] = c.args as Args;
  return ids.map((id, i) => ({ id, score: scores.data[i] })).sort((a, b) => b.score - a.score).map((d) => d.id);
}

/** Document ids in the right order: score descending, ties by id descending. */
function rankedRight(c: KataCase): string[] {
  const [scores, ids] = c.args as Args;
  return ids.map((id, i) => ({ id, score: scores.data[i] })).sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1)).map((d) => d.id);
}

const firstRelevant = (ranked: string[], relevant: string[]) => ranked.findIndex((id) => relevant.includes(id));
const hitsInTop = (ranked: string[], relevant: string[], k: number) => ranked.slice(0, k).filter((id) => relevant.includes(id)).length;

/** n distinct ids such as "D7" or "D12", so that string order and number order disagree. */
function drawIds(rng: Rng, n: number): string[] {
  const numbers = new Set<number>();
  while (numbers.size < n) numbers.add(integer(rng, 1, 60));
  return [...numbers].map((x) => `D${x}`);
}

const generator: CaseGenerator = {
  random(rng, i) {
    const n = integer(rng, 1, 25);
    const ids = drawIds(rng, n + 2);
    const retrieved = ids.slice(0, n);
    // Few distinct scores make ties common; float32-rounded normals make them rare.
    const tied = rng.nextFloat() < 0.6;
    const scores = Array.from({ length: n }, () => (tied ? integer(rng, 0, 4) / 4 : Math.fround(rng.nextFloat() * 10 - 5)));
    const relevant = [...retrieved.filter(() => rng.nextFloat() < 0.3), ...ids.slice(n).filter(() => rng.nextFloat() < 0.5)];
    if (i % 2 === 1) return rrCase(scores, retrieved, relevant);
    return recallCase(scores, retrieved, relevant, pick(rng, [1, integer(rng, 1, n), integer(rng, 1, n + 3)]));
  },
  edges: () => [
    rrCase([0.7, 0.7, 0.7, 0.2], ["D9", "D10", "D4", "D2"], ["D4"], "ties broken by id as strings"),
    rrCase([3, 2, 1, 0.5], ["a", "b", "c", "d"], ["c"], "first relevant at rank 3"),
    recallCase([6, 5, 4, 3, 2, 1], ["a", "b", "c", "d", "e", "f"], ["a", "c", "z"], 4, "a relevant document never retrieved"),
    recallCase([0.5, 0.5, 0.9], ["D1", "D2", "D3"], ["D1"], 2, "a tie at the cutoff"),
    rrCase([0.9, 0.1], ["x", "y"], ["x"], "relevant document at rank 1"),
    rrCase([0.9, 0.1], ["x", "y"], ["z"], "no relevant document retrieved"),
    recallCase([2, 1, 3], ["p", "q", "r"], ["q", "r"], 10, "k larger than the list"),
    recallCase([2, 1], ["p", "q"], [], 1, "no relevant documents at all"),
  ],
  expected(c) {
    const { run, qrels, k } = runAndQrels(c);
    return c.fn === "recall_at_k" ? recallAtK(run, qrels, k) : reciprocalRank(run, qrels);
  },
  bugs: {
    // 1 / i with a 0-based position i: a ZeroDivisionError when rank 1 is relevant.
    "zero-based-rank": (c) => {
      if (c.fn !== "reciprocal_rank") return undefined;
      const at = firstRelevant(rankedRight(c), (c.args as Args)[2]);
      return at > 0 ? 1 / at : undefined;
    },
    "ties-in-input-order": (c) => {
      const [, , relevant, k] = c.args as Args;
      const ranked = rankedByInputOrder(c);
      if (c.fn === "reciprocal_rank") {
        const at = firstRelevant(ranked, relevant);
        return at < 0 ? 0 : 1 / (at + 1);
      }
      return relevant.length === 0 ? 0 : hitsInTop(ranked, relevant, k!) / relevant.length;
    },
    "recall-over-k": (c) => {
      const [, , relevant, k] = c.args as Args;
      return c.fn === "recall_at_k" ? hitsInTop(rankedRight(c), relevant, k!) / k! : undefined;
    },
    // Relevant documents the run never retrieved are left out of the denominator.
    "retrieved-relevant-only": (c) => {
      const [, ids, relevant, k] = c.args as Args;
      const found = relevant.filter((id) => ids.includes(id)).length;
      return c.fn === "recall_at_k" && found > 0 ? hitsInTop(rankedRight(c), relevant, k!) / found : undefined;
    },
  },
};

export default generator;
