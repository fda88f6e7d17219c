/** A number, or nested arrays of numbers: one level per axis. */
export type Nested = number | Nested[];

const map = (x: Nested[], f: (v: number) => number): Nested[] => x.map((v) => (typeof v === "number" ? f(v) : map(v, f)));

/** erf by Abramowitz and Stegun 7.1.26 (|error| <= 1.5e-7): JavaScript has no Math.erf. */
function erf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const value = 1 - poly * Math.exp(-z * z);
  return z < 0 ? -value : value;
}

/** Exact GELU, x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2))), elementwise. */
export function geluExact(x: Nested[]): Nested[] {
  return map(x, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
}

/** GELU's tanh approximation, 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))), elementwise. */
export function geluTanh(x: Nested[]): Nested[] {
  // Math.tanh saturates cleanly to ±1 for large |u|; exp-based tanh would give Infinity/Infinity.
  return map(x, (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))));
}
