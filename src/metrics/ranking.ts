// Ranking metrics with trec_eval semantics (usnistgov/trec_eval 9.0: form_res_rels.c,
// m_recip_rank.c, m_P.c, m_recall.c, m_success.c, m_ndcg_cut.c).
//
// How trec_eval sees one query:
//   - the run's documents are sorted by score descending, ties by id descending
//     byte-wise (see ranking-order.ts); rank r is position r in that list, n documents in all;
//   - a retrieved document absent from the qrels is unjudged and counts as non-relevant;
//   - a document is relevant when its grade >= the relevance threshold (trec_eval -l, default 1);
//   - a cutoff k past the end of the list treats the missing places as non-relevant.
//
// Where we deviate: trec_eval skips a query that has no judgments at all (and one the run
// did not retrieve for, unless -c). Here every query given is scored, and a query with no
// relevant document scores 0 and still counts in the mean (for nDCG, which like trec_eval
// ignores the threshold: a query with no positive grade).

import { InputError } from "../errors.js";
import { checkRun, orderDocuments, type Run } from "./ranking-order.js";

export { rankDocuments } from "./ranking-order.js";
export type { Run } from "./ranking-order.js";

/** Judgments for one query: document id -> relevance grade. Unlisted documents are unjudged. */
export type Qrels = Readonly<Record<string, number>>;

/** A document is relevant when its grade >= relevanceThreshold (trec_eval -l); default 1. */
export interface RankingOptions {
  relevanceThreshold?: number;
}

/** One query's run and judgments, for the mean over queries. */
export interface Query {
  run: Run;
  qrels: Qrels;
}

/** One query as the measures read it: the grades down the ranking and all judged grades. */
interface JudgedRanking {
  /** grade of the document at rank i + 1; undefined when the qrels do not judge it */
  rankedGrades: ReadonlyArray<number | undefined>;
  /** every grade in the qrels, retrieved or not (the ideal ranking and the recall denominator) */
  judgedGrades: ReadonlyArray<number>;
}

/**
 * Reciprocal rank (trec_eval `recip_rank`): 1 / rank of the first relevant document,
 * 0 when no relevant document is retrieved. With `opts.k` only the top k ranks count,
 * as `trec_eval -M k -m recip_rank` (RR@k, the MRR@10 of MS MARCO).
 *
 * @example reciprocalRank({ a: 3, b: 2, c: 1 }, { b: 1 }) // 0.5: b is at rank 2
 */
export function reciprocalRank(run: Run, qrels: Qrels, opts: RankingOptions & { k?: number } = {}): number {
  const threshold = relevanceThresholdOf(opts, "opts");
  const k = opts.k === undefined ? Infinity : checkK(opts.k, "opts.k");
  return recipRank(judge(run, qrels, "run", "qrels"), threshold, k);
}

/**
 * Recall at k (trec_eval `recall_k`): relevant documents in the top k / relevant documents
 * in the qrels (retrieved or not). Places past the end of the run count as non-relevant.
 * 0 when the qrels hold no relevant document (trec_eval leaves the value at 0 too).
 *
 * @example recallAtK({ a: 3, b: 2, c: 1 }, { b: 1, z: 1 }, 2) // 0.5: b found, z never retrieved
 */
export function recallAtK(run: Run, qrels: Qrels, k: number, opts: RankingOptions = {}): number {
  const threshold = relevanceThresholdOf(opts, "opts");
  return recall(judge(run, qrels, "run", "qrels"), checkK(k, "k"), threshold);
}

/**
 * Precision at k (trec_eval `P_k`): relevant documents in the top k / k. Divides by k
 * even when fewer than k documents were retrieved (the rest count as non-relevant).
 *
 * @example precisionAtK({ a: 2, b: 1 }, { a: 1 }, 5) // 0.2 = 1/5
 */
export function precisionAtK(run: Run, qrels: Qrels, k: number, opts: RankingOptions = {}): number {
  const threshold = relevanceThresholdOf(opts, "opts");
  return precision(judge(run, qrels, "run", "qrels"), checkK(k, "k"), threshold);
}

/**
 * Hit at k (trec_eval `success_k`): 1 when a relevant document is in the top k, else 0.
 *
 * @example hitAtK({ a: 3, b: 2, c: 1 }, { c: 2 }, 2) // 0: c is at rank 3
 */
export function hitAtK(run: Run, qrels: Qrels, k: number, opts: RankingOptions = {}): number {
  const threshold = relevanceThresholdOf(opts, "opts");
  return hit(judge(run, qrels, "run", "qrels"), checkK(k, "k"), threshold);
}

