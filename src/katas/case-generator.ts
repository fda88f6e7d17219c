/**
 * What a kata's hidden tests are made of. A case generator (one file per kata in
 * src/katas/cases/) draws random inputs, names a few fixed edge cases, and computes the
 * expected output of each with lmdojo's own reference implementations (src/metrics,
 * src/nn, src/optim, src/tokenizer, ...): expected values are computed, never typed in.
 */
import type { Rng } from "../stats/prng.js";
import type { Value } from "./values.js";

/** One call of one of the kata's functions (by its Python name). */
export interface KataCase {
  fn: string;
  args: Value[];
  /** An edge case's name, as kata.md lists it; random cases have none. */
  name?: string;
}

export interface CaseGenerator {
  /** Random case number `i` (0-based) of a check; `i` lets a generator vary sizes and functions. */
  random(rng: Rng, i: number): KataCase;
  /** The fixed edge cases, each with the name kata.md lists. */
  edges(): KataCase[];
  /** The right output for a case, from lmdojo's reference implementations. */
  expected(c: KataCase): Value;
  /**
   * What known mistakes output, by the bug id kata.md gives (undefined where the mistake
   * does not touch this case): an output matching one names the mistake in the hint.
   */
  bugs?: Readonly<Record<string, (c: KataCase) => Value | undefined>>;
}
