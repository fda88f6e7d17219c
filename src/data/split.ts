/**
 * Train/validation split by whole documents, never inside one.
 *
 * Each document's side is decided by a seeded hash of its text, not by its position, so
 * exact duplicates always land on the same side and cannot leak validation text into
 * training. Near duplicates (different text) are placed independently: finding them is a
 * deduplication job (e.g. MinHash), and the corpus generator's `duplicates` list lets a
 * lab measure how many cross the split.
 */
import { InputError, describeValue } from "../errors.js";

export interface DocumentSplit<T> {
  train: T[];
  validation: T[];
}

export interface SplitOptions {
  /** Seed of the hash; a different seed gives a different split. */
  seed: number;
  /** Expected share of documents in validation, in [0, 1]. The realized share varies by chance. */
  validationFraction: number;
}

/**
 * Splits documents into train and validation, keeping their order within each side.
 *
 * @example
 * const { train, validation } = splitByDocument(corpus.documents, { seed: 0, validationFraction: 0.1 });
 */
export function splitByDocument<T extends { text: string }>(
  documents: readonly T[],
  options: SplitOptions,
): DocumentSplit<T> {
  const { seed, validationFraction } = options;
  if (!Number.isInteger(seed)) {
    throw new InputError(`seed must be an integer, got ${describeValue(seed)}`, "pass an integer such as 0");
  }
  if (!(Number.isFinite(validationFraction) && validationFraction >= 0 && validationFraction <= 1)) {
    throw new InputError(
      `validationFraction must be in [0, 1], got ${describeValue(validationFraction)}`,
      "e.g. 0.1 for 10% of documents",
    );
  }
  const split: DocumentSplit<T> = { train: [], validation: [] };
  for (const document of documents) {
    const side = textHash(document.text, seed) / 4294967296 < validationFraction ? split.validation : split.train;
    side.push(document);
  }
  return split;
}

/**
 * A 32-bit hash of `text` under `seed`: FNV-1a (Fowler, Noll & Vo) over UTF-16 code units
 * starting from a seed-dependent basis, then a lowbias32 finalizer (Wellons) so the top
 * bits, which decide the side, depend on every character.
 *
 * @example
 * textHash("37+48=85", 0); // an integer in [0, 2^32), the same on every machine
 */
export function textHash(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b9)) >>> 0; // FNV offset basis, mixed with the seed
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193); // FNV prime 16777619
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x21f0aaad);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x735a2d97);
  hash ^= hash >>> 15;
  return hash >>> 0;
}
