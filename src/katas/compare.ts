/**
 * Whether a solution's output matches the reference's, and if not, where first and how.
 * Numbers match as NumPy's isclose does: |actual − expected| ≤ atol + rtol·|expected|,
 * NaN matches NaN and ±inf match themselves. Arrays must have the expected shape; a
 * nested list of numbers counts as the array it spells (Python solutions often return
 * lists), and an array as the list it spells where a list is expected.
 */
import { formatValue, fromNested, isNDArray, sizeOf, toNested, type NDArray, type Value } from "./values.js";

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** How an output differs from the expected one, at the first place it does. */
export type Mismatch =
  | { kind: "type"; at: string; message: string }
  | { kind: "shape"; at: string; expected: number[]; actual: number[]; message: string }
  | { kind: "non-finite"; at: string; index: number[]; expected: number; actual: number; message: string }
  | { kind: "value"; at: string; index: number[]; expected: number; actual: number; message: string };

/** numpy.isclose for one pair. */
export function isClose(actual: number, expected: number, { rtol, atol }: Tolerance): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/**
 * The first mismatch between `actual` and `expected`, or null when they match.
 *
 * @example compareValues(nd([2], [0.5, 0.5]), [0.5, 0.6], { rtol: 1e-6, atol: 0 })
 * // { kind: "value", index: [1], expected: 0.5, actual: 0.6, ... }
 */
export function compareValues(expected: Value, actual: Value, tolerance: Tolerance, at = ""): Mismatch | null {
  if (isNDArray(expected)) {
    const array = asArray(actual, expected);
    if (!array) return typeMismatch(at, `an array of shape [${expected.shape.join(", ")}]`, actual);
    return compareArrays(expected, array, tolerance, at);
  }
  if (typeof expected === "number") {
    const number = asNumber(actual);
    if (number === null) return typeMismatch(at, "a number", actual);
    return compareNumber(expected, number, [], tolerance, at);
  }
  if (Array.isArray(expected)) {
    const list = isNDArray(actual) ? toNested(actual) : actual;
    if (!Array.isArray(list)) return typeMismatch(at, `a list of ${expected.length}`, actual);
    if (list.length !== expected.length) {
      return { kind: "shape", at, expected: [expected.length], actual: [list.length], message: `${where(at)}expected a list of ${expected.length}, got ${list.length} items` };
    }
    for (let i = 0; i < expected.length; i++) {
      const mismatch = compareValues(expected[i], list[i], tolerance, `${at}[${i}]`);
      if (mismatch) return mismatch;
    }
    return null;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual) || isNDArray(actual)) return typeMismatch(at, "a dict", actual);
    const missing = Object.keys(expected).find((k) => !(k in actual));
    if (missing !== undefined) return { kind: "type", at, message: `${where(at)}the key "${missing}" is missing` };
    for (const [key, value] of Object.entries(expected)) {
      const mismatch = compareValues(value, (actual as Record<string, Value>)[key], tolerance, `${at}.${key}`);
      if (mismatch) return mismatch;
    }
    return null;
  }
  if (typeof expected === "boolean" && typeof actual === "number" && (actual === 0 || actual === 1)) {
    return expected === (actual === 1) ? null : { kind: "type", at, message: `${where(at)}expected ${expected}, got ${actual}` };
  }
  return actual === expected ? null : { kind: "type", at, message: `${where(at)}expected ${formatValue(expected)}, got ${formatValue(actual)}` };
}

function compareArrays(expected: NDArray, actual: NDArray, tolerance: Tolerance, at: string): Mismatch | null {
  const sameShape = expected.shape.length === actual.shape.length && expected.shape.every((d, i) => d === actual.shape[i]);
  if (!sameShape) {
    return {
      kind: "shape",
      at,
      expected: [...expected.shape],
      actual: [...actual.shape],
      message: `${where(at)}expected shape [${expected.shape.join(", ")}], got [${actual.shape.join(", ")}]`,
    };
  }
  for (let i = 0; i < expected.data.length; i++) {
    const mismatch = compareNumber(expected.data[i], actual.data[i], unravel(i, expected.shape), tolerance, at);
    if (mismatch) return mismatch;
  }
  return null;
}

function compareNumber(expected: number, actual: number, index: number[], tolerance: Tolerance, at: string): Mismatch | null {
  if (isClose(actual, expected, tolerance)) return null;
  const place = `${where(at)}${index.length ? `at index [${index.join(", ")}] ` : ""}`;
  if (!Number.isFinite(actual) && Number.isFinite(expected)) {
    return { kind: "non-finite", at, index, expected, actual, message: `${place}got ${actual}, expected ${formatValue(expected)}` };
  }
  return { kind: "value", at, index, expected, actual, message: `${place}expected ${formatValue(expected)}, got ${formatValue(actual)}` };
}

/** `actual` as an array comparable with `expected`: itself, the nested list it spells, or a number for a 0-d array. */
function asArray(actual: Value, expected: NDArray): NDArray | null {
  if (isNDArray(actual)) return actual;
  if (typeof actual === "number" && expected.shape.length === 0) return { kind: "nd", dtype: "f64", shape: [], data: Float64Array.of(actual) };
  if (Array.isArray(actual)) return fromNested(actual);
  return null;
}

/** A number, a boolean as 0/1, or a one-element array (NumPy scalars arrive as 0-d arrays). */
function asNumber(actual: Value): number | null {
  if (typeof actual === "number") return actual;
  if (typeof actual === "boolean") return actual ? 1 : 0;
  if (isNDArray(actual) && sizeOf(actual.shape) === 1 && actual.shape.length <= 1) return actual.data[0];
  return null;
}

/** The multi-index of flat position `flat` in a row-major array of `shape`. */
function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

const where = (at: string) => (at ? `${at}: ` : "");

function typeMismatch(at: string, wanted: string, actual: Value): Mismatch {
  return { kind: "type", at, message: `${where(at)}expected ${wanted}, got ${describeKind(actual)}` };
}

/** What kind of value a solution returned, in words. */
function describeKind(value: Value): string {
  if (value === null) return "nothing (None or undefined)";
  if (isNDArray(value)) return `an array of shape [${value.shape.join(", ")}]`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a dict";
  if (typeof value === "string") return `the string ${formatValue(value)}`;
  return `${typeof value === "number" ? "the number" : "the boolean"} ${formatValue(value)}`;
}
