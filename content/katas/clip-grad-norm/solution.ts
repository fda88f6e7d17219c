/** A number, or nested arrays of numbers: one level per axis. */
export type Nested = number | Nested[];

const sumOfSquares = (g: Nested): number => (typeof g === "number" ? g * g : g.reduce((sum: number, x) => sum + sumOfSquares(x), 0));
const scale = (g: Nested, coef: number): Nested => (typeof g === "number" ? g * coef : g.map((x) => scale(x, coef)));

/** Scales all grads together so their global L2 norm is at most maxNorm; returns [clipped grads, norm before]. */
export function clipGradNorm(grads: Nested[], maxNorm: number): [Nested[], number] {
  // One norm over every element of every tensor, as if the grads were one flat vector.
  const total = Math.sqrt(grads.reduce((sum: number, g) => sum + sumOfSquares(g), 0));
  const coef = maxNorm / (total + 1e-6); // torch's 1e-6 keeps the clipped norm just under maxNorm
  return [coef < 1 ? grads.map((g) => scale(g, coef)) : grads, total];
}
