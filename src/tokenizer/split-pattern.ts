/**
 * Pre-tokenization split patterns: the regexes that cut text into pieces before BPE,
 * so that merges never cross a word, number or punctuation boundary (GPT-2 paper,
 * Radford et al. 2019, section 2.2; minbpe's RegexTokenizer).
 *
 * Every pattern here is a JavaScript regex source, to be compiled with the flags "gu".
 */

/**
 * A pattern written with `\s` / `\S` rewritten to Unicode White_Space, the class those escapes
 * name in the Rust and Python regex engines that tiktoken's patterns are written for.
 * Inside a character class `[^\s...]`, `\p{White_Space}` works the same way.
 */
function withUnicodeWhiteSpace(source: string): string {
  return source.replaceAll(String.raw`\s`, String.raw`\p{White_Space}`).replaceAll(String.raw`\S`, String.raw`\P{White_Space}`);
}

/**
 * GPT-4's split pattern (tiktoken's cl100k_base; minbpe's GPT4_SPLIT_PATTERN), rewritten for
 * JavaScript. The original, in the syntax of Rust's fancy-regex / Python's `regex` module:
 *
 *   '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+
 *
 * JavaScript has neither inline flag groups nor possessive quantifiers. Why the rewrite
 * splits every string the same way:
 *
 * 1. `'(?i:[sdmt]|ll|ve|re)`: each case variant is spelled out ('s 'S 'll 'lL 'Ll 'LL ...),
 *    including the one non-ASCII variant: Unicode simple case folding folds "s" with U+017F
 *    LATIN SMALL LETTER LONG S, so the original treats `'ſ` as a contraction (Python's `regex`
 *    and Rust's regex both fold; js-tiktoken's pattern does not).
 * 2. `[^\r\n\p{L}\p{N}]?+\p{L}+`: the possessive `?+` forbids giving the optional character
 *    back. Giving it back could only help if `\p{L}+` then matched starting at that same
 *    character, but that character is by construction not a letter, so backtracking into
 *    `?` can never produce a match: greedy `?` and possessive `?+` accept the same strings.
 * 3. ` ?[^\s\p{L}\p{N}]++[\r\n]*`: what follows the possessive `++` is `[\r\n]*`, which
 *    matches the empty string, so the engine never needs to backtrack into `++`; and the
 *    class excludes \r and \n, so the greedy run cannot have eaten a character `[\r\n]*`
 *    wanted. Greedy `+` therefore takes exactly what `++` takes.
 * 4. `\s*[\r\n]` is written `\s*[\r\n]+` (as js-tiktoken writes it): both end at the last
 *    newline of the whitespace run, because `\s*` is greedy and backtracks only as far as
 *    the last [\r\n].
 * 5. `\s` and `\S` mean Unicode White_Space in Rust's regex and Python's `regex`, but not in
 *    JavaScript, whose `\s` adds U+FEFF and lacks U+0085 (NEXT LINE). `withUnicodeWhiteSpace`
 *    spells them `\p{White_Space}` and `\P{White_Space}`, so "\u0085 \uFEFF]" splits as tiktoken
 *    splits it (js-tiktoken and gpt-tokenizer keep JavaScript's `\s` and differ there).
 *
 * Newer tiktoken releases spell cl100k as `...|\s++$|\s*[\r\n]|\s+(?!\S)|\s`, which differs
 * from this one on trailing whitespace that contains a newline at the very end of the text;
 * this module follows minbpe and the `tiktoken` npm package (1.0.22), whose pattern is this one.
 */
export const GPT4_SPLIT_PATTERN = withUnicodeWhiteSpace(
  String.raw`'(?:[sdmtSDMT\u017F]|ll|lL|Ll|LL|ve|vE|Ve|VE|re|rE|Re|RE)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
);

// The contraction suffixes of o200k, case variants spelled out as in GPT4_SPLIT_PATTERN.
const CONTRACTION = String.raw`(?:'(?:[sdmtSDMT\u017F]|ll|lL|Ll|LL|ve|vE|Ve|VE|re|rE|Re|RE))?`;
const UPPER = String.raw`[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`;
const LOWER = String.raw`[\p{Ll}\p{Lm}\p{Lo}\p{M}]`;

/**
 * GPT-4o's split pattern (tiktoken's o200k_base). The original has no possessive quantifiers;
 * only its `(?i:'s|'t|'re|'ve|'m|'ll|'d)` groups are expanded, as in item 1 above.
 * It keeps CamelCase words apart ("CamelCase" → "Camel", "Case") and lets "/" join punctuation.
 */
export const O200K_SPLIT_PATTERN = withUnicodeWhiteSpace(
  [
    String.raw`[^\r\n\p{L}\p{N}]?${UPPER}*${LOWER}+${CONTRACTION}`,
    String.raw`[^\r\n\p{L}\p{N}]?${UPPER}+${LOWER}*${CONTRACTION}`,
    String.raw`\p{N}{1,3}`,
    String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
    String.raw`\s*[\r\n]+`,
    String.raw`\s+(?!\S)`,
    String.raw`\s+`,
  ].join("|"),
);

/**
 * The pieces `pattern` cuts `text` into, in order. With these patterns every character
 * belongs to some alternative, so the pieces concatenate back to `text`.
 *
 * @example splitText("Hello world's 1234!", GPT4_SPLIT_PATTERN) // ["Hello", " world", "'s", " ", "123", "4", "!"]
 */
export function splitText(text: string, pattern: string): string[] {
  return text.match(new RegExp(pattern, "gu")) ?? [];
}
