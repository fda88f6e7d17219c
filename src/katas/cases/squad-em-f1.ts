/**
 * normalize_answer(s), exact_match(prediction, ground_truths) and f1_score(prediction,
 * ground_truths) as the official SQuAD v1.1 script computes them. Expected values from
 * src/metrics/squad.ts. Answers here are ASCII, where Python's and JavaScript's \b and
 * whitespace agree, so that a solution in either language can follow the script literally.
 */
import { exactMatch, normalizeAnswer, tokenF1 } from "../../metrics/squad.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";

const FUNCTIONS = ["normalize_answer", "exact_match", "f1_score"] as const;

const WORDS = ["Eiffel", "tower", "Paris", "the", "a", "an", "New", "York", "city", "1,000", "U.S.", "don't", "state-of-the-art", "Dr.", "river", "Nile", "(born", "1879)", "anthem", "theory", "A"];
const SPACES = [" ", " ", " ", "  ", "\t", "\n"];

const words = (rng: Rng, count: number) => Array.from({ length: count }, () => pick(rng, WORDS));
const join = (rng: Rng, tokens: string[]) => tokens.map((t, i) => (i === 0 ? t : pick(rng, SPACES) + t)).join("");

/** A prediction near `gold`: words dropped, added, duplicated, recased or punctuated. */
function perturb(rng: Rng, gold: string): string {
  let tokens = gold.split(/\s+/).filter(Boolean);
  const edits = integer(rng, 0, 3);
  for (let e = 0; e < edits; e++) {
    const at = integer(rng, 0, tokens.length);
    const edit = integer(rng, 0, 5);
    if (edit === 0 && tokens.length > 1) tokens = tokens.filter((_, i) => i !== at);
    else if (edit === 1) tokens.splice(at, 0, pick(rng, WORDS));
    else if (edit === 2 && at < tokens.length) tokens.splice(at, 0, tokens[at]);
    else if (edit === 3) tokens.splice(at, 0, pick(rng, ["the", "The", "a", "An"]));
    else if (edit === 4) tokens = tokens.map((t) => (rng.nextFloat() < 0.5 ? t.toUpperCase() : t.toLowerCase()));
    else if (at < tokens.length) tokens[at] += pick(rng, [".", ",", "!", "'s", "?"]);
  }
  return join(rng, tokens);
}

const call = (fn: string, args: (string | string[])[], name?: string): KataCase => ({ fn, args, ...(name ? { name } : {}) });
const args = (c: KataCase) => c.args as [string, string[]];

// ---------------------------------------------------------------------------------------
// The mistakes, on ASCII text: the script's pipeline with one step changed.

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

interface Variant {
  removeArticles: boolean;
  punctuationBecomes: "" | " ";
  overlap: "multiset" | "set";
  golds: "max" | "first";
}
const SCRIPT: Variant = { removeArticles: true, punctuationBecomes: "", overlap: "multiset", golds: "max" };

function normalizeWith(s: string, v: Variant): string {
  let text = s.toLowerCase().replace(PUNCTUATION, v.punctuationBecomes);
  if (v.removeArticles) text = text.replace(/\b(a|an|the)\b/g, " ");
  return text.split(/\s+/).filter(Boolean).join(" ");
}

function overlapOf(pred: string[], gold: string[], kind: Variant["overlap"]): number {
  if (kind === "set") return [...new Set(pred)].filter((t) => gold.includes(t)).length;
  const remaining = [...gold];
  return pred.filter((t) => {
    const at = remaining.indexOf(t);
    if (at >= 0) remaining.splice(at, 1);
    return at >= 0;
  }).length;
}

function f1With(pred: string[], gold: string[], kind: Variant["overlap"]): number {
  const common = overlapOf(pred, gold, kind);
  if (common === 0) return 0;
  const precision = common / pred.length;
  const recall = common / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** What a solution with variant `v` of the script returns for case `c`. */
function scoreWith(c: KataCase, v: Variant): number | string {
  if (c.fn === "normalize_answer") return normalizeWith(c.args[0] as string, v);
  const [prediction, groundTruths] = args(c);
  const golds = v.golds === "first" ? groundTruths.slice(0, 1) : groundTruths;
  const pred = normalizeWith(prediction, v);
  const scores = golds.map((gold) => {
    const g = normalizeWith(gold, v);
    if (c.fn === "exact_match") return pred === g ? 1 : 0;
    return f1With(pred.split(" ").filter(Boolean), g.split(" ").filter(Boolean), v.overlap);
  });
  return Math.max(...scores);
}

const generator: CaseGenerator = {
  random(rng, i) {
    const fn = FUNCTIONS[i % 3];
    const golds = Array.from({ length: integer(rng, 1, 3) }, () => join(rng, words(rng, integer(rng, 1, 5))));
    const prediction = rng.nextFloat() < 0.8 ? perturb(rng, pick(rng, golds)) : join(rng, words(rng, integer(rng, 1, 4)));
    return fn === "normalize_answer" ? call(fn, [prediction]) : call(fn, [prediction, golds]);
  },
  edges: () => [
    call("normalize_answer", ["  The Cat's\tHAT, a  story!  "], "articles, punctuation, case and spaces"),
    call("normalize_answer", ["state-of-the-art"], "hyphenated words"),
    call("exact_match", ["The Eiffel Tower.", ["Eiffel tower"]], "articles and punctuation differ"),
    call("f1_score", ["bang bang", ["bang bang bang"]], "repeated tokens"),
    call("f1_score", ["New York City", ["York", "new york city council"]], "the best match is not the first answer"),
    call("exact_match", ["Nile", ["the river Nile", "Nile"]], "exact match with the second answer"),
    call("f1_score", ["the", ["a"]], "answers that normalize to nothing"),
    call("exact_match", ["An", ["the"]], "exact match of empty normalizations"),
    call("f1_score", ["Paris", ["London"]], "no overlap"),
  ],
  expected(c) {
    if (c.fn === "normalize_answer") return normalizeAnswer(c.args[0] as string);
    const [prediction, groundTruths] = args(c);
    return c.fn === "exact_match" ? exactMatch(prediction, groundTruths) : tokenF1(prediction, groundTruths);
  },
  bugs: {
    // len(set(pred) & set(gold)): a repeated token counts once.
    "set-overlap": (c) => (c.fn === "f1_score" ? scoreWith(c, { ...SCRIPT, overlap: "set" }) : undefined),
    "articles-kept": (c) => scoreWith(c, { ...SCRIPT, removeArticles: false }),
    // "state-of-the-art" -> "state of the art" -> "state of art"; the script deletes punctuation.
    "punctuation-to-space": (c) => scoreWith(c, { ...SCRIPT, punctuationBecomes: " " }),
    "first-answer-only": (c) => (c.fn === "normalize_answer" ? undefined : scoreWith(c, { ...SCRIPT, golds: "first" })),
  },
};

export default generator;