/**
 * nDCG at k (trec_eval `ndcg_cut_k`; Järvelin & Kekäläinen, ACM TOIS 20(4), 2002).
 * The gain is the qrels grade itself (linear, not 2^g - 1); grades <= 0 and unjudged
 * documents gain 0. The ideal ranking puts every judged positive grade in descending
 * order, cut at k like the run. 0 when no judged document has a positive grade.
 *
 * `opts.relevanceThreshold` is checked but does not change the value: trec_eval's
 * ndcg_cut ignores -l (usnistgov/trec_eval#35), so a grade below the threshold still
 * adds its gain to both DCG and the ideal DCG (the TREC Deep Learning practice: nDCG on
 * all grades, the other measures with -l 2).
 *
 * @example ndcgAtK({ a: 2, b: 1 }, { a: 1, b: 2 }, 2) // (1 + 2/log2 3) / (2 + 1/log2 3) ≈ 0.8597
 */
export function ndcgAtK(run: Run, qrels: Qrels, k: number, opts: RankingOptions = {}): number {
  relevanceThresholdOf(opts, "opts");
  return ndcg(judge(run, qrels, "run", "qrels"), checkK(k, "k"));
}

/**
 * Mean reciprocal rank over queries (trec_eval's `recip_rank` "all" line), each query
 * scored by reciprocalRank. Queries without a relevant document add 0 and count.
 *
 * @example meanReciprocalRank([{ run: { a: 2, b: 1 }, qrels: { b: 1 } }, { run: {}, qrels: {} }]) // (0.5 + 0) / 2
 */
export function meanReciprocalRank(
  queries: ReadonlyArray<Query>,
  opts: RankingOptions & { k?: number } = {},
): number {
  const threshold = relevanceThresholdOf(opts, "opts");
  const k = opts.k === undefined ? Infinity : checkK(opts.k, "opts.k");
  return meanOver(queries, (ranking) => recipRank(ranking, threshold, k));
}

/** Mean of recallAtK over queries (trec_eval's `recall_k` "all" line); every query counts. */
export function meanRecallAtK(queries: ReadonlyArray<Query>, k: number, opts: RankingOptions = {}): number {
  const threshold = relevanceThresholdOf(opts, "opts");
  checkK(k, "k");
  return meanOver(queries, (ranking) => recall(ranking, k, threshold));
}

/** Mean of precisionAtK over queries (trec_eval's `P_k` "all" line); every query counts. */
export function meanPrecisionAtK(queries: ReadonlyArray<Query>, k: number, opts: RankingOptions = {}): number {
  const threshold = relevanceThresholdOf(opts, "opts");
  checkK(k, "k");
  return meanOver(queries, (ranking) => precision(ranking, k, threshold));
}

/** Mean of hitAtK over queries (trec_eval's `success_k` "all" line): the share of queries with a hit. */
export function meanHitAtK(queries: ReadonlyArray<Query>, k: number, opts: RankingOptions = {}): number {
  const threshold = relevanceThresholdOf(opts, "opts");
  checkK(k, "k");
  return meanOver(queries, (ranking) => hit(ranking, k, threshold));
}

/** Mean of ndcgAtK over queries (trec_eval's `ndcg_cut_k` "all" line); every query counts. */
export function meanNdcgAtK(queries: ReadonlyArray<Query>, k: number, opts: RankingOptions = {}): number {
  relevanceThresholdOf(opts, "opts");
  checkK(k, "k");
  return meanOver(queries, (ranking) => ndcg(ranking, k));
}

// ---------------------------------------------------------------------------
// The measures on one checked query

function isRelevant(grade: number | undefined, threshold: number): boolean {
  return grade !== undefined && grade >= threshold;
}

/** Relevant documents among the top min(k, n) ranks. */
function relevantInTopK(ranking: JudgedRanking, k: number, threshold: number): number {
  const depth = Math.min(k, ranking.rankedGrades.length);
  let count = 0;
  for (let i = 0; i < depth; i++) {
    if (isRelevant(ranking.rankedGrades[i], threshold)) count++;
  }
  return count;
}

// RR = 1 / r, r = rank of the first relevant document within the top k; 0 if none
function recipRank(ranking: JudgedRanking, threshold: number, k: number): number {
  const depth = Math.min(k, ranking.rankedGrades.length);
  for (let i = 0; i < depth; i++) {
    if (isRelevant(ranking.rankedGrades[i], threshold)) return 1 / (i + 1);
  }
  return 0;
}

// recall@k = |relevant in top k| / |relevant in qrels|
function recall(ranking: JudgedRanking, k: number, threshold: number): number {
  const numRelevant = ranking.judgedGrades.filter((grade) => grade >= threshold).length;
  if (numRelevant === 0) return 0;
  return relevantInTopK(ranking, k, threshold) / numRelevant;
}

