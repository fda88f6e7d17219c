import { get_encoding } from "tiktoken";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { createRng } from "../src/stats/prng.js";
import { loadTiktoken, tiktokenFromRanks, type TiktokenEncodingName } from "../src/tokenizer/tiktoken-ranks.js";

// English, code, numbers, CJK, emoji, whitespace runs, contractions, mixed scripts.
const VARIED = [
  "Hello, world! It's a truly 'magnificent' day; we'll see.\n",
  "function fib(n: number): number {\n  return n < 2 ? n : fib(n - 1) + fib(n - 2);\n}\n\n\n",
  "def f(x):\n\tif x == 0:\n\t\treturn 1  # comment\n    return x * f(x - 1)\r\n",
  "π ≈ 3.14159265358979; 1,234,567.89 × 10^-3 = 1234.56789; 2024-01-01T12:00:00Z",
  "東京は日本の首都です。北京是中国的首都。서울은 한국의 수도입니다.",
  "Emoji: 😀👍🏽👩‍💻🇺🇸 ❤️ and café naïve Zürich ſ ß İstanbul",
  "    leading spaces\t\ttabs   \n\n\n   trailing   ",
  "ALLCAPS CamelCase snake_case kebab-case URL https://example.com/a/b?c=d&e=f#g",
  "Ἀρχὴ Привет мир مرحبا بالعالم שלום עולם नमस्ते",
  "<html><body class=\"x\">&amp; &lt;tag&gt;</body></html>",
  "I'M YOU'RE THEY'VE SHE'D He'Ll",
  "\u0301\u0308 lone combining marks, zero\u200Bwidth, nbsp\u00A0here, \uFEFFbom",
  // Where JavaScript's \s and Unicode White_Space disagree (U+0085 is White_Space, U+FEFF is not).
  "next\u0085line \u0085 \uFEFF] \uFEFF\uFEFF x\u0085\u0085\n",
].join("");

// Every White_Space code point (what \s means in tiktoken's Rust regex), and U+FEFF.
const WHITE_SPACE = [0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];

// The reference is OpenAI's tokenizer itself: the `tiktoken` package is its Rust crate compiled to
// WebAssembly, so its split pattern runs with Rust regex semantics. (js-tiktoken and gpt-tokenizer
// run the pattern with JavaScript's \s, and differ from it on U+0085 and U+FEFF.)
describe.each(["cl100k_base", "o200k_base"] as TiktokenEncodingName[])("tiktoken %s", (name) => {
  const reference = get_encoding(name);
  afterAll(() => reference.free());
  const expectedIds = (text: string, allowedSpecial: "all" | string[] = []) => Array.from(reference.encode(text, allowedSpecial));
  const oursPromise = loadTiktoken(name);

  it("gives tiktoken's ids on a varied text", async () => {
    const ours = await oursPromise;
    const expected = expectedIds(VARIED);
    expect(ours.encode(VARIED)).toEqual(expected);
    expect(ours.decode(expected)).toBe(VARIED);
  });

  it("gives tiktoken's ids where JavaScript's \\s differs from Unicode White_Space", async () => {
    const ours = await oursPromise;
    // tiktoken's own ids for this string (cl100k): U+0085 is bytes C2 85, then " \uFEFF" is one
    // piece, then "]".
    if (name === "cl100k_base") expect(expectedIds("\u0085 \uFEFF]")).toEqual([126, 227, 76880, 60]);
    for (const code of [...WHITE_SPACE, 0xfeff]) {
      const c = String.fromCodePoint(code);
      for (const text of [`a${c}b`, `${c}${c}x`, `x.${c}]`, `${c}\n${c}`, `word${c}`, `${c}'s`, `1${c}${c} 2`, `a ${c}`]) {
        expect(ours.encode(text), `U+${code.toString(16).padStart(4, "0")} in ${JSON.stringify(text)}`).toEqual(expectedIds(text));
      }
    }
  });

  it("gives tiktoken's ids on seeded random strings", async () => {
    const ours = await oursPromise;
    const rng = createRng(9);
    const alphabet = [...VARIED, ...WHITE_SPACE.map((code) => String.fromCodePoint(code)), "'ſ"];
    for (let trial = 0; trial < 100; trial++) {
      let text = "";
      const length = rng.nextInt(80);
      for (let i = 0; i < length; i++) text += alphabet[rng.nextInt(alphabet.length)];
      expect(ours.encode(text)).toEqual(expectedIds(text));
    }
  });

  it("handles special tokens like tiktoken", async () => {
    const ours = await oursPromise;
    const text = "a<|endoftext|>b";
    expect(ours.encode(text, { allowedSpecial: "all" })).toEqual(expectedIds(text, "all"));
    expect(ours.encode(text, { allowedSpecial: "none" })).toEqual(Array.from(reference.encode_ordinary(text)));
    expect(() => ours.encode(text)).toThrow(InputError);
    expect(ours.decode(expectedIds(text, "all"))).toBe(text);
  });
});

describe("tiktoken loading", () => {
  it("knows cl100k's well-known ids", async () => {
    const cl100k = await loadTiktoken("cl100k_base");
    expect(cl100k.encode("hello world")).toEqual([15339, 1917]);
    expect(cl100k.vocabSize).toBe(100277);
    expect(() => cl100k.decode([100256])).toThrow(InputError); // an unused id in cl100k
  });

  it("rejects unknown encodings and rank data without every byte", async () => {
    await expect(loadTiktoken("p50k_base" as TiktokenEncodingName)).rejects.toThrow(InputError);
    expect(() => tiktokenFromRanks({ pat_str: "", special_tokens: {}, bpe_ranks: "! 0 YQ== Yg==" }, ".")).toThrow(/byte 0/);
  });
});
