const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g; // Python's string.punctuation

/** SQuAD v1.1 normalization: lower-case, drop punctuation, drop the articles a/an/the, collapse whitespace. */
export function normalizeAnswer(s: string): string {
  // The script's order: lower, punctuation, articles, whitespace ("the-end" -> "theend": the fused "the" is no longer a word, so it stays).
  const text = s.toLowerCase().replace(PUNCTUATION, "").replace(/\b(a|an|the)\b/g, " ");
  return text.split(/\s+/).filter(Boolean).join(" ");
}

/** 1 if the normalized prediction equals some normalized ground truth, else 0. */
export function exactMatch(prediction: string, groundTruths: string[]): number {
  const pred = normalizeAnswer(prediction);
  return groundTruths.some((gt) => normalizeAnswer(gt) === pred) ? 1 : 0;
}

const tokens = (s: string): string[] => normalizeAnswer(s).split(" ").filter(Boolean);

function f1(predTokens: string[], goldTokens: string[]): number {
  // Overlap as multisets: each token counts min(count in pred, count in gold) times.
  const remaining = new Map<string, number>();
  for (const t of goldTokens) remaining.set(t, (remaining.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of predTokens) {
    const left = remaining.get(t) ?? 0;
    if (left > 0) {
      remaining.set(t, left - 1);
      common++;
    }
  }
  if (common === 0) return 0; // also covers an answer that normalizes to nothing
  const precision = common / predTokens.length;
  const recall = common / goldTokens.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Token F1 of the normalized prediction against the best-matching ground truth. */
export function f1Score(prediction: string, groundTruths: string[]): number {
  const predTokens = tokens(prediction);
  return Math.max(...groundTruths.map((gt) => f1(predTokens, tokens(gt))));
}
