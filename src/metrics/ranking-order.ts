// The order in which trec_eval ranks a run's documents.
//
// trec_eval (form_res_rels.c, comparator comp_sim_docno) sorts a query's retrieved
// documents by score descending and breaks ties by docno descending with C strcmp,
// which compares bytes. Document ids here are JavaScript strings; ordering them by
// Unicode code point gives the same order as comparing their UTF-8 bytes.

import { compareCodePoints } from "../code-point-order.js";
import { InputError } from "../errors.js";

/** A run for one query: document id -> retrieval score (higher = ranked earlier). */
export type Run = Readonly<Record<string, number>>;

/**
 * Checks every score of a run is a finite number; `where` names the run in the message.
 * Throws InputError otherwise.
 */
export function checkRun(run: Run, where: string): void {
  if (typeof run !== "object" || run === null) {
    throw new InputError(`${where} must be an object mapping document id to score, got ${String(run)}`);
  }
  for (const [id, score] of Object.entries(run)) {
    if (typeof score !== "number" || !Number.isFinite(score)) {
      throw new InputError(
        `${where}[${JSON.stringify(id)}] score ${String(score)} is not a finite number`,
        "give every retrieved document a finite numeric score",
      );
    }
  }
}

/**
 * The run's document ids in trec_eval order: score descending, ties by id descending
 * compared byte-wise (code point order, see compareCodePoints). Rank r is index r - 1.
 * Throws InputError when a score is not a finite number.
 *
 * @example rankDocuments({ a: 1, b: 2, c: 2 }) // ["c", "b", "a"]
 */
export function rankDocuments(run: Run): string[] {
  checkRun(run, "run");
  return orderDocuments(run);
}

/** rankDocuments without the check, for callers that already ran checkRun. */
export function orderDocuments(run: Run): string[] {
  return Object.keys(run).sort((a, b) => {
    if (run[a] > run[b]) return -1;
    if (run[a] < run[b]) return 1;
    return compareCodePoints(b, a);
  });
}
