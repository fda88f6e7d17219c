// The order in which trec_eval ranks a run's documents.
//
// trec_eval (form_res_rels.c, comparator comp_sim_docno) sorts a query's retrieved
// documents by score descending and breaks ties by docno descending with C strcmp,
// which compares bytes. Document ids here are JavaScript strings; ordering them by
// Unicode code point gives the same order as comparing their UTF-8 bytes.

import { InputError } from "../errors.js";

/** A run for one query: document id -> retrieval score (higher = ranked earlier). */
export type Run = Readonly<Record<string, number>>;

/**
 * Compare two strings by Unicode code point, the order strcmp gives on their UTF-8 bytes.
 * Returns a negative number, 0 or a positive number, like a sort comparator.
 *
 * JavaScript's `<` compares UTF-16 code units instead, which puts U+E000..U+FFFF
 * after astral characters (stored as surrogates 0xD800..0xDFFF); UTF-8 puts them before.
 *
 * @example compareCodePoints("B", "a") < 0            // 0x42 < 0x61
 * @example compareCodePoints("\uFF21", "\u{1F600}") < 0 // EF BC A1 < F0 9F 98 80, though "\uFF21" > "\u{1F600}" in JS
 */
export function compareCodePoints(a: string, b: string): number {
  // Both strings are identical before index i, so they agree on where code points start.
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
  }
  // One is a prefix of the other: the shorter sorts first, as strcmp sees its NUL first.
  return a.length - b.length;
}

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
