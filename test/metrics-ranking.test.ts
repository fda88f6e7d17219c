import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRng } from "../src/stats/prng.js";
import { InputError } from "../src/errors.js";
import { compareCodePoints } from "../src/code-point-order.js";
import {
  hitAtK,
  meanHitAtK,
  meanNdcgAtK,
  meanPrecisionAtK,
  meanRecallAtK,
  meanReciprocalRank,
  ndcgAtK,
  precisionAtK,
  rankDocuments,
  recallAtK,
  reciprocalRank,
  type Qrels,
  type Query,
  type Run,
} from "../src/metrics/ranking.js";

// The worked example most tests use.
//   scores: d1 0.9 | d2 0.8, d3 0.8 (tie: id descending puts d3 first) | d4 0.5 | d5 0.1
//   ranking: 1 d1, 2 d3, 3 d2, 4 d4, 5 d5
//   grades:  d1 0 (judged non-relevant), d3 unjudged, d2 1, d4 unjudged, d5 2; d9 1 never retrieved
const RUN: Run = { d1: 0.9, d2: 0.8, d3: 0.8, d4: 0.5, d5: 0.1 };
const QRELS: Qrels = { d1: 0, d2: 1, d5: 2, d9: 1 };

describe("rankDocuments: trec_eval order", () => {
  it("sorts by score descending and breaks ties by id descending", () => {
    expect(rankDocuments(RUN)).toEqual(["d1", "d3", "d2", "d4", "d5"]);
    // all tied: plain id descending; "d10" > "d1" (longer after a common prefix), "d2" > "d10"
    expect(rankDocuments({ d1: 1, d10: 1, d2: 1 })).toEqual(["d2", "d10", "d1"]);
    // negative scores and -0 are ordinary scores
    expect(rankDocuments({ a: -1, b: 0, c: -0, d: 2 })).toEqual(["d", "c", "b", "a"]);
  });

  it("compares ids byte-wise like strcmp on UTF-8", () => {
    // "B" (0x42) < "a" (0x61), so descending puts "a" first
    expect(rankDocuments({ a: 1, B: 1 })).toEqual(["a", "B"]);
    // UTF-8: U+FF21 = EF BC A1 < U+1F600 = F0 9F 98 80, so descending puts the emoji first.
    // JavaScript's `<` on UTF-16 code units says the opposite (0xFF21 > 0xD83D).
    expect("\uFF21" > "\u{1F600}").toBe(true);
    expect(rankDocuments({ "\uFF21": 1, "\u{1F600}": 1 })).toEqual(["\u{1F600}", "\uFF21"]);
    // U+E000 (EE 80 80) < U+10000 (F0 90 80 80)
    expect(rankDocuments({ "\uE000": 5, "\u{10000}": 5 })).toEqual(["\u{10000}", "\uE000"]);
  });

  it("compareCodePoints agrees with comparing UTF-8 bytes", () => {
    const ids = ["", "a", "B", "ab", "a\u0000", "é", "e\u0301", "\uFF21", "\u{1F600}", "\uE000", "\uFFFF", "\u{10000}", "\u{10FFFF}"];
    const bytes = (s: string) => Buffer.from(s, "utf8");
    for (const x of ids) {
      for (const y of ids) {
        expect(Math.sign(compareCodePoints(x, y))).toBe(Math.sign(Buffer.compare(bytes(x), bytes(y))));
      }
    }
  });

  it("returns an empty ranking for an empty run", () => {
    expect(rankDocuments({})).toEqual([]);
  });
});

describe("reciprocalRank (recip_rank)", () => {
  it("is 1 / rank of the first relevant document", () => {
    // first relevant (grade >= 1) is d2 at rank 3
    expect(reciprocalRank(RUN, QRELS)).toBe(1 / 3);
    // threshold 2: first relevant is d5 at rank 5
    expect(reciprocalRank(RUN, QRELS, { relevanceThreshold: 2 })).toBe(1 / 5);
  });

  it("with k looks only at the top k", () => {
    expect(reciprocalRank(RUN, QRELS, { k: 2 })).toBe(0); // d1, d3: neither relevant
    expect(reciprocalRank(RUN, QRELS, { k: 3 })).toBe(1 / 3);
    expect(reciprocalRank(RUN, QRELS, { k: 100 })).toBe(1 / 3);
    expect(reciprocalRank(RUN, QRELS, { k: 4, relevanceThreshold: 2 })).toBe(0);
  });

  it("uses the tie-break: the higher id wins the earlier rank", () => {
    // a and b tie; b ranks first, so only b at rank 1 earns 1
    expect(reciprocalRank({ a: 1, b: 1 }, { a: 1 })).toBe(1 / 2);
    expect(reciprocalRank({ a: 1, b: 1 }, { b: 1 })).toBe(1);
  });
});

