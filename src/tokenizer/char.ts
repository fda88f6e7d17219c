/**
 * The character tokenizer of nanoGPT's shakespeare_char (data/shakespeare_char/prepare.py):
 * the vocabulary is the sorted unique characters of the training text, `chars =
 * sorted(list(set(data)))`, and a character's id is its index in that list.
 *
 * "Character" means Unicode code point, as in Python, so an emoji is one token and not two
 * UTF-16 halves; sorting is by code point, as Python sorts strings.
 */
import { compareCodePoints } from "../code-point-order.js";
import { InputError, describeValue } from "../errors.js";

export interface CharTokenizer {
  /** The vocabulary: vocab[id] is the character of token id. */
  readonly vocab: readonly string[];
  readonly vocabSize: number;
  /** One id per code point; InputError on a character outside the vocabulary. */
  encode(text: string): number[];
  /** The characters of `ids` joined; InputError on an id outside [0, vocabSize). */
  decode(ids: ArrayLike<number>): string;
}

/**
 * A character tokenizer whose vocabulary is the sorted unique characters of `text`.
 *
 * @example
 * const tok = trainCharTokenizer("hello");
 * tok.vocab;            // ["e", "h", "l", "o"]
 * tok.encode("hell");   // [1, 0, 2, 2]
 */
export function trainCharTokenizer(text: string): CharTokenizer {
  if (typeof text !== "string" || text.length === 0) {
    throw new InputError(`training text must be a non-empty string, got ${describeValue(text)}`);
  }
  return charTokenizerFromVocab([...new Set(text)].sort(compareCodePoints));
}

/** A character tokenizer with a given vocabulary (e.g. one saved from `trainCharTokenizer`'s `vocab`). */
export function charTokenizerFromVocab(vocab: readonly string[]): CharTokenizer {
  const idOf = new Map<string, number>();
  vocab.forEach((char, id) => {
    if (typeof char !== "string" || [...char].length !== 1) {
      throw new InputError(`vocab[${id}] must be one character, got ${describeValue(char)}`);
    }
    if (idOf.has(char)) throw new InputError(`vocab[${id}] repeats the character ${describeValue(char)}`);
    idOf.set(char, id);
  });
  const chars = [...vocab];
  return {
    vocab: chars,
    vocabSize: chars.length,
    encode(text: string): number[] {
      const ids: number[] = [];
      for (const char of text) {
        const id = idOf.get(char);
        if (id === undefined) {
          throw new InputError(`character ${describeValue(char)} (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}) is not in the vocabulary`, "the vocabulary holds only the characters of the training text");
        }
        ids.push(id);
      }
      return ids;
    },
    decode(ids: ArrayLike<number>): string {
      let text = "";
      for (let i = 0; i < ids.length; i++) {
        const char = Number.isInteger(ids[i]) ? chars[ids[i]] : undefined;
        if (char === undefined) throw new InputError(`token id ${describeValue(ids[i])} at position ${i} is not in [0, ${chars.length})`);
        text += char;
      }
      return text;
    },
  };
}
