/**
 * The hint for a wrong output. First the kata's own known mistakes: when the output equals
 * what a known mistake computes on the same case, the hint names that mistake. Failing
 * that, what the numbers themselves show: NaN or inf where the answer is finite, a wrong
 * shape, or the right answer times a constant (a missing scale, a flipped sign).
 */
import type { CaseGenerator, KataCase } from "./case-generator.js";
import { compareValues, isClose, type Mismatch, type Tolerance } from "./compare.js";
import type { Kata } from "./kata.js";
import { formatValue, fromNested, isNDArray, type Value } from "./values.js";

export interface Hint {
  /** The known mistake the output matches, when one does. */
  bug?: string;
  text: string;
}

/** The hint for `actual`, the wrong output of case `c`, or null when nothing telling is found. */
export function hintFor(kata: Kata, generator: CaseGenerator, c: KataCase, expected: Value, actual: Value, mismatch: Mismatch, tolerance: Tolerance): Hint | null {
  for (const bug of kata.bugs) {
    const mistaken = generator.bugs?.[bug.id]?.(c);
    if (mistaken !== undefined && compareValues(mistaken, actual, tolerance) === null) return { bug: bug.id, text: bug.hint };
  }
  if (mismatch.kind === "non-finite") {
    return { text: "NaN or inf where the answer is finite: look for an overflow (exp of a large number), a division by zero or log(0)" };
  }
  if (mismatch.kind === "shape") return { text: "the shape is wrong: check the axis you reduce over, keepdims, and any transpose" };
  const factor = constantFactor(expected, actual);
  if (factor !== null && factor === -1) return { text: "every value has the wrong sign" };
  if (factor !== null) return { text: `every value is the answer times ${formatValue(factor)}: a missing or extra scale factor?` };
  return null;
}

/** c when actual = c · expected element by element (c ≠ 1, over at least two non-zero values), else null. */
function constantFactor(expected: Value, actual: Value): number | null {
  const e = asNumbers(expected);
  const a = asNumbers(actual);
  if (!e || !a || e.length !== a.length) return null;
  let factor: number | null = null;
  let nonZero = 0;
  for (let i = 0; i < e.length; i++) {
    if (!Number.isFinite(e[i]) || !Number.isFinite(a[i])) return null;
    if (Math.abs(e[i]) < 1e-12) {
      if (Math.abs(a[i]) > 1e-9) return null;
      continue;
    }
    nonZero++;
    const ratio = a[i] / e[i];
    if (factor === null) factor = ratio;
    else if (!isClose(ratio, factor, { rtol: 1e-4, atol: 1e-9 })) return null;
  }
  if (factor === null || nonZero < 2 || isClose(factor, 1, { rtol: 1e-4, atol: 0 })) return null;
  return Math.abs(factor + 1) < 1e-4 ? -1 : factor;
}

function asNumbers(value: Value): Float64Array | null {
  if (typeof value === "number") return Float64Array.of(value);
  if (isNDArray(value)) return value.data;
  if (Array.isArray(value)) return fromNested(value)?.data ?? null;
  return null;
}
