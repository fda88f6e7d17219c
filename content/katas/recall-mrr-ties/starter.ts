/** Share of the relevant documents found in the top k of the ranking (higher score first). */
export function recallAtK(scores: number[], docIds: string[], relevant: string[], k: number): number {
  throw new Error("not implemented");
}

/** 1 / rank of the first relevant document in the ranking, 0 if none is retrieved. */
export function reciprocalRank(scores: number[], docIds: string[], relevant: string[]): number {
  throw new Error("not implemented");
}
