// SQuAD answer metrics: exact match and token F1, as the official evaluation scripts
// compute them (SQuAD v1.1 evaluate-v1.1.py; SQuAD v2.0 evaluate-v2.0.py).
//
// Both scripts normalize an answer as white_space_fix(remove_articles(remove_punc(lower(s)))):
//   lower            Python str.lower()        (JavaScript toLowerCase() agrees, final sigma and İ included)
//   remove_punc      drop every character of Python's string.punctuation (ASCII only)
//   remove_articles  re.sub(r"\b(a|an|the)\b", " ", text), with Python's Unicode-aware \b
//   white_space_fix  " ".join(text.split()), with Python's Unicode whitespace
// The two rule sets differ only where an answer normalizes to nothing (see tokenF1).

import { describeValue, InputError } from "../errors.js";
import { isPythonWhitespace } from "./python-text.js";

/** Which official script's rules to follow. */
export type SquadRules = "squad-v1" | "squad-v2";

export interface SquadOptions {
  /** Default "squad-v1". */
  rules?: SquadRules;
}

// Python's string.punctuation.
const ASCII_PUNCTUATION = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

// Python's \b in a str pattern sits between a word and a non-word character, where a word
// character is ch.isalnum() or "_". JavaScript's \b is ASCII-only, so we classify code
// points ourselves. [\p{L}\p{N}_] equals Python 3.11's isalnum()-or-"_" on every code
// point assigned in Unicode 14.0 (checked over all code points by make_squad_reference.py
// and the test); combining marks (\p{M}) are not word characters, so "the\u0301" loses "the".
const WORD_CHARACTER = /^[\p{L}\p{N}_]$/u;

// What normalization does with a code point: drop it, split on it, or keep it as part
// of a word (a/an/the are recognised among word runs) or as another character.
const OTHER = 0;
const PUNCTUATION = 1;
const WHITESPACE = 2;
const WORD = 3;

function classify(ch: string): number {
  if (ASCII_PUNCTUATION.has(ch)) return PUNCTUATION;
  if (isPythonWhitespace(ch)) return WHITESPACE;
  return WORD_CHARACTER.test(ch) ? WORD : OTHER;
}

// Classes of the Basic Multilingual Plane, built on first use (a few ms) so that the
// per-character work in the hot loop is one array read.
let bmpClasses: Uint8Array | null = null;

function buildBmpClasses(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) table[cp] = classify(String.fromCharCode(cp));
  return table;
}

const ARTICLES = new Set(["a", "an", "the"]);

/**
 * The tokens of normalizeAnswer(s), computed in one pass over the lower-cased text.
 *
 * Equivalent to the script's pipeline: after punctuation is dropped, `\b(a|an|the)\b`
 * matches exactly the maximal runs of word characters that spell a, an or the (the
 * words consist of word characters, so both \b need a non-word neighbour or an end);
 * each becomes a space, and the text is split on whitespace.
 */
function normalizedTokens(s: string): string[] {
  const text = s.toLowerCase();
  const classes = (bmpClasses ??= buildBmpClasses());
  const tokens: string[] = [];
  let token = ""; // the current token, without the word run in progress
  let run = ""; // the word run in progress, which may turn out to be an article
  const endRun = () => {
    if (ARTICLES.has(run)) {
      // The article is replaced by a space: it ends the token before it.
      if (token !== "") tokens.push(token);
      token = "";
    } else {
      token += run;
    }
    run = "";
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const ch = width === 1 ? text[i] : text.slice(i, i + 2);
    const kind = width === 1 ? classes[cp] : classify(ch);
    i += width;
    if (kind === PUNCTUATION) continue;
    if (kind === WORD) {
      run += ch;
      continue;
    }
    endRun();
    if (kind === WHITESPACE) {
      if (token !== "") tokens.push(token);
      token = "";
    } else {
      token += ch;
    }
  }
  endRun();
  if (token !== "") tokens.push(token);
  return tokens;
}

/**
 * Normalize an answer exactly as the official SQuAD scripts' `normalize_answer`:
 * lower-case, drop ASCII punctuation, replace the words a/an/the with a space,
 * collapse whitespace.
 *
 * @example normalizeAnswer("The  Cat's   hat!") === "cats hat"
 * @example normalizeAnswer("the-end") === "theend"   // punctuation goes first, so "the" is no longer a word
 */
export function normalizeAnswer(s: string): string {
  checkString(s, "answer");
  return normalizedTokens(s).join(" ");
}

