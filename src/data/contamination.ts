/**
 * Test-set contamination by word n-gram overlap, the check of GPT-3 (Brown et al. 2020,
 * appendix C: an example is "dirty" if any of its 13-grams occurs in the training data).
 * Texts are normalized as in word-ngrams.ts (lowercased, split on whitespace). The training
 * n-grams are taken from each document on its own, so none spans two documents.
 *
 * For an example with words w_1..w_L there are m = max(L − n + 1, 0) n-grams (counted with
 * repeats); it is contaminated when at least one of them is a training n-gram, and its
 * overlap is the fraction of the m that are. An example shorter than n has no n-grams: not
 * contaminated, overlap 0.
 */
import { normalizedWords, wordNgrams } from "./word-ngrams.js";

export interface ContaminationReport {
  /** Per example: does any of its n-grams occur in the training documents? */
  contaminated: boolean[];
  /** Per example: the fraction of its n-grams that occur there (0 when it has none). */
  overlap: number[];
}

/**
 * The n-gram contamination of each example against the training documents.
 *
 * @example
 * ngramContamination(["the cat sat on the mat"], ["a cat sat on the mat", "dogs bark"], 3)
 * // { contaminated: [true, false], overlap: [0.75, 0] }: 3 of "a cat sat", "cat sat on", "sat on the", "on the mat"
 */
export function ngramContamination(trainingDocuments: readonly string[], examples: readonly string[], n: number): ContaminationReport {
  const seen = new Set(trainingDocuments.flatMap((document) => wordNgrams(normalizedWords(document), n)));
  const contaminated: boolean[] = [];
  const overlap: number[] = [];
  for (const example of examples) {
    const grams = wordNgrams(normalizedWords(example), n);
    const found = grams.filter((gram) => seen.has(gram)).length;
    contaminated.push(found > 0);
    overlap.push(grams.length === 0 ? 0 : found / grams.length);
  }
  return { contaminated, overlap };
}
