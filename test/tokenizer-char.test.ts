import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { charTokenizerFromVocab, trainCharTokenizer } from "../src/tokenizer/char.js";

describe("character tokenizer (nanoGPT shakespeare_char)", () => {
  it("uses the sorted unique characters as vocabulary, as sorted(list(set(data)))", () => {
    const tok = trainCharTokenizer("hello world\n");
    // Python: sorted(set("hello world\n")) == ['\n', ' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']
    expect(tok.vocab).toEqual(["\n", " ", "d", "e", "h", "l", "o", "r", "w"]);
    expect(tok.vocabSize).toBe(9);
    expect(tok.encode("hello")).toEqual([4, 3, 5, 5, 6]);
    expect(tok.decode([8, 6, 7, 5, 2])).toBe("world");
  });

  it("counts code points, not UTF-16 units, and sorts by code point like Python", () => {
    const tok = trainCharTokenizer("b😀a\uFF21😀");
    // U+FF21 < U+1F600 by code point, though "\uFF21" > "\u{1F600}" in UTF-16 order.
    expect(tok.vocab).toEqual(["a", "b", "\uFF21", "😀"]);
    expect(tok.encode("😀a")).toEqual([3, 0]);
    expect(tok.decode(tok.encode("ab😀\uFF21"))).toBe("ab😀\uFF21");
  });

  it("round-trips its training text", () => {
    const text = "First Citizen:\nBefore we proceed any further, hear me speak.\n";
    const tok = trainCharTokenizer(text);
    expect(tok.decode(tok.encode(text))).toBe(text);
    expect(tok.encode(text)).toHaveLength(text.length);
  });

  it("rejects unknown characters and ids with InputError", () => {
    const tok = trainCharTokenizer("abc");
    expect(() => tok.encode("abd")).toThrow(InputError);
    expect(() => tok.encode("abd")).toThrow(/"d" \(U\+0064\)/);
    expect(() => tok.decode([3])).toThrow(InputError);
    expect(() => tok.decode([-1])).toThrow(InputError);
    expect(() => tok.decode([0.5])).toThrow(InputError);
    expect(() => trainCharTokenizer("")).toThrow(InputError);
  });

  it("rebuilds from a saved vocabulary and validates it", () => {
    const tok = charTokenizerFromVocab(trainCharTokenizer("xyz").vocab);
    expect(tok.encode("zyx")).toEqual([2, 1, 0]);
    expect(() => charTokenizerFromVocab(["a", "a"])).toThrow(InputError);
    expect(() => charTokenizerFromVocab(["ab"])).toThrow(InputError);
  });
});
