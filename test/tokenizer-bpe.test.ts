import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { createRng, type Rng } from "../src/stats/prng.js";
import { createBpeTokenizer, loadBpe, saveBpe, trainBpe, type BpeModel } from "../src/tokenizer/bpe.js";
import { mergeDirect, mergeWithHeap, pairKey } from "../src/tokenizer/merge.js";
import { GPT4_SPLIT_PATTERN, splitText } from "../src/tokenizer/split-pattern.js";

interface MinbpeReference {
  text: string;
  vocabSize: number;
  probes: string[];
  cases: Array<{ pattern: "gpt4" | "none"; merges: Array<[number, number]>; encodings: number[][] }>;
}
const reference = JSON.parse(readFileSync(new URL("./fixtures/minbpe_reference.json", import.meta.url), "utf8")) as MinbpeReference;

// Code points a round trip must survive: ASCII, Latin-1, combining marks (also alone),
// CJK, Hangul, emoji with skin tone and ZWJ, RTL, BOM, NUL and other controls, private use.
const ALPHABET = [..."aZ09 \t\n\r.,'!?-_~", "é", "ß", "ſ", "\u0301", "\u0308", "東", "京", "語", "한", "😀", "👍🏽", "👩‍💻", "𝔘", "ש", "\uFEFF", "\u0000", "\u0085", "\u2028", "\uE000", "\uFFFF"];

function randomText(rng: Rng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[rng.nextInt(ALPHABET.length)];
  return s;
}

describe("byte-level BPE training (minbpe)", () => {
  it("reproduces minbpe's worked example: aaabdaaabac, 3 merges → [258, 100, 258, 97, 99]", () => {
    const model = trainBpe("aaabdaaabac", { vocabSize: 256 + 3, pattern: null });
    expect(model.merges).toEqual([[97, 97], [256, 97], [257, 98]]);
    const tok = createBpeTokenizer(model);
    expect(tok.encode("aaabdaaabac")).toEqual([258, 100, 258, 97, 99]);
    expect(tok.decode([258, 100, 258, 97, 99])).toBe("aaabdaaabac");
  });

  for (const c of reference.cases) {
    it(`learns minbpe's merges and encodings (pattern ${c.pattern}, ${reference.vocabSize - 256} merges)`, () => {
      const pattern = c.pattern === "gpt4" ? GPT4_SPLIT_PATTERN : null;
      const model = trainBpe(reference.text, { vocabSize: reference.vocabSize, pattern });
      expect(model.merges).toEqual(c.merges);
      const tok = createBpeTokenizer(model);
      reference.probes.forEach((probe, i) => expect(tok.encode(probe)).toEqual(c.encodings[i]));
    });
  }

  it("stops early when no pair is left and merges non-overlapping runs left to right", () => {
    expect(trainBpe("ab", { vocabSize: 300, pattern: null }).merges).toEqual([[97, 98]]);
    expect(trainBpe("", { vocabSize: 300 }).merges).toEqual([]);
    // "aaaaa": (a,a)→256 gives [256, 256, a]; then (256,256)→257 gives [257, a]; then (257, a).
    const model = trainBpe("aaaaa", { vocabSize: 300, pattern: null });
    expect(model.merges).toEqual([[97, 97], [256, 256], [257, 97]]);
    expect(createBpeTokenizer(model).encode("aaa")).toEqual([256, 97]);
  });

  it("never merges across split-pattern pieces", () => {
    const model = trainBpe("ab ab ab ab", { vocabSize: 270 });
    const tok = createBpeTokenizer(model);
    for (const [a, b] of model.merges) {
      expect(tok.decode([a, b])).toMatch(/^(?:ab| ab| a|ab)$/);
    }
  });

  it("rejects a bad vocabSize or pattern", () => {
    expect(() => trainBpe("abc", { vocabSize: 255 })).toThrow(InputError);
    expect(() => trainBpe("abc", { vocabSize: 300.5 })).toThrow(InputError);
    expect(() => trainBpe("abc", { vocabSize: 300, pattern: "(" })).toThrow(InputError);
  });
});

describe("byte-level BPE encoding and decoding", () => {
  const trainingText = randomText(createRng(11), 3000);
  const models: Array<[string, BpeModel]> = [
    ["gpt4 split", trainBpe(trainingText, { vocabSize: 400 })],
    ["no split", trainBpe(trainingText, { vocabSize: 400, pattern: null })],
  ];

  for (const [name, model] of models) {
    it(`round-trips seeded random Unicode strings (${name})`, () => {
      const tok = createBpeTokenizer(model);
      const rng = createRng(5);
      for (let trial = 0; trial < 200; trial++) {
        const text = randomText(rng, rng.nextInt(60));
        const ids = tok.encode(text);
        expect(tok.decode(ids)).toBe(text);
        expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 400)).toBe(true);
      }
      // A long text goes through the heap merge (pieces over 256 bytes).
      const long = randomText(rng, 2000);
      expect(tok.decode(tok.encode(long))).toBe(long);
    });
  }

  it("encodes lone surrogates as U+FFFD, as TextEncoder and tiktoken do", () => {
    const tok = createBpeTokenizer(models[0][1]);
    expect(tok.decode(tok.encode("a\uD800b\uDC00"))).toBe("a\uFFFDb\uFFFD");
    expect(tok.decodeBytes(tok.encode("\uD83D"))).toEqual(Uint8Array.of(0xef, 0xbf, 0xbd));
  });

  it("decodes a split multi-byte character to U+FFFD and rejects unknown ids", () => {
    const tok = createBpeTokenizer({ pattern: null, merges: [], specialTokens: {} });
    const ids = tok.encode("é"); // [0xC3, 0xA9]
    expect(ids).toEqual([0xc3, 0xa9]);
    expect(tok.decode([ids[0]])).toBe("\uFFFD");
    expect(() => tok.decode([256])).toThrow(InputError);
    expect(() => tok.decode([-1])).toThrow(InputError);
  });

  it("merges exactly like the direct loop when the heap loop is used (seeded random merge tables)", () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 50; trial++) {
      const merges = new Map<number, number>();
      let id = 4;
      for (let m = 0; m < 30; m++) merges.set(pairKey(rng.nextInt(id), rng.nextInt(id)), id++);
      const input = Int32Array.from({ length: 1 + rng.nextInt(300) }, () => rng.nextInt(4));
      const a = input.slice();
      const b = input.slice();
      const na = mergeDirect(a, a.length, merges);
      const nb = mergeWithHeap(b, b.length, merges);
      expect(Array.from(b.subarray(0, nb))).toEqual(Array.from(a.subarray(0, na)));
    }
  });
});

