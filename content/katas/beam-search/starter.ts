/** The best sequence of `length` tokens a beam of width beamWidth finds, and its total log-probability. */
export function beamSearch(initial: number[], transition: number[][], beamWidth: number, length: number): [number[], number] {
  throw new Error("not implemented");
}
