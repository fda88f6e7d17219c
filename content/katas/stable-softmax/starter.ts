/** A number, or nested arrays of numbers: one level per axis. */
export type Nested = number | Nested[];

/** Softmax over the last axis of x (shape [..., V]); rows sum to 1, stable for |x| up to 1e4. */
export function softmax(x: Nested[]): Nested[] {
  throw new Error("not implemented");
}

/** Log-softmax over the last axis of x (shape [..., V]); finite wherever the true value is. */
export function logSoftmax(x: Nested[]): Nested[] {
  throw new Error("not implemented");
}
