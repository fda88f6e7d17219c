/**
 * A rubric item grades only what its question gives: a number in a rubric item must be
 * one the question states, or, for a card with a generator, one a drawn problem states.
 * A number from a worked example the user never saw ("β ≈ 0.29 in the example") or a
 * result the question does not ask for is flagged.
 *
 * What counts as a number is what a question could give: a quantity such as 0.29, 1,024,
 * 7B, 4k, 16x or 80GB. Not numbers: digits inside names (bf16, GPT-4, H100, ZeRO-3,
 * FLORES-200, Llama 3, stage 2, 8-bit), citation years (Hoffmann et al. 2022), exponents
 * (10^9, D^(−0.28)), the constants 0, 1, ln 2 and sqrt(2), and the constants of a formula
 * written with a one-letter variable (6ND, 12h², (p − 1)/m, 2Ψ), which define the method
 * rather than state data.
 */
import type { Card } from "./card.js";
import { createRng } from "../stats/prng.js";
import { PROBLEM_GENERATORS } from "./problems.js";

/** One number stated in a text: its text, the number as written, and its value with any k/M/B/T scale applied ("7B": 7 and 7e9). */
export interface StatedNumber {
  text: string;
  written: number;
  value: number;
}

const SCALES: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
/** Letters that may follow a quantity directly: a scale, a multiple, or a unit. */
const QUANTITY_SUFFIX = /^(?:[kKMBT]|x|GB|GiB|MB|MiB|KB|KiB|TB|ms|s)$/;
/** Words whose following number is part of a name: model versions, stages, table numbers. */
const NAMING_WORD =
  /(?:\b(?:Llama|Gemma|OLMo|Qwen|Mistral|Mixtral|Phi|PaLM|GPT|Claude|Gemini|DeepSeek(?:-V)?|Tülu|Switch|approach|Approach|stage|Stage|stages|Table|Figure|Section|Appendix|version|eq\.|Eq\.)(?:\s*[\d.]+)?\s*|§\s*)$/;
/** A one-letter variable (Latin or Greek, optionally subscripted), the mark of a formula. */
const VARIABLE = String.raw`(?:[A-Za-zα-ωΑ-ΩΨ](?:_[A-Za-z0-9α-ω]+)?)`;
const OPERATOR = String.raw`\s*[−\-+×*/·]\s*\(?\s*`;
const VARIABLE_BEFORE = new RegExp(`(?:^|[^A-Za-zα-ωΑ-Ω])${VARIABLE}\\)?${OPERATOR}$`);
const VARIABLE_AFTER = new RegExp(`^\\)?(?:${OPERATOR}|\\s*\\(\\s*)${VARIABLE}(?![A-Za-z])`);
const LITERAL = /\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?/g;

/**
 * The numbers a text states, in order (see the module comment for what is not a number).
 *
 * @example statedNumbers("Computes 3/19 ≈ 15.8% for p = 4 with 6ND on bf16") // 3, 19, 15.8, 4
 */
export function statedNumbers(text: string): StatedNumber[] {
  const found: StatedNumber[] = [];
  for (const match of text.matchAll(LITERAL)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = text.slice(0, start);
    const after = text.slice(end);
    const letters = /^[A-Za-zα-ωΑ-ΩΨ²³]+/.exec(after)?.[0] ?? "";
    if (/(?:[A-Za-zα-ωΑ-Ω_@]|[A-Za-z][\w.−-]*[-−])$/.test(before)) continue; // inside a name: bf16, GPT-4, pass@1, Llama-2-7B
    if (/^\^/.test(after) || /\^(?:\([^)]*)?[−-]?$/.test(before)) continue; // an exponent's base or power: 10^9, 2^(6-2)
    if (letters && !QUANTITY_SUFFIX.test(letters)) continue; // 6ND, 12h², 1st: a formula or an ordinal
    if (NAMING_WORD.test(before) || /^-bit\b/.test(after)) continue; // Llama 3, stage 2, 8-bit: names
    if (/^(?:19[5-9]\d|20[0-3]\d)$/.test(match[0])) continue; // a citation year
    if (/^[01]$/.test(match[0]) || /(?:\bln|\bsqrt\(|√)\s*$/.test(before)) continue; // 0, 1, ln 2, sqrt(2): constants, not data
    if (VARIABLE_BEFORE.test(before) || VARIABLE_AFTER.test(after)) continue; // a formula's constant
    const written = Number(match[0].replace(/,/g, ""));
    found.push({ text: match[0] + (SCALES[letters] ? letters : ""), written, value: written * (SCALES[letters] ?? 1) });
  }
  return found;
}

/** Every number written in a text, names included: a question gives whatever it writes ("a 1,000-GPU run", "8-bit Adam"). */
function allNumbers(text: string): StatedNumber[] {
  return [...text.matchAll(new RegExp(`(${LITERAL.source})([kKMBT](?![A-Za-z]))?`, "g"))].map((m) => {
    const written = Number(m[1].replace(/,/g, ""));
    return { text: m[0], written, value: written * (m[2] ? SCALES[m[2]] : 1) };
  });
}

/**
 * Whether a rubric number is one of the given numbers: the same as written or in value
 * ("70B" matches "70 billion" and "7e10"), or the same share as a percentage and a fraction ("5%" and "0.05").
 */
function isGiven(number: StatedNumber, given: readonly StatedNumber[]): boolean {
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return given.some((g) =>
    [number.value, number.written].some((v) => [g.value, g.written].some((w) => same(v, w) || same(v, 100 * w) || same(100 * v, w))),
  );
}

/** How many problems are drawn from a card's generator to collect the values it can state (each list it picks from has a few items). */
const DRAWS_PER_GENERATOR = 200;

/** The numbers a card's question states, plus, for a generator card, every number its drawn problems state. */
function givenNumbers(card: Pick<Card, "question" | "generator">): StatedNumber[] {
  const given = allNumbers(card.question);
  const generate = card.generator === undefined ? undefined : PROBLEM_GENERATORS[card.generator];
  if (card.generator !== undefined && !generate) throw new Error(`no generator "${card.generator}"`); // loadBank rejects such cards first
  if (generate) for (let seed = 0; seed < DRAWS_PER_GENERATOR; seed++) given.push(...allNumbers(generate(createRng(seed)).question));
  return given;
}

/**
 * One line per rubric item that states a number the question does not give:
 * "file: field rubric[i]: 0.29 is in neither the question nor a drawn problem (hint: ...)".
 */
export function checkRubricNumbers(card: Pick<Card, "file" | "question" | "generator" | "rubric">): string[] {
  const given = givenNumbers(card);
  const where = card.generator === undefined ? "not in the question" : "in neither the question nor a drawn problem";
  const flags: string[] = [];
  card.rubric.forEach((item, i) => {
    const missing = statedNumbers(item).filter((n) => !isGiven(n, given));
    if (missing.length > 0) {
      const list = [...new Set(missing.map((n) => n.text))].join(", ");
      flags.push(`${card.file}: field rubric[${i}]: ${list} ${missing.length === 1 ? "is" : "are"} ${where} (hint: grade the step, not a number the question does not give, or state it in the question)`);
    }
  });
  return flags;
}
