import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadBank } from "../src/drill/bank.js";
import { AREAS, parseCard } from "../src/drill/card.js";

const { cards, problems } = loadBank();
const sourceQuestions = parseYaml(readFileSync(new URL("../content/source-questions.yaml", import.meta.url), "utf8")) as Array<{
  source: string;
  area: string;
  question: string;
}>;

describe("the question bank", () => {
  it("has no invalid card", () => {
    expect(problems).toEqual([]);
  });

  it("has at least 14 cards in every area and 220 in all, with unique ids", () => {
    for (const area of AREAS) expect(cards.filter((c) => c.area === area).length, area).toBeGreaterThanOrEqual(14);
    expect(cards.length).toBeGreaterThanOrEqual(220);
    // Unique because loadBank rejects a card whose id is not its own "<area>/<file name>":
    expect(problems.some((p) => p.includes("field id"))).toBe(false);
    expect(new Set(cards.map((c) => c.id)).size).toBe(cards.length);
  });

  it.each(sourceQuestions)("asks the source question in its own words: $question", ({ area, question, source }) => {
    const card = cards.find((c) => c.question === question);
    expect(card, question).toBeDefined();
    expect(card?.area).toBe(area);
    expect(card?.source).toBe(source);
  });
});

describe("parseCard", () => {
  const answer = Array.from({ length: 150 }, (_, i) => `word${i}`).join(" ");
  const valid = `---
id: objectives/example
area: objectives
title: An example
kind: concept
difficulty: 2
rubric: [one point, another point, a third point]
followups:
  - { question: "Why?", answer: "Because." }
  - { question: "How?", answer: "Like this." }
pitfalls: [a pitfall]
---

## Question

What is it?

## Answer

${answer}
`;

  it("reads the front matter, the question and the answer", () => {
    const card = parseCard(valid, "x.md");
    expect(card.question).toBe("What is it?");
    expect(card.answer).toBe(answer);
    expect(card.related).toEqual([]);
    expect(card.difficulty).toBe(2);
  });

  it("names the file and field of the first problem", () => {
    expect(() => parseCard(valid.replace("difficulty: 2", "difficulty: 4"), "x.md")).toThrow("x.md: field difficulty: must be 1, 2 or 3");
    expect(() => parseCard(valid.replace("rubric: [one point, another point, a third point]", "rubric: [one]"), "x.md")).toThrow(
      "x.md: field rubric: needs 3 to 6 key points",
    );
    expect(() => parseCard(valid.replace("## Answer", "## Reply"), "x.md")).toThrow("x.md: field answer: missing");
    expect(() => parseCard(valid.replace(answer, "too short"), "x.md")).toThrow("x.md: field answer: 2 words");
    expect(() => parseCard(valid.replace("title: An example", "title: [unclosed"), "x.md")).toThrow(/^x\.md:\d+: front matter is not valid YAML/);
    expect(() => parseCard("no front matter", "x.md")).toThrow("x.md: no YAML front matter");
  });
});