describe("precisionAtK (P_k)", () => {
  it("counts relevant documents in the top k and divides by k", () => {
    expect(precisionAtK(RUN, QRELS, 1)).toBe(0); // d1 grade 0
    expect(precisionAtK(RUN, QRELS, 3)).toBe(1 / 3); // d2
    expect(precisionAtK(RUN, QRELS, 5)).toBe(2 / 5); // d2, d5
    expect(precisionAtK(RUN, QRELS, 5, { relevanceThreshold: 2 })).toBe(1 / 5); // d5 only
  });

  it("divides by k even past the end of the run", () => {
    // 5 documents retrieved, 2 relevant: P@10 = 2/10 (trec_eval m_P.c: "P20 is 0.2 (4/20)")
    expect(precisionAtK(RUN, QRELS, 10)).toBe(2 / 10);
    expect(precisionAtK({}, QRELS, 5)).toBe(0);
  });
});

describe("recallAtK (recall_k)", () => {
  it("divides by all relevant documents in the qrels, retrieved or not", () => {
    // relevant: d2, d5, d9 (d9 never retrieved), so the denominator is 3
    expect(recallAtK(RUN, QRELS, 2)).toBe(0);
    expect(recallAtK(RUN, QRELS, 3)).toBe(1 / 3);
    expect(recallAtK(RUN, QRELS, 5)).toBe(2 / 3);
  });

  it("counts places past the end of the run as non-relevant", () => {
    expect(recallAtK(RUN, QRELS, 50)).toBe(2 / 3);
  });

  it("uses the threshold for the denominator too", () => {
    // threshold 2: relevant = {d5}; d5 is at rank 5
    expect(recallAtK(RUN, QRELS, 4, { relevanceThreshold: 2 })).toBe(0);
    expect(recallAtK(RUN, QRELS, 5, { relevanceThreshold: 2 })).toBe(1);
  });
});

describe("hitAtK (success_k)", () => {
  it("is 1 when a relevant document is in the top k", () => {
    expect(hitAtK(RUN, QRELS, 2)).toBe(0);
    expect(hitAtK(RUN, QRELS, 3)).toBe(1);
    expect(hitAtK(RUN, QRELS, 4, { relevanceThreshold: 2 })).toBe(0);
    expect(hitAtK(RUN, QRELS, 5, { relevanceThreshold: 2 })).toBe(1);
    expect(hitAtK(RUN, QRELS, 1000)).toBe(1);
  });
});

