/** Counts in running text. */

/**
 * `n` and `word`, the word in its plural form unless n is exactly 1; `pluralWord` for a
 * word whose plural is not word + "s".
 *
 * @example plural(1, "answer") // "1 answer"; plural(0, "answer") // "0 answers"; plural(2, "query", "queries") // "2 queries"
 */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
