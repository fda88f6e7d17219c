/**
 * Beam search (as in Sutskever et al. 2014's decoder, without length normalization) over
 * a first-order Markov model of tokens, the smallest model where beam search and greedy
 * decoding differ: the next token's log-probabilities depend on the previous token.
 *
 *   score(x_1..x_L) = initial[x_1] + Σ_{t=2..L} transition[x_{t-1}, x_t]
 *
 * Each step extends every beam by every token (B·V candidates), ranks the candidates by
 * score, descending, with ties going to the lexicographically smaller sequence, and keeps
 * the best B overall. After L steps the best beam is returned. With B = 1 this is greedy
 * decoding; with B >= V^(L-1) no candidate is ever dropped and the search is exhaustive.
 */
import { InputError } from "../errors.js";

/** A finished hypothesis: its tokens and its total log-probability. */
export interface BeamHypothesis {
  tokens: number[];
  logProb: number;
}

/** Lexicographic order of token sequences of equal length. */
function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * The best sequence of `length` tokens that a beam of width `beamWidth` finds.
 * `initial` [V] holds log P(x_1 = v); `transition` [V, V], row-major, holds
 * log P(x_{t+1} = b | x_t = a) at a·V + b. Scores add up left to right, step by step.
 *
 * @example beamSearch([0.6, 0.4].map(Math.log), [0.5, 0.5, 0.9, 0.1].map(Math.log), 2, 2) // { tokens: [1, 0], logProb: Math.log(0.36) }
 */
export function beamSearch(initial: ArrayLike<number>, transition: ArrayLike<number>, beamWidth: number, length: number): BeamHypothesis {
  const V = initial.length;
  if (V < 1) throw new InputError("beamSearch needs a vocabulary of at least one token");
  if (transition.length !== V * V) throw new InputError(`beamSearch: transition must be [${V}, ${V}], got ${transition.length} values`);
  if (!(Number.isInteger(beamWidth) && beamWidth >= 1)) throw new InputError(`beam width must be a whole number of at least 1, got ${beamWidth}`);
  if (!(Number.isInteger(length) && length >= 1)) throw new InputError(`length must be a whole number of at least 1, got ${length}`);

  let beams: BeamHypothesis[] = [{ tokens: [], logProb: 0 }]; // one empty beam, not B copies of it
  for (let step = 0; step < length; step++) {
    const candidates: BeamHypothesis[] = [];
    for (const beam of beams) {
      const offset = step === 0 ? 0 : beam.tokens[beam.tokens.length - 1] * V;
      const logProbs = step === 0 ? initial : transition;
      for (let v = 0; v < V; v++) candidates.push({ tokens: [...beam.tokens, v], logProb: beam.logProb + logProbs[offset + v] });
    }
    // Top B over all B·V candidates, not the top B of each beam.
    candidates.sort((a, b) => b.logProb - a.logProb || lexicographic(a.tokens, b.tokens));
    beams = candidates.slice(0, beamWidth);
  }
  return beams[0];
}
