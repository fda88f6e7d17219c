import { describe, expect, it } from "vitest";
import type { Card } from "../src/drill/card.js";
import { createCardSearch, ftsQuery, snippetParts } from "../src/drill/card-search.js";

function card(id: string, fields: Partial<Card>): Card {
  const [area] = id.split("/");
  return {
    id,
    area: area as Card["area"],
    title: "A title",
    kind: "concept",
    difficulty: 1,
    rubric: ["first point", "second point", "third point"],
    followups: [],
    pitfalls: ["a pitfall"],
    related: [],
    references: [],
    question: "A question?",
    answer: "An answer.",
    file: `content/cards/${id}.md`,
    ...fields,
  };
}

const bank = [
  card("objectives/entropy", { title: "Entropy floor", answer: "The loss cannot go below the entropy of the data." }),
  card("evaluation/contamination", { question: "How do you detect contamination?", answer: "Look for n-gram overlap; entropy is not the tool." }),
  card("systems/kv-cache", { kind: "quantitative", difficulty: 3, rubric: ["sizes the KV cache", "counts layers", "counts heads"], answer: "Cache size grows with context." }),
  card("objectives/markers", { answer: "Text with \uE001 stray markers \uE002 and <script>alert(1)</script> inside." }),
  card("evaluation/ppl-title", { title: "Perplexity", difficulty: 2, answer: "A number about predicting text." }),
  card("evaluation/ppl-answer", { title: "Scores", difficulty: 2, answer: "Perplexity, and perplexity again: perplexity everywhere." }),
];

describe("snippetParts", () => {
  it("splits a snippet at its markers into plain and matched parts", () => {
    expect(snippetParts("…the \uE001loss\uE002 of \uE001loss\uE002es…")).toEqual([
      { text: "…the ", hit: false },
      { text: "loss", hit: true },
      { text: " of ", hit: false },
      { text: "loss", hit: true },
      { text: "es…", hit: false },
    ]);
    expect(snippetParts("no match")).toEqual([{ text: "no match", hit: false }]);
  });
});

describe("createCardSearch", () => {
  const search = createCardSearch(bank);

  it("ranks a title match above an answer match, and stems words", () => {
    expect(search.find({ q: "entropy" }).map((h) => h.card.id)).toEqual(["objectives/entropy", "evaluation/contamination"]);
    // One word in a one-word title outweighs the same word three times in an answer (title weight 10, answer 1).
    expect(search.find({ q: "perplexity" }).map((h) => h.card.id)).toEqual(["evaluation/ppl-title", "evaluation/ppl-answer"]);
    // porter: "sizing" and "sizes" share the stem "size"; the rubric is indexed.
    expect(search.find({ q: "sizing" }).map((h) => h.card.id)).toEqual(["systems/kv-cache"]);
  });

  it("filters by area, kind and difficulty, with or without a query", () => {
    expect(search.find({ q: "entropy", area: "evaluation" }).map((h) => h.card.id)).toEqual(["evaluation/contamination"]);
    expect(search.find({ kind: "quantitative" }).map((h) => h.card.id)).toEqual(["systems/kv-cache"]);
    expect(search.find({ difficulty: 1, area: "objectives" }).map((h) => h.card.id)).toEqual(["objectives/entropy", "objectives/markers"]);
    expect(search.find({}).map((h) => h.snippet)).toEqual(Array(bank.length).fill(null));
    expect(() => search.find({ area: "nope" })).toThrow('no area "nope"');
    expect(() => search.find({ kind: "essay" })).toThrow('no kind "essay"');
  });

  it("marks only real matches: marker characters in a card's text are not matches, markup stays text", () => {
    const [hit] = search.find({ q: "stray" });
    expect(hit.snippet?.filter((p) => p.hit)).toEqual([{ text: "stray", hit: true }]);
    expect(hit.snippet?.map((p) => p.text).join("")).toBe("Text with  stray markers  and <script>alert(1)</script> inside.");
  });

  it("searches what people type: punctuation and FTS5 operators are words, never syntax errors", () => {
    for (const q of ['"open', "AND", "entropy NOT", "nosuch: x", "(loss", "*", "c++", "what's", "O(n^2)"]) expect(() => search.find({ q })).not.toThrow();
    // Each word quoted: "kv-cache" is the phrase kv cache; a trailing * searches by prefix; quotes are doubled.
    expect(ftsQuery("  kv-cache  top* ")).toBe('"kv-cache" "top"*');
    expect(ftsQuery('say "hi"')).toBe('"say" """hi"""');
    expect(ftsQuery("*")).toBe('"*"');
  });
});
