/**
 * Parsers for the text of a flag or a form field (the CLI's flags, the web app's calculator
 * fields): each throws one clear InputError naming the flag.
 */
import { InputError } from "./errors.js";

/**
 * The whole number `text` names, or null: digits, optionally in scientific notation when the
 * value is whole ("1e4", "3.2e4" and "10000" all name 10000; "1.5", "1e-3" and "-2" name none).
 */
function wholeNumber(text: string): number | null {
  const value = Number(text);
  return /^\d+(\.\d+)?(e\+?\d+)?$/i.test(text.trim()) && Number.isSafeInteger(value) ? value : null;
}

/** A whole number of at least 1 (a cutoff k, a step count "--steps 1e4", a layer count), with a hint saying what it counts. */
export function parsePositiveInt(flag: string, text: string, hint?: string): number {
  const value = wholeNumber(text);
  if (value === null || value < 1) {
    const tooLarge = Number(text) > Number.MAX_SAFE_INTEGER ? " and at most 2^53 − 1" : "";
    throw new InputError(`${flag}: expected a whole number of at least 1${tooLarge}, got "${text}"`, hint);
  }
  return value;
}

/** A whole number of 0 or more (e.g. how many new cards). */
export function parseCount(flag: string, text: string): number {
  const value = wholeNumber(text);
  if (value === null) throw new InputError(`${flag}: expected a whole number of 0 or more, got "${text}"`);
  return value;
}

/** Any whole number, negative ones too (e.g. a seed: "--seed 1e3"). */
export function parseInteger(flag: string, text: string): number {
  const trimmed = text.trim();
  const magnitude = wholeNumber(trimmed.startsWith("-") ? trimmed.slice(1) : trimmed);
  if (magnitude === null) throw new InputError(`${flag}: expected a whole number, got "${text}"`);
  return trimmed.startsWith("-") ? -magnitude : magnitude;
}

/** Any finite number. */
export function parseNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new InputError(`${flag}: expected a number, got "${text}"`);
  return value;
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new InputError(`${flag}: expected one of ${choices.join(", ")}, got "${text}"`);
  }
  return text as T;
}

/** A finite number above 0, scientific notation welcome (7.5e9 parameters, 1e23 FLOPs). */
export function parsePositiveNumber(flag: string, text: string, hint?: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) {
    throw new InputError(`${flag}: expected a number above 0, got "${text}"`, hint);
  }
  return value;
}
