/**
 * Word n-grams of a text, the unit of near-duplicate detection (MinHash over word shingles,
 * Broder 1997) and of test-set contamination checks (GPT-3's 13-gram overlap): the text is
 * lowercased and split on runs of whitespace; punctuation stays part of its word.
 */

/** The words of `text`: lowercased, split on runs of whitespace, no empty words. */
export function normalizedWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== "");
}

/**
 * The n-grams of `words` in order, with repeats, each joined by one space: words.length − n + 1
 * of them, none when there are fewer than n words.
 *
 * @example wordNgrams(["to", "be", "or", "not"], 3) // ["to be or", "be or not"]
 */
export function wordNgrams(words: readonly string[], n: number): string[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}`);
  return Array.from({ length: Math.max(words.length - n + 1, 0) }, (_, i) => words.slice(i, i + n).join(" "));
}
