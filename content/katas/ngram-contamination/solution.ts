/** The word n-grams of text, lowercased, in order with repeats: words.length - n + 1 of them. */
function wordNgrams(text: string, n: number): string[] {
  const words = text.toLowerCase().split(/\s+/).filter((w) => w !== "");
  // Joined by one space: words never contain whitespace, so the key is unambiguous.
  return Array.from({ length: Math.max(words.length - n + 1, 0) }, (_, i) => words.slice(i, i + n).join(" "));
}

/** Per example: is any word n-gram in the training documents, and the fraction of its n-grams that are. */
export function ngramContamination(trainDocs: string[], examples: string[], n: number): [boolean[], number[]] {
  // One set of n-grams, each taken inside one document: none spans two documents.
  const seen = new Set(trainDocs.flatMap((doc) => wordNgrams(doc, n)));
  const flags: boolean[] = [];
  const fractions: number[] = [];
  for (const example of examples) {
    const grams = wordNgrams(example, n);
    const found = grams.filter((gram) => seen.has(gram)).length;
    flags.push(found > 0);
    fractions.push(grams.length === 0 ? 0 : found / grams.length); // shorter than n: no n-grams, clean
  }
  return [flags, fractions];
}
