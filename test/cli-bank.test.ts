import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validBank } from "../src/cli/workspace-options.js";

/** A card file in the bank's format; `rubric` lets a test break it. */
function cardFile(id: string, rubric: string): string {
  const answer = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
  return `---
id: ${id}
area: objectives
title: A card
kind: concept
difficulty: 1
rubric: ${rubric}
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
}

describe("the bank a session uses", () => {
  it("leaves out an invalid card with one warning line and keeps every other card", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "lmdojo-bank-")), "content", "cards");
    mkdirSync(join(dir, "objectives"), { recursive: true });
    writeFileSync(join(dir, "objectives", "a-good.md"), cardFile("objectives/a-good", "[one, two, three]"));
    writeFileSync(join(dir, "objectives", "b-bad.md"), cardFile("objectives/b-bad", "[only one]"));
    writeFileSync(join(dir, "objectives", "c-good.md"), cardFile("objectives/c-good", "[one, two, three]"));
    const warnings: string[] = [];
    const cards = validBank(dir, (line) => warnings.push(line));
    expect(cards.map((c) => c.id)).toEqual(["objectives/a-good", "objectives/c-good"]);
    expect(warnings).toEqual([
      "dojo: warning: content/cards/objectives/b-bad.md: field rubric: needs 3 to 6 key points (hint: see content/README.md for the card format)\n",
    ]);
  });
});
