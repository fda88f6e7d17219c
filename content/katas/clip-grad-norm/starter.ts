/** A number, or nested arrays of numbers: one level per axis. */
export type Nested = number | Nested[];

/** Scales all grads together so their global L2 norm is at most maxNorm; returns [clipped grads, norm before]. */
export function clipGradNorm(grads: Nested[], maxNorm: number): [Nested[], number] {
  throw new Error("not implemented");
}
