/** SQuAD v1.1 normalization: lower-case, drop punctuation, drop the articles a/an/the, collapse whitespace. */
export function normalizeAnswer(s: string): string {
  throw new Error("not implemented");
}

/** 1 if the normalized prediction equals some normalized ground truth, else 0. */
export function exactMatch(prediction: string, groundTruths: string[]): number {
  throw new Error("not implemented");
}

/** Token F1 of the normalized prediction against the best-matching ground truth. */
export function f1Score(prediction: string, groundTruths: string[]): number {
  throw new Error("not implemented");
}
