/**
 * Decoding UTF-8 that arrives in chunks, as a model's token bytes do during generation: a
 * character may be split across chunks, so each chunk's text holds back a trailing
 * sequence that is a valid but unfinished prefix of a character, and emits it once the
 * next chunk completes it. Bytes that cannot be decoded become U+FFFD, one per "maximal
 * subpart" (the Unicode Standard's recommended practice, chapter 3, "U+FFFD Substitution of
 * Maximal Subparts"): a lead byte with the valid continuations that follow it is replaced as
 * one unit, and every byte that cannot begin a sequence (80-BF, C0, C1, F5-FF) on its own.
 * WHATWG's TextDecoder (used here, with fatal false) and Python's
 * codecs.getincrementaldecoder("utf-8")(errors="replace") both follow that practice; they
 * differ only in when an encoded surrogate (ED A0-BF ..) is replaced: TextDecoder at its
 * second byte, Python once its third byte has arrived.
 */

/**
 * The text each chunk of a UTF-8 byte stream completes, one string per chunk; the last
 * chunk ends the stream, so bytes still held then become one U+FFFD.
 *
 * @example
 * decodeUtf8Chunks([[0x68, 0x69, 0xf0], [0x9f, 0x98, 0x80]]); // ["hi", "😀"]
 */
export function decodeUtf8Chunks(chunks: ReadonlyArray<ArrayLike<number>>): string[] {
  // ignoreBOM: a leading U+FEFF is text, as in Python's "utf-8" codec (not "utf-8-sig").
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  return chunks.map((chunk, i) => decoder.decode(Uint8Array.from(chunk), { stream: i < chunks.length - 1 }));
}