describe("ndcgAtK (ndcg_cut_k)", () => {
  // gains down the ranking: d1 0, d3 0 (unjudged), d2 1, d4 0 (unjudged), d5 2
  // DCG@5  = 1/log2(4) + 2/log2(6) = 0.5 + 0.77371 = 1.27371
  // ideal: judged positive grades 2, 1, 1 (d9 counts though never retrieved; d1's 0 does not)
  // IDCG@5 = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.63093 + 0.5 = 3.13093
  it("uses the grade as a linear gain and log2(rank + 1) as the discount", () => {
    const idcg = 2 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAtK(RUN, QRELS, 5)).toBeCloseTo((1 / Math.log2(4) + 2 / Math.log2(6)) / idcg, 14);
    expect(ndcgAtK(RUN, QRELS, 5)).toBeCloseTo(0.4068138587319517, 14);
    // @3: DCG = 1/log2(4) = 0.5, IDCG@3 is still the full 3.13093 (three positive grades)
    expect(ndcgAtK(RUN, QRELS, 3)).toBeCloseTo(0.5 / idcg, 14);
    expect(ndcgAtK(RUN, QRELS, 3)).toBeCloseTo(0.15969697161989949, 14);
    // @2: DCG = 0
    expect(ndcgAtK(RUN, QRELS, 2)).toBe(0);
  });

  it("cuts the ideal ranking at k too", () => {
    // run: a (grade 1) then b (grade 2); ideal: b, a
    // @1: DCG = 1, IDCG@1 = 2 -> 0.5
    // @2: DCG = 1 + 2/log2(3), IDCG = 2 + 1/log2(3) -> 0.85972
    const run = { a: 2, b: 1 };
    const qrels = { a: 1, b: 2 };
    expect(ndcgAtK(run, qrels, 1)).toBe(0.5);
    expect(ndcgAtK(run, qrels, 2)).toBeCloseTo((1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)), 14);
    expect(ndcgAtK(run, qrels, 2)).toBeCloseTo(0.8597186998521972, 14);
    expect(ndcgAtK(run, qrels, 10)).toBe(ndcgAtK(run, qrels, 2));
  });

  it("is 1 for the ideal ranking", () => {
    const qrels = { a: 3, b: 2, c: 2, d: 1, e: 0 };
    const run = { a: 10, b: 9, c: 8, d: 7, e: 6, f: 5 };
    for (const k of [1, 2, 3, 4, 5, 10]) expect(ndcgAtK(run, qrels, k)).toBeCloseTo(1, 14);
  });

  it("is below 1 when relevant documents were not retrieved", () => {
    // only a retrieved; ideal also has b: 1 / (1 + 1/log2 3)
    expect(ndcgAtK({ a: 1 }, { a: 1, b: 1 }, 10)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 14);
  });

  it("ignores negative grades in the gain and the ideal", () => {
    // a (grade -1) at rank 1 gains 0; ideal = just b's 2 at rank 1
    // DCG = 2/log2(3), IDCG = 2 -> 1/log2(3) = 0.63093
    expect(ndcgAtK({ a: 2, b: 1 }, { a: -1, b: 2 }, 5)).toBeCloseTo(1 / Math.log2(3), 14);
  });

  it("ignores the relevance threshold, as trec_eval ndcg_cut ignores -l", () => {
    // grade 1 is below threshold 2 yet gains 1 in DCG and in the ideal
    const qrels = { a: 1, b: 2 };
    const run = { a: 2, b: 1 };
    expect(ndcgAtK(run, qrels, 2, { relevanceThreshold: 2 })).toBe(ndcgAtK(run, qrels, 2));
    expect(ndcgAtK({ a: 1 }, { a: 1 }, 5, { relevanceThreshold: 2 })).toBe(1);
    // ...while the binary measures see no relevant document
    expect(recallAtK({ a: 1 }, { a: 1 }, 5, { relevanceThreshold: 2 })).toBe(0);
  });
});

describe("documents retrieved but unjudged", () => {
  it("count as non-relevant in every measure", () => {
    const run = { u1: 3, u2: 2, r: 1 }; // u1, u2 not in qrels
    const qrels = { r: 1 };
    expect(reciprocalRank(run, qrels)).toBe(1 / 3);
    expect(precisionAtK(run, qrels, 3)).toBe(1 / 3);
    expect(recallAtK(run, qrels, 2)).toBe(0);
    expect(hitAtK(run, qrels, 2)).toBe(0);
    // DCG@3 = 1/log2(4) = 0.5, IDCG = 1
    expect(ndcgAtK(run, qrels, 3)).toBe(0.5);
  });

  it("are looked up as own keys only (ids like constructor, __proto__, toString)", () => {
    const run: Run = JSON.parse('{"constructor": 3, "__proto__": 2, "toString": 1}');
    expect(rankDocuments(run)).toEqual(["constructor", "__proto__", "toString"]);
    expect(reciprocalRank(run, {})).toBe(0);
    expect(precisionAtK(run, { other: 1 }, 3)).toBe(0);
    const qrels: Qrels = JSON.parse('{"__proto__": 1}');
    expect(reciprocalRank(run, qrels)).toBe(1 / 2);
    expect(ndcgAtK(run, qrels, 3)).toBeCloseTo(1 / Math.log2(3), 14);
  });
});

