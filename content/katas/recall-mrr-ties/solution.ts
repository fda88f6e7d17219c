/** Document ids by score descending, ties by id descending (string order), as trec_eval ranks. */
function ranking(scores: number[], docIds: string[]): string[] {
  return docIds
    .map((id, i) => ({ id, score: scores[i] }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((d) => d.id);
}

/** Share of the relevant documents found in the top k of the ranking (higher score first). */
export function recallAtK(scores: number[], docIds: string[], relevant: string[], k: number): number {
  const rel = new Set(relevant);
  if (rel.size === 0) return 0;
  const top = ranking(scores, docIds).slice(0, k); // fewer than k when the list is short
  // The denominator counts every relevant document, retrieved or not.
  return top.filter((id) => rel.has(id)).length / rel.size;
}

/** 1 / rank of the first relevant document in the ranking, 0 if none is retrieved. */
export function reciprocalRank(scores: number[], docIds: string[], relevant: string[]): number {
  const rel = new Set(relevant);
  const index = ranking(scores, docIds).findIndex((id) => rel.has(id));
  return index < 0 ? 0 : 1 / (index + 1); // rank = index + 1
}
