import { Tiktoken } from "js-tiktoken/lite";
import cl100kData from "js-tiktoken/ranks/cl100k_base";
import o200kData from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { createRng } from "../src/stats/prng.js";
import { splitText } from "../src/tokenizer/split-pattern.js";
import { loadTiktoken, TIKTOKEN_SPLIT_PATTERNS, tiktokenFromRanks, type TiktokenEncodingName } from "../src/tokenizer/tiktoken-ranks.js";

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
].join("");

const DATA = { cl100k_base: cl100kData, o200k_base: o200kData };

describe.each(["cl100k_base", "o200k_base"] as TiktokenEncodingName[])("tiktoken %s", (name) => {
  const reference = new Tiktoken(DATA[name]);
  const oursPromise = loadTiktoken(name);

  it("gives js-tiktoken's ids on a varied text", async () => {
    const ours = await oursPromise;
    const expected = reference.encode(VARIED);
    expect(ours.encode(VARIED)).toEqual(expected);
    expect(ours.decode(expected)).toBe(VARIED);
  });

  it("gives js-tiktoken's ids on seeded random strings", async () => {
    const ours = await oursPromise;
    const rng = createRng(9);
    const alphabet = [...VARIED];
    for (let trial = 0; trial < 100; trial++) {
      let text = "";
      const length = rng.nextInt(80);
      for (let i = 0; i < length; i++) text += alphabet[rng.nextInt(alphabet.length)];
      expect(ours.encode(text)).toEqual(reference.encode(text));
    }
  });

  it("splits like the package's own pattern", async () => {
    const theirs = new RegExp(DATA[name].pat_str, "gu");
    expect(splitText(VARIED, TIKTOKEN_SPLIT_PATTERNS[name])).toEqual(VARIED.match(theirs));
  });

  it("handles special tokens like js-tiktoken", async () => {
    const ours = await oursPromise;
    const text = "a<|endoftext|>b";
    expect(ours.encode(text, { allowedSpecial: "all" })).toEqual(reference.encode(text, "all"));
    expect(ours.encode(text, { allowedSpecial: "none" })).toEqual(reference.encode(text, [], []));
    expect(() => ours.encode(text)).toThrow(InputError);
    expect(ours.decode(reference.encode(text, "all"))).toBe(text);
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
