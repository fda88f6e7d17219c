// Perplexity and its relatives, from natural-log probabilities of scored tokens.
//
// Token level (a sequence = the log-probabilities log p(x_t | x_<t) of its scored tokens):
//   nll                      mean NLL per token = -Σ log p / T                       (nats)
//   corpusPerplexity         exp(Σ_all NLL / Σ_all T): every token weighs the same
//   sequencePerplexities     exp(mean NLL) of each sequence
//   meanSequencePerplexity   their unweighted mean (HF evaluate's "mean_perplexity")
// Document level, as lm-evaluation-harness aggregates loglikelihood_rolling results
// (lm_eval/api/metrics.py weighted_perplexity and bits_per_byte; wikitext's process_results):
//   wordPerplexity  exp(-Σ ll / Σ words)     bytePerplexity  exp(-Σ ll / Σ bytes)
//   bitsPerByte     -Σ ll / Σ bytes / ln 2
// Each is a ratio of sums over documents, not a mean of per-document ratios.

import { describeValue, InputError } from "../errors.js";
import { pythonRegexSplitWhitespace } from "./python-text.js";

/** One document scored by a language model. */
export interface ScoredDocument {
  /** Total log-likelihood of the document's text, natural log (nats); <= 0. */
  logLikelihood: number;
  /** The document's text, used to count words and UTF-8 bytes. */
  text: string;
}

/**
 * Mean negative log-likelihood per token, in nats: -Σ log p / T.
 *
 * @example nll([Math.log(0.5), Math.log(0.25)]) // (ln 2 + ln 4) / 2 = 1.5 ln 2 ≈ 1.0397
 */
export function nll(tokenLogProbs: ArrayLike<number>): number {
  return sumNll(tokenLogProbs, "tokenLogProbs") / tokenLogProbs.length;
}

/**
 * Corpus perplexity: exp(total NLL / total scored tokens) over all sequences, so a long
 * sequence counts more than a short one. This is exp of the usual token-averaged loss.
 *
 * @example corpusPerplexity([[Math.log(0.5)], [Math.log(0.25), Math.log(0.25)]]) // exp((ln 2 + 4 ln 2) / 3) = 2^(5/3)
 */
export function corpusPerplexity(sequences: ReadonlyArray<ArrayLike<number>>): number {
  checkSequences(sequences);
  let totalNll = 0;
  let totalTokens = 0;
  sequences.forEach((sequence, s) => {
    totalNll += sumNll(sequence, `sequences[${s}]`);
    totalTokens += sequence.length;
  });
  return Math.exp(totalNll / totalTokens);
}

/**
 * Perplexity of each sequence on its own: exp(mean NLL of its tokens).
 *
 * @example sequencePerplexities([[Math.log(0.5)], [Math.log(0.25)]]) // [2, 4]
 */
export function sequencePerplexities(sequences: ReadonlyArray<ArrayLike<number>>): number[] {
  checkSequences(sequences);
  return sequences.map((sequence, s) => Math.exp(sumNll(sequence, `sequences[${s}]`) / sequence.length));
}

/**
 * Unweighted mean of the per-sequence perplexities. This is what Hugging Face evaluate's
 * perplexity metric reports as `mean_perplexity`.
 *
 * It is a different quantity from corpusPerplexity: it averages exp(NLL_s) instead of
 * exponentiating an average NLL, and gives every sequence the same weight whatever its
 * length. Since exp is convex, Jensen's inequality gives mean_s exp(NLL_s) >= exp(mean_s NLL_s),
 * with equality only when all sequences are equally hard; so when sequences have equal
 * lengths it is never below corpus perplexity, and a few hard sequences can inflate it.
 * (With unequal lengths either can be larger: corpus perplexity weighs long sequences more.)
 *
 * @example meanSequencePerplexity([[Math.log(0.5)], [Math.log(0.125)]]) // (2 + 8) / 2 = 5, while corpus perplexity is exp((ln 2 + ln 8)/2) = 4
 */
export function meanSequencePerplexity(sequences: ReadonlyArray<ArrayLike<number>>): number {
  const perplexities = sequencePerplexities(sequences);
  return perplexities.reduce((sum, p) => sum + p, 0) / perplexities.length;
}

/**
 * Number of words as lm-evaluation-harness counts them: len(re.split(r"\s+", text)),
 * with Python's Unicode whitespace. Leading/trailing whitespace adds an empty "word".
 *
 * @example countWords("  a b ") // 4: ["", "a", "b", ""]
 * @example countWords("")       // 1: [""]
 */
export function countWords(text: string): number {
  checkText(text, "text");
  return pythonRegexSplitWhitespace(text).length;
}

/**
 * Number of bytes of the text in UTF-8: len(text.encode("utf-8")).
 *
 * A lone UTF-16 surrogate cannot be encoded (Python raises UnicodeEncodeError), so it is an error.
 *
 * @example countBytes("héllo") // 6
 * @example countBytes("😀")    // 4
 */
export function countBytes(text: string): number {
  return utf8Length(text, "text");
}

