/**
 * Quantitative cards whose numbers are drawn fresh on each review: a card names a
 * generator (front matter `generator: <id>`), the generator draws sizes with a seeded
 * generator and computes the answer with src/systems, and the user's number is checked
 * within the problem's stated relative tolerance. Back-of-envelope answers are judged as
 * interviewers judge them: right order and leading digits, not every decimal.
 */
import type { Rng } from "../stats/prng.js";

/** One drawn problem. */
export interface QuantitativeProblem {
  /** The question with its numbers, e.g. "7.5B parameters, ZeRO stage 2 over 64 GPUs: GB per GPU?" */
  question: string;
  /** The exact answer in `unit`. */
  answer: number;
  /** Unit the user answers in, e.g. "GB", "%", "days". */
  unit: string;
  /** Accepted relative error, e.g. 0.1 for ±10%. */
  tolerance: number;
  /** The worked solution: formula, substitution, result. */
  solution: string;
}

/** Draws a problem; the same generator state gives the same problem. */
export type ProblemGenerator = (rng: Rng) => QuantitativeProblem;

const SUFFIXES: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };
/** Units that are themselves a scale: an answer of "32B" in "billion parameters" is 32. */
const UNIT_SCALES: ReadonlyArray<[RegExp, number]> = [
  [/^thousand\b/, 1e3],
  [/^million\b/, 1e6],
  [/^billion\b/, 1e9],
  [/^trillion\b/, 1e12],
];

/** How the answer is read from a reply; the answer prompt says the same to the user. */
export const NUMERIC_ANSWER_RULE = 'the number after the last "=", else the last number you write';

/**
 * One number with its optional exponent and k/M/B/T suffix. Digits glued to a letter
 * ("H100", "fp16") are part of a word, not a number.
 */
const NUMBER = /(?<![A-Za-z0-9_.])(-?\d[\d,]*(?:\.\d+)?|-?\.\d+)\s*(?:(?:e|E)([-+]?\d+)|\s*[x×*]\s*10\s*\^\s*([-+]?\d+))?\s*([kKmMbBtT](?![a-zA-Z]))?/g;

/**
 * The answer in a typed reply, in `unit`: the number right after the last "=" when the
 * reply shows its working ("16 B × 7B = 112 GB"), else the last number ("7B params at
 * 16 bytes each: 112 GB"; also when words, not a number, follow the last "=": "4.3 days =
 * roughly a week" is 4.3). Numbers may be plain ("1,234.5"), scientific ("3.2e21",
 * "3.2 × 10^21") or carry a k/M/B/T suffix ("7B"), which is converted into the unit ("32B"
 * is 32 in "billion parameters"). Null when there is no number.
 *
 * @example parseNumericAnswer("6 × 7e9 × 2e12 = 8.4 x 10^22 FLOPs") // 8.4e22
 * @example parseNumericAnswer("about 32B", "billion parameters") // 32
 */
export function parseNumericAnswer(text: string, unit = ""): number | null {
  const working = text.lastIndexOf("=");
  const afterWorking = working >= 0 ? [...text.slice(working + 1).matchAll(NUMBER)] : [];
  const everywhere = [...text.matchAll(NUMBER)];
  const match = afterWorking[0] ?? everywhere[everywhere.length - 1];
  if (!match) return null;
  const mantissa = Number(match[1].replace(/,/g, ""));
  const exponent = Number(match[2] ?? match[3] ?? 0);
  const suffix = match[4] ? SUFFIXES[match[4].toLowerCase()] : 1;
  const unitScale = match[4] ? (UNIT_SCALES.find(([pattern]) => pattern.test(unit))?.[1] ?? 1) : 1;
  const value = (mantissa * 10 ** exponent * suffix) / unitScale;
  return Number.isFinite(value) ? value : null;
}

/**
 * Whether `value` is within the problem's relative tolerance of its answer, and how far off it is.
 *
 * @example checkNumericAnswer(1.85, { answer: 1.875, tolerance: 0.05, ... }) // { correct: true, relativeError: 0.0133 }
 */
export function checkNumericAnswer(value: number, problem: Pick<QuantitativeProblem, "answer" | "tolerance">): { correct: boolean; relativeError: number } {
  const relativeError = problem.answer === 0 ? Math.abs(value) : Math.abs(value - problem.answer) / Math.abs(problem.answer);
  return { correct: relativeError <= problem.tolerance, relativeError };
}

/**
 * A number for a question or solution with `digits` significant digits and thousands
 * separators, in plain notation between 1e-3 and 1e15, scientific outside.
 *
 * @example formatQuantity(1.875e9 / 1e9) // "1.88"; formatQuantity(3.15e23) // "3.15e+23"
 */
export function formatQuantity(value: number, digits = 3): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || magnitude < 1e-3) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 20 });
}
