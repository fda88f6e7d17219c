/**
 * beam_search(initial, transition, beam_width, length) over a first-order Markov model of
 * tokens. Expected values from beamSearch (src/nn/beam-search.ts).
 */
import { beamSearch, type BeamHypothesis } from "../../nn/beam-search.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, ndInt, type NDArray, type Value } from "../values.js";
import { integer, normal, pick } from "./draw.js";

type Args = [NDArray, NDArray, number, number];
const args = (c: KataCase) => c.args as Args;

/** A row of log-probabilities: the log-softmax of normal logits of standard deviation `spread`. */
function logProbRow(rng: Rng, V: number, spread: number): number[] {
  const logits = Array.from(normal(rng, [V], spread).data);
  const max = Math.max(...logits);
  const logSum = max + Math.log(logits.reduce((sum, l) => sum + Math.exp(l - max), 0));
  return logits.map((l) => l - logSum);
}

/** A case from probability tables (rows of `transition` are the previous token's). */
function fromProbabilities(name: string, initial: number[], transition: number[][], beamWidth: number, length: number): KataCase {
  const V = initial.length;
  return { name, fn: "beam_search", args: [nd([V], initial.map(Math.log)), nd([V, V], transition.flat().map(Math.log)), beamWidth, length] };
}

const answer = ({ tokens, logProb }: BeamHypothesis): Value => [ndInt([tokens.length], tokens), logProb];

// Greedy ends at [2,2,2] (0.08), a beam of 2 at [0,2,2] (0.098); the best is [2,0,2] (0.105).
const INITIAL = [0.35, 0.15, 0.5];
const TRANSITION = [
  [0.1, 0.2, 0.7],
  [0.2, 0.6, 0.2],
  [0.3, 0.3, 0.4],
];

/**
 * Beam search where each beam keeps its own top B continuations and nothing prunes the
 * union: B^t hypotheses after t steps.
 */
function withoutGlobalPrune(initial: ArrayLike<number>, transition: ArrayLike<number>, beamWidth: number, length: number): BeamHypothesis {
  const V = initial.length;
  let beams: BeamHypothesis[] = [{ tokens: [], logProb: 0 }];
  for (let step = 0; step < length; step++) {
    beams = beams.flatMap((beam) => {
      const row = Array.from({ length: V }, (_, v) => (step === 0 ? initial[v] : transition[beam.tokens[beam.tokens.length - 1] * V + v]));
      const best = Array.from({ length: V }, (_, v) => v).sort((a, b) => row[b] - row[a] || a - b);
      return best.slice(0, beamWidth).map((v) => ({ tokens: [...beam.tokens, v], logProb: beam.logProb + row[v] }));
    });
  }
  return bestOf(beams);
}

/** The highest-scoring hypothesis, the lexicographically smaller on ties. */
function bestOf(hypotheses: BeamHypothesis[]): BeamHypothesis {
  return hypotheses.reduce((best, h) => (h.logProb > best.logProb || (h.logProb === best.logProb && h.tokens.join() < best.tokens.join()) ? h : best));
}

/** Beam search that adds probabilities, exp(log p), instead of log-probabilities, and reports log of that sum. */
function summingProbabilities(initial: ArrayLike<number>, transition: ArrayLike<number>, beamWidth: number, length: number): BeamHypothesis {
  const probs = (values: ArrayLike<number>) => Array.from(values, Math.exp);
  const { tokens, logProb: sum } = beamSearch(probs(initial), probs(transition), beamWidth, length);
  return { tokens, logProb: Math.log(sum) };
}

const generator: CaseGenerator = {
  random(rng) {
    const V = integer(rng, 2, 6);
    const spread = pick(rng, [0.5, 1, 2]);
    const initial = logProbRow(rng, V, spread);
    const transition = Array.from({ length: V }, () => logProbRow(rng, V, spread)).flat();
    return { fn: "beam_search", args: [nd([V], initial), nd([V, V], transition), integer(rng, 1, 5), integer(rng, 1, 6)] };
  },
  edges: () => [
    fromProbabilities("B = 1 equals greedy", INITIAL, TRANSITION, 1, 3),
    fromProbabilities("greedy is worse", INITIAL, TRANSITION, 2, 3),
    fromProbabilities("B = V^L exhaustive", INITIAL, TRANSITION, 27, 3),
    fromProbabilities("all sequences tie", [0.5, 0.5], [[0.5, 0.5], [0.5, 0.5]], 2, 4),
    fromProbabilities("length 1", [0.2, 0.4, 0.4], TRANSITION, 2, 1),
  ],
  expected: (c) => answer(beamSearch(...tableArgs(c))),
  bugs: {
    "top-b-per-beam": (c) => answer(withoutGlobalPrune(...tableArgs(c))),
    "sums-probabilities": (c) => answer(summingProbabilities(...tableArgs(c))),
    // B copies of the empty start beam: the top B candidates are B copies of the best, at every step.
    "copies-start-beam": (c) => {
      const [initial, transition, , length] = tableArgs(c);
      return answer(beamSearch(initial, transition, 1, length));
    },
  },
};

function tableArgs(c: KataCase): [Float64Array, Float64Array, number, number] {
  const [initial, transition, beamWidth, length] = args(c);
  return [initial.data, transition.data, beamWidth, length];
}

export default generator;
