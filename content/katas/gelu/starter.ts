/** A number, or nested arrays of numbers: one level per axis. */
export type Nested = number | Nested[];

/** Exact GELU, x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2))), elementwise. */
export function geluExact(x: Nested[]): Nested[] {
  throw new Error("not implemented");
}

/** GELU's tanh approximation, 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))), elementwise. */
export function geluTanh(x: Nested[]): Nested[] {
  throw new Error("not implemented");
}
