interface Hypothesis {
  tokens: number[];
  logProb: number;
}

/** Lexicographic order of two token sequences of equal length. */
function lexicographic(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The best sequence of `length` tokens a beam of width beamWidth finds, and its total log-probability. */
export function beamSearch(initial: number[], transition: number[][], beamWidth: number, length: number): [number[], number] {
  let beams: Hypothesis[] = Array.from({ length: beamWidth }, () => ({ tokens: [], logProb: 0 }));
  for (let step = 0; step < length; step++) {
    // Every hypothesis extended by every token: B·V candidates.
    const candidates = beams.flatMap((beam) => {
      const logProbs = step === 0 ? initial : transition[beam.tokens[beam.tokens.length - 1]]; // [V]
      return logProbs.map((lp, v) => ({ tokens: [...beam.tokens, v], logProb: beam.logProb + lp }));
    });
    // The top B over all candidates: highest score first, ties to the lexicographically smaller sequence.
    candidates.sort((a, b) => b.logProb - a.logProb || lexicographic(a.tokens, b.tokens));
    beams = candidates.slice(0, beamWidth);
  }
  return [beams[0].tokens, beams[0].logProb];
}
