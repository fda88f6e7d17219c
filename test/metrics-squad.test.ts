import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRng } from "../src/stats/prng.js";
import { InputError } from "../src/errors.js";
import { isPythonWhitespace, pythonRegexSplitWhitespace, pythonSplit } from "../src/metrics/python-text.js";
import { exactMatch, normalizeAnswer, tokenF1, type SquadRules } from "../src/metrics/squad.js";

// Written by test/fixtures/make_squad_reference.py from the official SQuAD v1.1 / v2.0 scripts.
interface SquadReference {
  unicodeVersion: string;
  pythonWhitespace: number[];
  unassignedRanges: [number, number][];
  articleKeptBefore: [number, number][];
  articleKeptAfter: [number, number][];
  splitCases: { s: string; split: string[]; reSplit: string[] }[];
  cases: {
    prediction: string;
    references: string[];
    normalizedPrediction: string;
    normalizedReferences: string[];
    v1: { em: number; f1: number };
    v2: { em: number; f1: number };
  }[];
}

const reference = JSON.parse(
  readFileSync(new URL("./fixtures/squad_reference.json", import.meta.url), "utf8"),
) as SquadReference;

function inRanges(ranges: [number, number][]): (c: number) => boolean {
  const set = new Set<number>();
  for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) set.add(c);
  return (c) => set.has(c);
}

const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