/**
 * lm-evaluation-harness word perplexity: exp(-Σ logLikelihood / Σ words).
 *
 * @example wordPerplexity([{ logLikelihood: -4, text: "a b" }, { logLikelihood: -2, text: "c" }]) // exp(6/3) = e²
 */
export function wordPerplexity(docs: ReadonlyArray<ScoredDocument>): number {
  const { logLikelihood, words } = totals(docs);
  return Math.exp(-logLikelihood / words);
}

/**
 * lm-evaluation-harness byte perplexity: exp(-Σ logLikelihood / Σ UTF-8 bytes).
 *
 * @example bytePerplexity([{ logLikelihood: -6, text: "abc" }]) // exp(2)
 */
export function bytePerplexity(docs: ReadonlyArray<ScoredDocument>): number {
  const { logLikelihood, bytes } = totalsWithBytes(docs);
  return Math.exp(-logLikelihood / bytes);
}

/**
 * lm-evaluation-harness bits per byte: -Σ logLikelihood / Σ UTF-8 bytes / ln 2,
 * i.e. log2 of byte perplexity. Comparable across tokenizers, unlike token perplexity.
 *
 * @example bitsPerByte([{ logLikelihood: -8 * Math.LN2, text: "abcd" }]) // 2
 */
export function bitsPerByte(docs: ReadonlyArray<ScoredDocument>): number {
  const { logLikelihood, bytes } = totalsWithBytes(docs);
  return -logLikelihood / bytes / Math.LN2;
}

// Σ -log p over one sequence, rejecting what no probability can be: a log-probability must
// be finite and <= 0 (p in (0, 1]).
function sumNll(sequence: ArrayLike<number>, name: string): number {
  if (sequence === null || typeof sequence !== "object" || typeof sequence.length !== "number") {
    throw new InputError(`${name} must be a list of log-probabilities, got ${describeValue(sequence)}`, HINT);
  }
  if (sequence.length === 0) {
    throw new InputError(`${name} is empty: it has no scored tokens`, "drop sequences with no scored tokens");
  }
  let total = 0;
  for (let t = 0; t < sequence.length; t++) {
    const logProb: unknown = sequence[t];
    if (typeof logProb !== "number" || !Number.isFinite(logProb) || logProb > 0) {
      throw new InputError(`${name}[${t}] is ${describeValue(logProb)}, not a finite log-probability <= 0`, HINT);
    }
    total -= logProb;
  }
  return total;
}

const HINT = "pass natural-log probabilities of the scored tokens, e.g. log_softmax(logits) at each target";

function checkSequences(sequences: ReadonlyArray<ArrayLike<number>>): void {
  if (!Array.isArray(sequences) || sequences.length === 0) {
    throw new InputError("sequences must be a non-empty list of token log-probability lists", HINT);
  }
}

function totals(docs: ReadonlyArray<ScoredDocument>): { logLikelihood: number; words: number; bytes: number } {
  if (!Array.isArray(docs) || docs.length === 0) {
    throw new InputError("docs must be a non-empty list of { logLikelihood, text }", "score at least one document");
  }
  let logLikelihood = 0;
  let words = 0;
  let bytes = 0;
  docs.forEach((doc, d) => {
    const ll: unknown = doc?.logLikelihood;
    if (typeof ll !== "number" || !Number.isFinite(ll) || ll > 0) {
      throw new InputError(
        `docs[${d}].logLikelihood is ${describeValue(ll)}, not a finite log-likelihood <= 0`,
        "pass the document's total natural-log likelihood (sum of its token log-probabilities)",
      );
    }
    checkText(doc.text, `docs[${d}].text`);
    logLikelihood += ll;
    words += pythonRegexSplitWhitespace(doc.text).length;
    bytes += utf8Length(doc.text, `docs[${d}].text`);
  });
  return { logLikelihood, words, bytes };
}

// Every document counts at least one word, but all texts may be empty: then there are no bytes.
function totalsWithBytes(docs: ReadonlyArray<ScoredDocument>): { logLikelihood: number; bytes: number } {
  const { logLikelihood, bytes } = totals(docs);
  if (bytes === 0) {
    throw new InputError("docs have 0 bytes of text in total, so per-byte metrics are undefined", "score non-empty documents");
  }
  return { logLikelihood, bytes };
}

function checkText(text: unknown, name: string): void {
  if (typeof text !== "string") throw new InputError(`${name} must be a string, got ${describeValue(text)}`, "pass the document text");
}

// len(text.encode("utf-8")): 1 byte per code point below U+0080, 2 below U+0800, 3 below
// U+10000, 4 above. `for...of` walks code points, yielding a lone surrogate on its own.
function utf8Length(text: string, name: string): number {
  checkText(text, name);
  let bytes = 0;
  let index = 0;
  for (const ch of text) {
    const codePoint = ch.codePointAt(0)!;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      throw new InputError(
        `${name} has a lone surrogate U+${codePoint.toString(16).toUpperCase()} at index ${index}, which UTF-8 cannot encode`,
        "the text was probably cut in the middle of a character; fix its encoding",
      );
    }
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    index += ch.length;
  }
  return bytes;
}
