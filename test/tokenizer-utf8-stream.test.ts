import { describe, expect, it } from "vitest";
import { decodeUtf8Chunks } from "../src/tokenizer/utf8-stream.js";

// Expected strings from CPython 3.11's incremental decoder, by:
//   d = codecs.getincrementaldecoder("utf-8")(errors="replace")
//   [d.decode(bytes(c), final=(i == len(chunks) - 1)) for i, c in enumerate(chunks)]
const PYTHON: Array<[string, number[][], string[]]> = [
  ["an emoji split 1+3", [[0x68, 0x69, 0xf0], [0x9f, 0x98, 0x80, 0x21]], ["hi", "\u{1f600}!"]],
  ["an emoji split 2+2", [[0xf0, 0x9f], [0x98, 0x80]], ["", "\u{1f600}"]],
  ["a held lead byte, then an invalid continuation", [[0x61, 0xc3], [0x28, 0x62]], ["a", "\ufffd(b"]],
  ["lone continuation bytes", [[0x80, 0x41, 0xbf]], ["\ufffdA\ufffd"]],
  ["a sequence cut off by the end of the stream", [[0x41, 0xe2], [0x82]], ["A", "\ufffd"]],
  ["E0 followed by 80 (overlong), replaced at once", [[0x41, 0xe0, 0x80], [0x42]], ["A\ufffd\ufffd", "B"]],
  ["F4 90 .. (beyond U+10FFFF)", [[0xf4, 0x90, 0x80, 0x80]], ["\ufffd\ufffd\ufffd\ufffd"]],
  ["C0 never starts a sequence", [[0xc0], [0x80]], ["\ufffd", "\ufffd"]],
  ["empty chunks", [[], [0xe2], [], [0x82, 0xac]], ["", "", "", "\u20ac"]],
  ["no chunks", [], []],
  ["a byte order mark is text", [[0xef, 0xbb], [0xbf, 0x41]], ["", "\ufeffA"]],
];

describe("decodeUtf8Chunks", () => {
  it.each(PYTHON)("agrees with Python's incremental decoder: %s", (_, chunks, strings) => {
    expect(decodeUtf8Chunks(chunks)).toEqual(strings);
  });

  it("emits the same text in all as decoding the stream at once", () => {
    const bytes = Array.from(new TextEncoder().encode("añ€😀 한국어"));
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeUtf8Chunks([bytes.slice(0, cut), bytes.slice(cut)]).join("")).toBe("añ€😀 한국어");
    }
  });
});
