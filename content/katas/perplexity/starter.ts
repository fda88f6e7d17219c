/** Perplexity of a corpus from each sequence's natural-log token probabilities: exp(total NLL / total tokens). */
export function corpusPerplexity(sequences: number[][]): number {
  throw new Error("not implemented");
}

/** Bits per UTF-8 byte from each document's total natural-log likelihood and its text. */
export function bitsPerByte(logLikelihoods: number[], texts: string[]): number {
  throw new Error("not implemented");
}

/** Perplexity per UTF-8 byte from each document's total natural-log likelihood and its text. */
export function bytePerplexity(logLikelihoods: number[], texts: string[]): number {
  throw new Error("not implemented");
}
