type Pair = [number, number];

/** Counts of adjacent pairs, overlapping ("aaa" has two (a, a)); a Map keeps the order of first appearance. */
function pairCounts(ids: number[]): Map<string, { pair: Pair; count: number }> {
  const counts = new Map<string, { pair: Pair; count: number }>();
  for (let i = 0; i + 1 < ids.length; i++) {
    const key = `${ids[i]},${ids[i + 1]}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { pair: [ids[i], ids[i + 1]], count: 1 });
  }
  return counts;
}

/** Replaces every occurrence of pair, left to right without overlap, by newId. */
function merge(ids: number[], [a, b]: Pair, newId: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; ) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(newId);
      i += 2;
    } else out.push(ids[i++]);
  }
  return out;
}

/** Learns up to numMerges byte-level BPE merges [a, b] (merge i makes token 256 + i). */
export function train(text: string, numMerges: number): number[][] {
  let ids = Array.from(new TextEncoder().encode(text));
  const merges: Pair[] = [];
  for (let i = 0; i < numMerges; i++) {
    // Strictly greater, so that ties go to the pair that appears first.
    let best: { pair: Pair; count: number } | undefined;
    for (const entry of pairCounts(ids).values()) if (!best || entry.count > best.count) best = entry;
    if (!best) break; // one token left: nothing to merge
    ids = merge(ids, best.pair, 256 + i);
    merges.push(best.pair);
  }
  return merges;
}

/** Token ids of text: UTF-8 bytes, then merges applied by rank (lowest rank first). */
export function encode(text: string, merges: number[][]): number[] {
  let ids = Array.from(new TextEncoder().encode(text));
  const rank = new Map(merges.map(([a, b], i) => [`${a},${b}`, i]));
  for (;;) {
    // The pair learned earliest must be merged first: later merges were learned on its output.
    let best: { pair: Pair; rank: number } | undefined;
    for (const [key, { pair }] of pairCounts(ids)) {
      const r = rank.get(key);
      if (r !== undefined && (!best || r < best.rank)) best = { pair, rank: r };
    }
    if (!best) return ids;
    ids = merge(ids, best.pair, 256 + best.rank);
  }
}
