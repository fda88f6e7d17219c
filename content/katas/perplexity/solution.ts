/** Perplexity of a corpus from each sequence's natural-log token probabilities: exp(total NLL / total tokens). */
export function corpusPerplexity(sequences: number[][]): number {
  // One average over all tokens: a long sequence weighs more than a short one.
  let totalNll = 0;
  let totalTokens = 0;
  for (const sequence of sequences) {
    for (const logProb of sequence) totalNll -= logProb;
    totalTokens += sequence.length;
  }
  return Math.exp(totalNll / totalTokens);
}

/** Total NLL (nats) over the total number of UTF-8 bytes of the texts. */
function natsPerByte(logLikelihoods: number[], texts: string[]): number {
  // text.length counts UTF-16 units; "é" is 2 bytes in UTF-8 and "😀" is 4.
  const encoder = new TextEncoder();
  const totalBytes = texts.reduce((sum, text) => sum + encoder.encode(text).length, 0);
  return -logLikelihoods.reduce((sum, ll) => sum + ll, 0) / totalBytes;
}

/** Bits per UTF-8 byte from each document's total natural-log likelihood and its text. */
export function bitsPerByte(logLikelihoods: number[], texts: string[]): number {
  return natsPerByte(logLikelihoods, texts) / Math.LN2; // nats to bits
}

/** Perplexity per UTF-8 byte from each document's total natural-log likelihood and its text. */
export function bytePerplexity(logLikelihoods: number[], texts: string[]): number {
  return Math.exp(natsPerByte(logLikelihoods, texts)); // = 2 ** bitsPerByte
}