describe("special tokens", () => {
  const base = trainBpe("hello world, hello there", { vocabSize: 270 });
  const model: BpeModel = { ...base, specialTokens: { "<|endoftext|>": 270, "<|end|>": 271 } };
  const tok = createBpeTokenizer(model);
  const text = "hello<|endoftext|> world<|end|>";

  it('raises by default ("none-raise") when the text contains a special token', () => {
    expect(() => tok.encode(text)).toThrow(InputError);
  });

  it('"all" maps special texts to their ids and decodes them back', () => {
    const ids = tok.encode(text, { allowedSpecial: "all" });
    expect(ids.filter((id) => id >= 270)).toEqual([270, 271]);
    expect(tok.decode(ids)).toBe(text);
    expect(tok.vocabSize).toBe(272);
  });

  it('"none" and lists: unlisted special texts are ordinary text', () => {
    const none = tok.encode(text, { allowedSpecial: "none" });
    expect(none.some((id) => id >= 270)).toBe(false);
    expect(tok.decode(none)).toBe(text);
    const some = tok.encode(text, { allowedSpecial: ["<|end|>"] });
    expect(some.filter((id) => id >= 270)).toEqual([271]);
    expect(tok.decode(some)).toBe(text);
    expect(() => tok.encode(text, { allowedSpecial: ["<|nope|>"] })).toThrow(InputError);
  });

  it("rejects special ids that collide with merged tokens or each other", () => {
    expect(() => createBpeTokenizer({ ...base, specialTokens: { "<|x|>": 260 } })).toThrow(InputError);
    expect(() => createBpeTokenizer({ ...base, specialTokens: { "<|x|>": 300, "<|y|>": 300 } })).toThrow(InputError);
  });
});

describe("save and load", () => {
  it("round-trips a model through the documented JSON format", () => {
    const model: BpeModel = { ...trainBpe("the cat sat on the mat", { vocabSize: 280 }), specialTokens: { "<|endoftext|>": 280 } };
    const json = saveBpe(model);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(parsed.format).toBe("lmdojo-bpe");
    expect(parsed.version).toBe(1);
    expect(parsed.pattern).toBe(GPT4_SPLIT_PATTERN);
    const loaded = loadBpe(json);
    expect(loaded).toEqual(model);
    const text = "the mat sat<|endoftext|>";
    expect(createBpeTokenizer(loaded).encode(text, { allowedSpecial: "all" })).toEqual(createBpeTokenizer(model).encode(text, { allowedSpecial: "all" }));
    expect(loadBpe(saveBpe({ pattern: null, merges: [[97, 97]], specialTokens: {} })).pattern).toBeNull();
  });

  it("rejects malformed files with InputError naming the field", () => {
    const good = JSON.parse(saveBpe({ pattern: null, merges: [[97, 98]], specialTokens: {} })) as Record<string, unknown>;
    expect(() => loadBpe("{")).toThrow(InputError);
    expect(() => loadBpe(JSON.stringify({ ...good, format: "other" }))).toThrow(/format/);
    expect(() => loadBpe(JSON.stringify({ ...good, version: 2 }))).toThrow(/version/);
    expect(() => loadBpe(JSON.stringify({ ...good, merges: [[97, 256]] }))).toThrow(/merges\[0\]/);
    expect(() => loadBpe(JSON.stringify({ ...good, merges: [[97, 98], [97, 98]] }))).toThrow(/repeats/);
    expect(() => loadBpe(JSON.stringify({ ...good, specialTokens: { x: 1 } }))).toThrow(/special token/);
    expect(() => loadBpe(JSON.stringify({ ...good, pattern: 3 }))).toThrow(/pattern/);
  });
});

describe("GPT-4 split pattern", () => {
  it("splits contractions, letters, 1-3 digit numbers, punctuation and whitespace runs", () => {
    expect(splitText("Hello world's 1234!", GPT4_SPLIT_PATTERN)).toEqual(["Hello", " world", "'s", " ", "123", "4", "!"]);
    expect(splitText("WE'LL go\n\n  x", GPT4_SPLIT_PATTERN)).toEqual(["WE", "'LL", " go", "\n\n", " ", " x"]);
  });
});
