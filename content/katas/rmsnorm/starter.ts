/** A number, or nested arrays of numbers: one level per axis. */
export type Nested = number | Nested[];

/** RMSNorm over the last axis of x [..., C]: x / sqrt(mean(x^2) + eps) * weight. */
export function rmsNorm(x: Nested[], weight: number[], eps: number): Nested[] {
  throw new Error("not implemented");
}