// P@k = |relevant in top k| / k
function precision(ranking: JudgedRanking, k: number, threshold: number): number {
  return relevantInTopK(ranking, k, threshold) / k;
}

// success@k = 1 if |relevant in top k| > 0 else 0
function hit(ranking: JudgedRanking, k: number, threshold: number): number {
  return relevantInTopK(ranking, k, threshold) > 0 ? 1 : 0;
}

// DCG@k  = sum over ranks r = 1..min(k, n) of gain_r / log2(r + 1), gain_r = max(grade, 0)
// IDCG@k = the same sum over the judged positive grades sorted descending
// nDCG@k = DCG@k / IDCG@k, and 0 when IDCG@k = 0
function ndcg(ranking: JudgedRanking, k: number): number {
  const gains = ranking.rankedGrades.map((grade) => (grade !== undefined && grade > 0 ? grade : 0));
  const idealGains = ranking.judgedGrades.filter((grade) => grade > 0).sort((a, b) => b - a);
  const idealDcg = discountedCumulativeGain(idealGains, k);
  if (idealDcg === 0) return 0;
  return discountedCumulativeGain(gains, k) / idealDcg;
}

function discountedCumulativeGain(gains: ReadonlyArray<number>, k: number): number {
  const depth = Math.min(k, gains.length);
  let sum = 0;
  for (let i = 0; i < depth; i++) {
    // rank r = i + 1, discount log2(r + 1)
    if (gains[i] > 0) sum += gains[i] / Math.log2(i + 2);
  }
  return sum;
}

// ---------------------------------------------------------------------------
// Checking input and assembling a query

/** Checks run and qrels and reads the grades down the ranking (trec_eval form_res_rels). */
function judge(run: Run, qrels: Qrels, runName: string, qrelsName: string): JudgedRanking {
  checkRun(run, runName);
  checkQrels(qrels, qrelsName);
  // Own properties only: an id like "constructor" must not find Object.prototype's.
  const gradeOf = new Map(Object.entries(qrels));
  return {
    rankedGrades: orderDocuments(run).map((id) => gradeOf.get(id)),
    judgedGrades: [...gradeOf.values()],
  };
}

function checkQrels(qrels: Qrels, where: string): void {
  if (typeof qrels !== "object" || qrels === null) {
    throw new InputError(`${where} must be an object mapping document id to grade, got ${String(qrels)}`);
  }
  for (const [id, grade] of Object.entries(qrels)) {
    if (typeof grade !== "number" || !Number.isFinite(grade)) {
      throw new InputError(
        `${where}[${JSON.stringify(id)}] grade ${String(grade)} is not a finite number`,
        "judge every listed document with a finite numeric grade (0 = judged non-relevant)",
      );
    }
  }
}

function checkK(k: number, name: string): number {
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1) {
    throw new InputError(`${name} must be a positive integer, got ${String(k)}`, "use a cutoff such as 1, 5 or 10");
  }
  return k;
}

/**
 * The relevance threshold, default 1. It must be a finite number > 0, so grade 0 and
 * negative grades are never relevant (trec_eval reads negative grades as "pooled but
 * not judged", and documents outside the qrels as non-relevant).
 */
function relevanceThresholdOf(opts: RankingOptions, where: string): number {
  if (typeof opts !== "object" || opts === null) {
    throw new InputError(`${where} must be an options object, got ${String(opts)}`);
  }
  const threshold = opts.relevanceThreshold ?? 1;
  if (typeof threshold !== "number" || !Number.isFinite(threshold) || threshold <= 0) {
    throw new InputError(
      `${where}.relevanceThreshold must be a finite number > 0, got ${String(threshold)}`,
      "a document is relevant when its grade >= relevanceThreshold; the default is 1",
    );
  }
  return threshold;
}

/** Arithmetic mean of one measure over queries; every query counts, even one without relevant documents. */
function meanOver(queries: ReadonlyArray<Query>, measure: (ranking: JudgedRanking) => number): number {
  if (!Array.isArray(queries) || queries.length === 0) {
    throw new InputError(
      `queries must be a non-empty array, got ${Array.isArray(queries) ? "an empty array" : String(queries)}`,
      "a mean over zero queries is undefined; pass at least one { run, qrels }",
    );
  }
  let sum = 0;
  queries.forEach((query, i) => {
    if (typeof query !== "object" || query === null) {
      throw new InputError(`queries[${i}] must be an object { run, qrels }, got ${String(query)}`);
    }
    sum += measure(judge(query.run, query.qrels, `queries[${i}].run`, `queries[${i}].qrels`));
  });
  return sum / queries.length;
}