describe("python-text", () => {
  it("isPythonWhitespace agrees with Python's str.isspace() on every code point", () => {
    const python = new Set(reference.pythonWhitespace);
    const disagreements: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (isPythonWhitespace(String.fromCodePoint(c)) !== python.has(c)) disagreements.push(c.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it("differs from JavaScript's \\s where Python does", () => {
    for (const ch of ["\x1c", "\x1d", "\x1e", "\x1f", "\x85"]) {
      expect(isPythonWhitespace(ch)).toBe(true);
      expect(/\s/.test(ch)).toBe(false);
    }
    expect(isPythonWhitespace("\ufeff")).toBe(false);
    expect(/\s/.test("\ufeff")).toBe(true);
    expect(isPythonWhitespace("\u200b")).toBe(false);
  });

  it("isPythonWhitespace rejects anything but one code point", () => {
    expect(() => isPythonWhitespace("")).toThrow(/expects exactly one code point/);
    expect(() => isPythonWhitespace("ab")).toThrow(/expects exactly one code point/);
    expect(isPythonWhitespace("😀")).toBe(false); // one code point, two UTF-16 units
  });

  it("pythonSplit and pythonRegexSplitWhitespace match str.split() and re.split(r'\\s+')", () => {
    for (const { s, split, reSplit } of reference.splitCases) {
      expect(pythonSplit(s), JSON.stringify(s)).toEqual(split);
      expect(pythonRegexSplitWhitespace(s), JSON.stringify(s)).toEqual(reSplit);
    }
    expect(pythonSplit("")).toEqual([]);
    expect(pythonRegexSplitWhitespace("")).toEqual([""]);
    expect(pythonRegexSplitWhitespace("  a b ")).toEqual(["", "a", "b", ""]);
  });
});

describe("normalizeAnswer", () => {
  it("follows the script's steps on worked examples", () => {
    // lower -> "the  cat's   hat!"; drop ' and ! -> "the  cats   hat"; "the" -> " "; collapse.
    expect(normalizeAnswer("The  Cat's   hat!")).toBe("cats hat");
    // Punctuation goes before articles, so "the-end" becomes the one word "theend".
    expect(normalizeAnswer("the-end")).toBe("theend");
    expect(normalizeAnswer("A.")).toBe("");
    expect(normalizeAnswer("An apple a day")).toBe("apple day");
    expect(normalizeAnswer("theatre")).toBe("theatre");
    expect(normalizeAnswer("")).toBe("");
  });

  it("uses Python's Unicode-aware word boundaries, not JavaScript's ASCII \\b", () => {
    // é is a word character for Python: "theé" is one word, the article stays.
    expect(normalizeAnswer("theé")).toBe("theé");
    expect(normalizeAnswer("éthe")).toBe("éthe");
    // A combining mark is not a word character: "the" + U+0301 loses "the".
    expect(normalizeAnswer("the\u0301 cat")).toBe("\u0301 cat");
    expect(normalizeAnswer("東京the")).toBe("東京the");
    expect(normalizeAnswer("½the")).toBe("½the");
    expect(normalizeAnswer("😀the😀")).toBe("😀 😀");
  });

  it("lower-cases like Python's str.lower() (İ, final sigma)", () => {
    expect(normalizeAnswer("İ")).toBe("i\u0307");
    expect(normalizeAnswer("ΟΔΟΣ")).toBe("οδος");
    expect(normalizeAnswer("ΣΑΣ ΣΟΣ.")).toBe("σας σος");
  });

  it("treats an article next to each code point as Python's \\b does, for every code point", () => {
    // Code points unassigned in Python's Unicode version are skipped: JavaScript's newer
    // Unicode data may already call them letters.
    const unassigned = inRanges(reference.unassignedRanges);
    const keptBefore = inRanges(reference.articleKeptBefore);
    const keptAfter = inRanges(reference.articleKeptAfter);
    const disagreements: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (isSurrogate(c) || unassigned(c)) continue;
      const ch = String.fromCodePoint(c);
      if (normalizeAnswer("a" + ch).startsWith("a") !== keptBefore(c)) disagreements.push(`a+${c.toString(16)}`);
      if (normalizeAnswer(ch + "a").endsWith("a") !== keptAfter(c)) disagreements.push(`${c.toString(16)}+a`);
    }
    expect(disagreements).toEqual([]);
  });
});

describe("exactMatch and tokenF1 against the official scripts", () => {
  it(`agree on every case, both rule sets (Python Unicode ${reference.unicodeVersion})`, () => {
    expect(reference.cases.length).toBeGreaterThan(400);
    for (const c of reference.cases) {
      const label = JSON.stringify([c.prediction, c.references]);
      expect(normalizeAnswer(c.prediction), label).toBe(c.normalizedPrediction);
      expect(c.references.map(normalizeAnswer), label).toEqual(c.normalizedReferences);
      for (const [rules, expected] of [["squad-v1", c.v1], ["squad-v2", c.v2]] as [SquadRules, typeof c.v1][]) {
        expect(exactMatch(c.prediction, c.references, { rules }), `${rules} EM ${label}`).toBe(expected.em);
        expect(tokenF1(c.prediction, c.references, { rules }), `${rules} F1 ${label}`).toBe(expected.f1);
      }
    }
  });
});

describe("exactMatch and tokenF1 worked examples", () => {
  it("computes F1 over the multiset token overlap", () => {
    // pred "the cat sat" -> [cat, sat]; ref "a cat sat down" -> [cat, sat, down]
    // overlap 2, P = 2/2 = 1, R = 2/3, F1 = 2 * 1 * (2/3) / (1 + 2/3) = (4/3) / (5/3) = 0.8
    expect(tokenF1("the cat sat", "a cat sat down")).toBeCloseTo(0.8, 15);
    expect(exactMatch("the cat sat", "a cat sat down")).toBe(0);
    // Counter overlap: pred [cat, cat, cat] vs ref [cat] shares min(3, 1) = 1 token.
    // P = 1/3, R = 1/1, F1 = 2 * (1/3) / (4/3) = 0.5
    expect(tokenF1("cat cat cat", "cat")).toBeCloseTo(0.5, 15);
    // pred [cat, dog, cat] vs ref [dog, cat, dog]: overlap min(2,1) + min(1,2) = 2; P = R = 2/3.
    expect(tokenF1("cat dog cat", "dog cat dog")).toBeCloseTo(2 / 3, 15);
    expect(tokenF1("black cat", "white dog")).toBe(0);
  });

  it("takes the max over references", () => {
    expect(exactMatch("The Eiffel Tower!", ["Paris", "eiffel tower"])).toBe(1);
    // "cat" alone: P = 1, R = 1 -> 1; beats 0.8 from the first reference.
    expect(tokenF1("the cat", ["a cat sat", "cat"])).toBe(1);
    expect(tokenF1("the cat sat", ["dog", "a cat sat down"])).toBeCloseTo(0.8, 15);
  });

  it("scores empty answers as each script does", () => {
    // v1.1: EM compares normalized strings ("" === "" -> 1), F1 has no overlap -> 0.
    expect(exactMatch("", [""])).toBe(1);
    expect(tokenF1("", [""])).toBe(0);
    expect(tokenF1("the", ["a."])).toBe(0);
    // v2.0: no tokens on both sides scores 1, on one side 0.
    expect(tokenF1("", [""], { rules: "squad-v2" })).toBe(1);
    expect(tokenF1("the", ["a."], { rules: "squad-v2" })).toBe(1);
    expect(tokenF1("Paris", [""], { rules: "squad-v2" })).toBe(0);
    expect(tokenF1("", ["Paris"], { rules: "squad-v2" })).toBe(0);
    // v2.0 drops references that normalize to "" when others remain.
    expect(exactMatch("", ["", "Paris"], { rules: "squad-v2" })).toBe(0);
    expect(exactMatch("", ["", "Paris"], { rules: "squad-v1" })).toBe(1);
    expect(tokenF1("Paris", ["!!", "Paris"], { rules: "squad-v2" })).toBe(1);
  });

  it("rejects missing references and bad arguments with InputError", () => {
    expect(() => exactMatch("a", [])).toThrow(InputError);
    expect(() => tokenF1("a", [], { rules: "squad-v2" })).toThrow(/references/);
    expect(() => tokenF1("a", ["b", 3 as unknown as string])).toThrow(/references\[1\]/);
    expect(() => exactMatch(null as unknown as string, ["b"])).toThrow(/prediction/);
    expect(() => tokenF1("a", ["a"], { rules: "squad-v3" as SquadRules })).toThrow(/squad-v3/);
  });
});

describe("tokenF1 properties", () => {
  /** Uniform numbers in [0, 1) from the project's seeded generator, so failures reproduce. */
  function rng(seed: number): () => number {
    const generator = createRng(seed);
    return () => generator.nextFloat();
  }
  const pieces = ["the", "a", "An", "cat", "Cat", "dog", "é", "東京", "x", "1", "!", ".", " ", "\u00a0", "\x1c", "-"];
  const randomAnswer = (next: () => number) => {
    let s = "";
    const length = Math.floor(next() * 8);
    for (let i = 0; i < length; i++) s += pieces[Math.floor(next() * pieces.length)] + (next() < 0.6 ? " " : "");
    return s;
  };

  it("F1 in [0, 1], symmetric for one reference, EM = 1 implies F1 = 1 for non-empty answers", () => {
    const next = rng(7);
    for (let trial = 0; trial < 2000; trial++) {
      const pred = randomAnswer(next);
      const ref = randomAnswer(next);
      for (const rules of ["squad-v1", "squad-v2"] as const) {
        const f1 = tokenF1(pred, ref, { rules });
        expect(f1).toBeGreaterThanOrEqual(0);
        expect(f1).toBeLessThanOrEqual(1);
        expect(tokenF1(ref, pred, { rules })).toBe(f1);
        if (exactMatch(pred, ref, { rules }) === 1 && normalizeAnswer(pred) !== "") expect(f1).toBe(1);
      }
    }
  });
});
