import { z } from "zod";
import { InputError } from "../errors.js";
import {
  hitAtK,
  ndcgAtK,
  precisionAtK,
  recallAtK,
  reciprocalRank,
  type Qrels,
  type Run,
} from "../metrics/ranking.js";
import type { MetricColumn } from "./columns.js";
import type { EvalKind } from "./kind.js";

const rankRecord = z.looseObject({
  query: z.union([z.string(), z.number()]).optional(),
  run: z.record(z.string(), z.number().finite("must be a finite score")),
  qrels: z.record(z.string(), z.number().finite("must be a finite grade")),
});
type RankRecord = z.infer<typeof rankRecord>;

const DEFAULT_KS = [10];

/** Retrieval: trec_eval's reciprocal rank, recall, precision, success and nDCG at cutoffs k. */
export const rankKind: EvalKind<RankRecord> = {
  name: "rank",
  summary: "retrieval: MRR, recall@k, precision@k, hit@k, nDCG@k (trec_eval semantics)",
  fields: 'each line: {"query": id, "run": {doc: score, ...}, "qrels": {doc: grade, ...}}',
  schema: rankRecord,
  caveat:
    "Retrieval metrics score the ranked list, not the answer: high recall@k does not mean the generator used the evidence or cited it faithfully.",
  columns(records, options, where) {
    const firstLine = new Map<string, number>();
    records.forEach((r, i) => {
      if (r.query === undefined) return;
      const id = String(r.query);
      const first = firstLine.get(id);
      if (first !== undefined) {
        throw new InputError(`${where(i)}: field query: "${id}" repeats ${where(first)}`, "one line per query: merge its run and qrels");
      }
      firstLine.set(id, i);
    });
    const queries = records.map((r) => ({ run: r.run as Run, qrels: r.qrels as Qrels }));
    const opts = { relevanceThreshold: options.relevanceThreshold };
    const column = (name: string, score: (run: Run, qrels: Qrels) => number): MetricColumn => ({
      name,
      field: "run",
      scale: 1,
      kind: "mean",
      values: Float64Array.from(queries, (q) => score(q.run, q.qrels)),
    });
    const ks = options.ks === null ? DEFAULT_KS : [...new Set(options.ks)];
    const columns = [column("mrr", (run, qrels) => reciprocalRank(run, qrels, opts))];
    for (const k of ks) {
      columns.push(
        column(`recall@${k}`, (run, qrels) => recallAtK(run, qrels, k, opts)),
        column(`precision@${k}`, (run, qrels) => precisionAtK(run, qrels, k, opts)),
        column(`hit@${k}`, (run, qrels) => hitAtK(run, qrels, k, opts)),
        column(`ndcg@${k}`, (run, qrels) => ndcgAtK(run, qrels, k, opts)),
      );
    }
    const settings = { k: ks, relevanceThreshold: options.relevanceThreshold };
    return { columns, settings, warnings: noRelevantWarning(queries, options.relevanceThreshold, where) };
  },
};

/** How many places a warning names before it says "and N more". */
const LISTED = 3;

/**
 * A warning for queries whose qrels hold no document at the relevance threshold: their
 * MRR, recall, precision and hit are 0 and still count in the means (trec_eval would skip
 * a query with no judgments at all), which lowers every mean without saying so.
 */
function noRelevantWarning(queries: ReadonlyArray<{ qrels: Qrels }>, threshold: number, where: (index: number) => string): string[] {
  const empty = queries.flatMap((q, i) => (Object.values(q.qrels).some((grade) => grade >= threshold) ? [] : [i]));
  if (empty.length === 0) return [];
  const places = empty.slice(0, LISTED).map(where).join(", ") + (empty.length > LISTED ? ` and ${empty.length - LISTED} more` : "");
  const queriesText = empty.length === 1 ? "1 query has" : `${empty.length} queries have`;
  return [
    `${queriesText} no relevant document (no qrels grade of at least ${threshold}): ${places}; MRR, recall, precision and hit are 0 there and count in the means`,
  ];
}
