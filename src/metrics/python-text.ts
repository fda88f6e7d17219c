// Python 3 string semantics that JavaScript does not share.
//
// Official evaluation scripts (SQuAD's evaluate-v1.1.py, lm-evaluation-harness) split text
// with Python's `str.split()` and `re.split(r"\s+", ...)`. Both use Python's notion of
// whitespace (`str.isspace()`), which differs from JavaScript's `\s`:
//   Python has, JavaScript lacks: U+001C..U+001F (file/group/record/unit separators), U+0085 (NEL)
//   JavaScript has, Python lacks: U+FEFF (zero width no-break space, the BOM)
// Using JavaScript's `\s` would silently change token counts on such text.


// Every code point c with chr(c).isspace() true in Python 3.11 (Unicode 14.0), found by
// running Python over 0..0x10FFFF (test/fixtures/make_squad_reference.py writes the list;
// test/metrics-squad.test.ts checks this class against it for every code point).
// Python's `re` `\s` on str patterns uses the same predicate (Py_UNICODE_ISSPACE).
const PYTHON_WHITESPACE_CLASS =
  "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const ONE_PYTHON_WHITESPACE = new RegExp(`^[${PYTHON_WHITESPACE_CLASS}]$`, "u");
const PYTHON_WHITESPACE_RUN = new RegExp(`[${PYTHON_WHITESPACE_CLASS}]+`, "u");

/**
 * Python's `str.isspace()` for one code point.
 *
 * @example isPythonWhitespace("\x1c") === true   // JavaScript's /\s/ says false
 * @example isPythonWhitespace("\ufeff") === false // JavaScript's /\s/ says true
 */
export function isPythonWhitespace(ch: string): boolean {
  const codePoint = ch.codePointAt(0);
  if (codePoint === undefined || String.fromCodePoint(codePoint).length !== ch.length) {
    throw new Error(`isPythonWhitespace expects exactly one code point (iterate a string with for...of), got ${JSON.stringify(ch)}`);
  }
  return ONE_PYTHON_WHITESPACE.test(ch);
}

/**
 * Python's `str.split()` with no arguments: split on runs of Python whitespace and
 * drop empty strings, so leading/trailing whitespace yields no tokens and "" yields [].
 *
 * @example pythonSplit("  a\x1cb  ") // ["a", "b"]
 */
export function pythonSplit(s: string): string[] {
  return s.split(PYTHON_WHITESPACE_RUN).filter((token) => token !== "");
}

/**
 * Python's `re.split(r"\s+", s)`: like pythonSplit but keeps the empty strings before
 * leading and after trailing whitespace, so it always returns at least one element.
 *
 * @example pythonRegexSplitWhitespace("  a b ") // ["", "a", "b", ""]
 * @example pythonRegexSplitWhitespace("")       // [""]
 */
export function pythonRegexSplitWhitespace(s: string): string[] {
  // JavaScript's String.prototype.split with a regex (and no capture groups) keeps
  // the leading and trailing "" exactly as Python's re.split does.
  return s.split(PYTHON_WHITESPACE_RUN);
}