describe("queries with no relevant documents", () => {
  const empty: Query[] = [
    { run: { a: 1, b: 0.5 }, qrels: {} }, // no judgments
    { run: { a: 1, b: 0.5 }, qrels: { a: 0, b: 0 } }, // judged, none relevant
    { run: {}, qrels: { a: 1 } }, // nothing retrieved
  ];

  it("score 0 on every measure", () => {
    for (const { run, qrels } of empty) {
      expect(reciprocalRank(run, qrels)).toBe(0);
      expect(precisionAtK(run, qrels, 2)).toBe(0);
      expect(recallAtK(run, qrels, 2)).toBe(0);
      expect(hitAtK(run, qrels, 2)).toBe(0);
      expect(ndcgAtK(run, qrels, 2)).toBe(0);
    }
    // grades below the threshold: none relevant
    expect(recallAtK({ a: 1 }, { a: 1 }, 1, { relevanceThreshold: 2 })).toBe(0);
  });

  it("still count in the mean", () => {
    // one perfect query plus the three empty ones: every mean is 1/4
    const perfect: Query = { run: { x: 1 }, qrels: { x: 1 } };
    const queries = [perfect, ...empty];
    expect(meanReciprocalRank(queries)).toBe(1 / 4);
    expect(meanPrecisionAtK(queries, 1)).toBe(1 / 4);
    expect(meanRecallAtK(queries, 1)).toBe(1 / 4);
    expect(meanHitAtK(queries, 1)).toBe(1 / 4);
    expect(meanNdcgAtK(queries, 1)).toBe(1 / 4);
  });
});

describe("means over queries", () => {
  it("average the per-query values", () => {
    const queries: Query[] = [
      { run: RUN, qrels: QRELS },
      { run: { a: 2, b: 1 }, qrels: { b: 2 } },
    ];
    // RR: (1/3 + 1/2) / 2; with k = 1 both are 0
    expect(meanReciprocalRank(queries)).toBeCloseTo((1 / 3 + 1 / 2) / 2, 15);
    expect(meanReciprocalRank(queries, { k: 1 })).toBe(0);
    // threshold 2: (1/5 + 1/2) / 2
    expect(meanReciprocalRank(queries, { relevanceThreshold: 2 })).toBeCloseTo((1 / 5 + 1 / 2) / 2, 15);
    // P@2: (0 + 1/2) / 2; recall@5: (2/3 + 1) / 2; hit@2: (0 + 1) / 2
    expect(meanPrecisionAtK(queries, 2)).toBe(1 / 4);
    expect(meanRecallAtK(queries, 5)).toBeCloseTo((2 / 3 + 1) / 2, 15);
    expect(meanHitAtK(queries, 2)).toBe(1 / 2);
    // nDCG@2: (0 + (2/log2 3) / 2) / 2
    expect(meanNdcgAtK(queries, 2)).toBeCloseTo(1 / Math.log2(3) / 2, 15);
  });
});