/**
 * Exact match: 1 if the normalized prediction equals some normalized reference, else 0
 * (max over references, as `metric_max_over_ground_truths` / `compute_exact`).
 *
 * Under "squad-v2", references that normalize to "" are dropped first, and [""] is used
 * only if none remain (evaluate-v2.0.py `get_raw_scores`).
 *
 * @example exactMatch("the Eiffel Tower!", ["Eiffel tower", "Paris"]) === 1
 */
export function exactMatch(
  prediction: string,
  references: string | readonly string[],
  opts: SquadOptions = {},
): number {
  checkString(prediction, "prediction");
  const golds = goldAnswers(references, rulesOf(opts));
  const predicted = normalizeAnswer(prediction);
  return golds.some((gold) => normalizeAnswer(gold) === predicted) ? 1 : 0;
}

/**
 * Token F1 between the prediction and the best-matching reference, in [0, 1].
 *
 * F1 = 2PR/(P+R), with P = overlap/|pred tokens| and R = overlap/|gold tokens|, where
 * overlap counts tokens shared as multisets (Python Counter intersection) and tokens
 * are normalizeAnswer(s) split on whitespace. No overlap scores 0.
 *
 * Where an answer has no tokens the scripts differ:
 *   "squad-v1": F1 is 0 (even for empty vs empty: overlap is 0).
 *   "squad-v2": F1 is 1 if both sides have no tokens, else 0; and references that
 *               normalize to "" are dropped unless all of them do (then [""] is used).
 *
 * @example tokenF1("the cat sat", "a cat sat down") // P = 2/2, R = 2/3, F1 = 0.8
 */
export function tokenF1(
  prediction: string,
  references: string | readonly string[],
  opts: SquadOptions = {},
): number {
  checkString(prediction, "prediction");
  const rules = rulesOf(opts);
  const golds = goldAnswers(references, rules);
  const predTokens = normalizedTokens(prediction);
  let best = 0;
  for (const gold of golds) {
    best = Math.max(best, f1OfTokens(predTokens, normalizedTokens(gold), rules));
  }
  return best;
}

// F1 of one prediction against one reference (v1.1 f1_score, v2.0 compute_f1), with the
// arithmetic in the scripts' order so results are bit-identical to Python's.
function f1OfTokens(predTokens: string[], goldTokens: string[], rules: SquadRules): number {
  if (rules === "squad-v2" && (predTokens.length === 0 || goldTokens.length === 0)) {
    // int(gold_toks == pred_toks): equal lists when one is empty means both are empty.
    return predTokens.length === goldTokens.length ? 1 : 0;
  }
  const overlap = multisetOverlap(predTokens, goldTokens);
  if (overlap === 0) return 0;
  const precision = overlap / predTokens.length;
  const recall = overlap / goldTokens.length;
  return (2 * precision * recall) / (precision + recall);
}

// sum((Counter(a) & Counter(b)).values()): each token counts min(count in a, count in b) times.
function multisetOverlap(a: string[], b: string[]): number {
  const remaining = new Map<string, number>();
  for (const token of b) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let overlap = 0;
  for (const token of a) {
    const count = remaining.get(token) ?? 0;
    if (count > 0) {
      remaining.set(token, count - 1);
      overlap += 1;
    }
  }
  return overlap;
}

// The reference answers to take the max over, per rule set.
function goldAnswers(references: string | readonly string[], rules: SquadRules): readonly string[] {
  const list = typeof references === "string" ? [references] : references;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError(
      `references must be a non-empty list of strings, got ${describeValue(references)}`,
      'for an unanswerable question pass [""] as the references',
    );
  }
  list.forEach((reference, i) => checkString(reference, `references[${i}]`));
  if (rules === "squad-v1") return list;
  const answerable = list.filter((reference) => normalizeAnswer(reference) !== "");
  return answerable.length > 0 ? answerable : [""];
}

function rulesOf(opts: SquadOptions): SquadRules {
  const rules = opts.rules ?? "squad-v1";
  if (rules !== "squad-v1" && rules !== "squad-v2") {
    throw new InputError(
      `rules must be "squad-v1" or "squad-v2", got ${describeValue(rules)}`,
      'use "squad-v2" for SQuAD 2.0 (unanswerable questions), "squad-v1" otherwise',
    );
  }
  return rules;
}

function checkString(value: unknown, name: string): void {
  if (typeof value !== "string") {
    throw new InputError(`${name} must be a string, got ${describeValue(value)}`, "answers and references are plain text");
  }
}
