import { describe, expect, it } from "vitest";
import { documentWindows, windowBatch } from "../src/data/document-windows.js";
import { expectBug } from "./bug-error.js";

// Documents of 4, 2, 3 and 5 tokens; with T = 2 a window holds 3 tokens, so by hand:
// doc 0 has starts 0, 1; doc 1 (too short) none; doc 2 (exactly T + 1) start 0; doc 3 starts 0, 1, 2.
const docs = [[10, 11, 12, 13], [20, 21], [30, 31, 32], [40, 41, 42, 43, 44]];

describe("documentWindows", () => {
  it("lists every start whose T + 1 tokens lie inside one document, in order", () => {
    expect(documentWindows(docs, 2)).toEqual([
      { doc: 0, start: 0 },
      { doc: 0, start: 1 },
      { doc: 2, start: 0 },
      { doc: 3, start: 0 },
      { doc: 3, start: 1 },
      { doc: 3, start: 2 },
    ]);
  });

  it("gives L − T windows per document of L tokens, none to empty or short ones", () => {
    expect(documentWindows([[], [1], [1, 2]], 1)).toEqual([{ doc: 2, start: 0 }]);
    expect(documentWindows([Array.from({ length: 100 }, (_, i) => i)], 7)).toHaveLength(93);
  });

  it("rejects a block size below 1 as a bug", () => {
    expectBug(() => documentWindows(docs, 0), /blockSize must be a whole number >= 1/);
  });
});

describe("windowBatch", () => {
  it("takes window floor(u·W) of the W = 6 windows, targets shifted by one", () => {
    // u = 0 -> window 0 (doc 0, start 0); 0.3 -> floor(1.8) = 1 (doc 0, start 1);
    // 0.4 -> floor(2.4) = 2 (doc 2, start 0); 0.999999 -> 5 (doc 3, start 2), the last one.
    const { inputs, targets } = windowBatch(docs, 2, [0, 0.3, 0.4, 0.999999]);
    expect(Array.from(inputs)).toEqual([10, 11, 11, 12, 30, 31, 42, 43]);
    expect(Array.from(targets)).toEqual([11, 12, 12, 13, 31, 32, 43, 44]);
  });

  it("rejects draws outside [0, 1) and corpora without a window as bugs", () => {
    expectBug(() => windowBatch(docs, 2, [1]), /outside \[0, 1\)/);
    expectBug(() => windowBatch([[1, 2]], 2, [0.5]), /no document has 3 tokens/);
  });
});