describe("invalid input", () => {
  const expectInputError = (f: () => unknown, message: RegExp) => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(message);
  };

  it("rejects scores that are not finite numbers, naming the document and value", () => {
    expectInputError(() => rankDocuments({ a: NaN }), /run\["a"\] score NaN is not a finite number/);
    expectInputError(() => precisionAtK({ a: Infinity }, {}, 1), /run\["a"\] score Infinity/);
    expectInputError(() => recallAtK({ a: "1" as unknown as number }, {}, 1), /run\["a"\] score 1 is not a finite number/);
    expectInputError(() => hitAtK(null as unknown as Run, {}, 1), /run must be an object/);
  });

  it("rejects grades that are not finite numbers", () => {
    expectInputError(() => ndcgAtK({ a: 1 }, { a: NaN }, 1), /qrels\["a"\] grade NaN is not a finite number/);
    expectInputError(() => reciprocalRank({}, { b: -Infinity }), /qrels\["b"\] grade -Infinity/);
  });

  it("rejects k that is not a positive integer", () => {
    for (const k of [0, -1, 1.5, NaN, Infinity]) {
      expectInputError(() => precisionAtK(RUN, QRELS, k), new RegExp(`^k must be a positive integer, got ${k}$`));
      expectInputError(() => meanNdcgAtK([{ run: RUN, qrels: QRELS }], k), /k must be a positive integer/);
    }
    expectInputError(() => reciprocalRank(RUN, QRELS, { k: 0 }), /opts\.k must be a positive integer, got 0/);
    expectInputError(() => meanReciprocalRank([{ run: RUN, qrels: QRELS }], { k: 2.5 }), /opts\.k .* got 2\.5/);
  });

  it("rejects a relevance threshold that is not a finite number > 0", () => {
    for (const t of [0, -1, NaN, Infinity]) {
      expectInputError(
        () => recallAtK(RUN, QRELS, 1, { relevanceThreshold: t }),
        new RegExp(`opts\\.relevanceThreshold must be a finite number > 0, got ${t}`),
      );
      expectInputError(() => ndcgAtK(RUN, QRELS, 1, { relevanceThreshold: t }), /relevanceThreshold/);
    }
  });

  it("rejects an empty query list and names the bad query", () => {
    expectInputError(() => meanReciprocalRank([]), /queries must be a non-empty array, got an empty array/);
    expectInputError(() => meanNdcgAtK([], 10), /non-empty/);
    const bad: Query[] = [{ run: RUN, qrels: QRELS }, { run: { a: 1, b: NaN }, qrels: {} }];
    expectInputError(() => meanHitAtK(bad, 1), /queries\[1\]\.run\["b"\] score NaN/);
    const badQrels: Query[] = [{ run: {}, qrels: { z: NaN } }];
    expectInputError(() => meanRecallAtK(badQrels, 1), /queries\[0\]\.qrels\["z"\] grade NaN/);
  });
});

// ---------------------------------------------------------------------------
// Properties over seeded random queries

/** Uniform numbers in [0, 1) from the project's seeded generator, so failures reproduce. */
function rng(seed: number): () => number {
  const generator = createRng(seed);
  return () => generator.nextFloat();
}

function randomQuery(next: () => number): { run: Record<string, number>; qrels: Record<string, number> } {
  const run: Record<string, number> = {};
  const qrels: Record<string, number> = {};
  const n = Math.floor(next() * 25);
  for (let i = 0; i < n + 10; i++) {
    const id = `d${Math.floor(next() * 40)}`;
    if (i < n) run[id] = Math.floor(next() * 4) / 2; // few distinct scores: many ties
    if (next() < 0.4) qrels[id] = Math.floor(next() * 5) - 1; // grades -1..3
  }
  return { run, qrels };
}

describe("properties (seeded random queries)", () => {
  const next = rng(12345);
  const queries = Array.from({ length: 300 }, () => randomQuery(next));
  const ks = [1, 2, 3, 5, 10, 30];

  it("every measure lies in [0, 1]; recall@k never decreases in k", () => {
    for (const { run, qrels } of queries) {
      for (const threshold of [1, 2]) {
        const opts = { relevanceThreshold: threshold };
        let previousRecall = 0;
        for (const k of ks) {
          const values = [
            reciprocalRank(run, qrels, { ...opts, k }),
            precisionAtK(run, qrels, k, opts),
            recallAtK(run, qrels, k, opts),
            hitAtK(run, qrels, k, opts),
            ndcgAtK(run, qrels, k, opts),
          ];
          for (const v of values) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1 + 1e-15);
          }
          const recall = recallAtK(run, qrels, k, opts);
          expect(recall).toBeGreaterThanOrEqual(previousRecall);
          previousRecall = recall;
        }
      }
    }
  });

  it("hit@k >= recall@k, and hit@k = 1 iff recall@k > 0 iff P@k > 0 iff RR@k >= 1/k", () => {
    for (const { run, qrels } of queries) {
      for (const threshold of [1, 2]) {
        const opts = { relevanceThreshold: threshold };
        const numRelevant = Object.values(qrels).filter((g) => g >= threshold).length;
        for (const k of ks) {
          const hit = hitAtK(run, qrels, k, opts);
          const recall = recallAtK(run, qrels, k, opts);
          const precision = precisionAtK(run, qrels, k, opts);
          const rr = reciprocalRank(run, qrels, { ...opts, k });
          expect(hit).toBeGreaterThanOrEqual(recall);
          expect(hit === 1).toBe(recall > 0);
          expect(hit === 1).toBe(precision > 0);
          expect(hit === 1).toBe(rr >= 1 / k);
          // both count the same relevant documents in the top k: P@k * k = recall@k * |relevant|
          expect(precision * k).toBeCloseTo(recall * numRelevant, 12);
        }
      }
    }
  });

  it("nDCG@k = 1 when the run lists the judged documents by grade", () => {
    for (const { qrels } of queries) {
      if (!Object.values(qrels).some((g) => g > 0)) continue;
      // score = grade: ties among equal grades do not change DCG
      const ideal: Record<string, number> = { ...qrels, unjudged: -5 };
      for (const k of ks) expect(ndcgAtK(ideal, qrels, k)).toBeCloseTo(1, 12);
    }
  });

  it("does not depend on the order of the run's keys", () => {
    for (const { run, qrels } of queries.slice(0, 50)) {
      const reversed = Object.fromEntries(Object.entries(run).reverse());
      expect(rankDocuments(reversed)).toEqual(rankDocuments(run));
      expect(ndcgAtK(reversed, qrels, 10)).toBe(ndcgAtK(run, qrels, 10));
    }
  });
});

