// String order by Unicode code point, which equals the byte order of UTF-8 (C's strcmp on
// UTF-8 text) and Python's str ordering; shared by rankings and slice tables.

/**
 * Compare two strings by Unicode code point, the order strcmp gives on their UTF-8 bytes.
 * Returns a negative number, 0 or a positive number, like a sort comparator.
 *
 * JavaScript's `<` compares UTF-16 code units instead, which puts U+E000..U+FFFF
 * after astral characters (stored as surrogates 0xD800..0xDFFF); UTF-8 puts them before.
 *
 * @example compareCodePoints("B", "a") < 0            // 0x42 < 0x61
 * @example compareCodePoints("\uFF21", "\u{1F600}") < 0 // EF BC A1 < F0 9F 98 80, though "\uFF21" > "\u{1F600}" in JS
 */
export function compareCodePoints(a: string, b: string): number {
  // Both strings are identical before index i, so they agree on where code points start.
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
  }
  // One is a prefix of the other: the shorter sorts first, as strcmp sees its NUL first.
  return a.length - b.length;
}
