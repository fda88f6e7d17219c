import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GPT4_SPLIT_PATTERN, O200K_SPLIT_PATTERN, splitText } from "../src/tokenizer/split-pattern.js";

interface SplitReference {
  texts: string[];
  cl100k: string[][];
  o200k: string[][];
}
const reference = JSON.parse(readFileSync(new URL("./fixtures/split_reference.json", import.meta.url), "utf8")) as SplitReference;

describe("split patterns rewritten for JavaScript", () => {
  it("GPT4_SPLIT_PATTERN splits like the original (possessive, (?i:)) cl100k pattern in Python's regex", () => {
    reference.texts.forEach((text, i) => expect(splitText(text, GPT4_SPLIT_PATTERN)).toEqual(reference.cl100k[i]));
  });

  it("O200K_SPLIT_PATTERN splits like tiktoken's o200k pattern in Python's regex", () => {
    reference.texts.forEach((text, i) => expect(splitText(text, O200K_SPLIT_PATTERN)).toEqual(reference.o200k[i]));
  });

  it("covers every character: the pieces concatenate back to the text", () => {
    for (const text of reference.texts) {
      expect(splitText(text, GPT4_SPLIT_PATTERN).join("")).toBe(text);
      expect(splitText(text, O200K_SPLIT_PATTERN).join("")).toBe(text);
    }
  });

  it("keeps CamelCase apart in o200k but not in cl100k", () => {
    expect(splitText("CamelCase", O200K_SPLIT_PATTERN)).toEqual(["Camel", "Case"]);
    expect(splitText("CamelCase", GPT4_SPLIT_PATTERN)).toEqual(["CamelCase"]);
  });
});