// ---------------------------------------------------------------------------
// Agreement with trec_eval's C logic (test/fixtures/make_ranking_reference.py)

interface Reference {
  cutoffs: number[];
  rr_depths: (number | null)[];
  thresholds: number[];
  queries: {
    run: Record<string, number>;
    qrels: Record<string, number>;
    ranked: string[];
    measures: Record<string, ReferenceMeasures>;
  }[];
  means: Record<string, ReferenceMeasures>;
}
interface ReferenceMeasures {
  recip_rank: Record<string, number>;
  P: number[];
  recall: number[];
  success: number[];
  ndcg_cut: number[];
}

describe("agreement with trec_eval (transcribed C logic, 50 seeded queries)", () => {
  const ref: Reference = JSON.parse(
    readFileSync(new URL("./fixtures/ranking_reference.json", import.meta.url), "utf8"),
  );
  const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12);

  it("ranks documents in the same order", () => {
    for (const q of ref.queries) expect(rankDocuments(q.run)).toEqual(q.ranked);
  });

  it("matches recip_rank, P, recall, success and ndcg_cut per query", () => {
    for (const q of ref.queries) {
      for (const threshold of ref.thresholds) {
        const expected = q.measures[String(threshold)];
        const opts = { relevanceThreshold: threshold };
        for (const depth of ref.rr_depths) {
          const rrOpts = depth === null ? opts : { ...opts, k: depth };
          close(reciprocalRank(q.run, q.qrels, rrOpts), expected.recip_rank[depth === null ? "none" : String(depth)]);
        }
        ref.cutoffs.forEach((k, i) => {
          close(precisionAtK(q.run, q.qrels, k, opts), expected.P[i]);
          close(recallAtK(q.run, q.qrels, k, opts), expected.recall[i]);
          close(hitAtK(q.run, q.qrels, k, opts), expected.success[i]);
          close(ndcgAtK(q.run, q.qrels, k, opts), expected.ndcg_cut[i]);
        });
      }
    }
  });

  it("matches the means over all queries", () => {
    const queries: Query[] = ref.queries.map(({ run, qrels }) => ({ run, qrels }));
    for (const threshold of ref.thresholds) {
      const expected = ref.means[String(threshold)];
      const opts = { relevanceThreshold: threshold };
      for (const depth of ref.rr_depths) {
        const rrOpts = depth === null ? opts : { ...opts, k: depth };
        close(meanReciprocalRank(queries, rrOpts), expected.recip_rank[depth === null ? "none" : String(depth)]);
      }
      ref.cutoffs.forEach((k, i) => {
        close(meanPrecisionAtK(queries, k, opts), expected.P[i]);
        close(meanRecallAtK(queries, k, opts), expected.recall[i]);
        close(meanHitAtK(queries, k, opts), expected.success[i]);
        close(meanNdcgAtK(queries, k, opts), expected.ndcg_cut[i]);
      });
    }
  });
});
