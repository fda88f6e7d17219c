/**
 * The BPE merge loop of one piece: repeatedly merge the leftmost adjacent pair of tokens whose
 * merge makes the lowest token id, until no adjacent pair has a merge (tiktoken's
 * `byte_pair_encode`, openai/tiktoken src/lib.rs). Two implementations with the same result:
 * a direct one for short pieces and one with a heap for long ones (a whole text encoded
 * without a split pattern), where the direct one's O(n²) would take minutes.
 */

/** Ids are below this, so that a pair (a, b) packs into one exact number a·2^21 + b. */
export const MAX_TOKEN_ID = 2 ** 21;

/** The key of the adjacent pair (a, b) in a merge table. */
export function pairKey(a: number, b: number): number {
  return a * MAX_TOKEN_ID + b;
}

/** pairKey(a, b) → id of the token that merging a and b makes. */
export type PairMerges = ReadonlyMap<number, number>;

/** Merges parts[0..n) in place and returns the new length; picks the heap version for long inputs. */
export function mergePiece(parts: Int32Array, n: number, merges: PairMerges): number {
  return n > 256 ? mergeWithHeap(parts, n, merges) : mergeDirect(parts, n, merges);
}

/** O(n²) worst case, fastest for the short pieces a split pattern makes. */
export function mergeDirect(parts: Int32Array, n: number, merges: PairMerges): number {
  // ranks[i] = id made by merging parts[i] and parts[i+1], Infinity if that pair has no merge.
  const ranks = new Float64Array(Math.max(n - 1, 0));
  const rankAt = (i: number): number => merges.get(pairKey(parts[i], parts[i + 1])) ?? Infinity;
  for (let i = 0; i + 1 < n; i++) ranks[i] = rankAt(i);
  while (n > 1) {
    let best = 0;
    for (let i = 1; i + 1 < n; i++) if (ranks[i] < ranks[best]) best = i;
    if (ranks[best] === Infinity) break;
    // parts[best] and parts[best+1] become the token ranks[best]; the rest shifts left by one.
    parts[best] = ranks[best];
    parts.copyWithin(best + 1, best + 2, n);
    ranks.copyWithin(best + 1, best + 2, n - 1);
    n--;
    if (best + 1 < n) ranks[best] = rankAt(best);
    if (best > 0) ranks[best - 1] = rankAt(best - 1);
  }
  return n;
}

/**
 * O(n log n): the parts form a linked list (named by their start position, which keeps its
 * left-to-right order), and a min-heap holds candidate merges keyed rank·2^32 + position, so
 * the smallest key is the lowest rank, leftmost. An entry is stale when the pair at its
 * position no longer makes that rank; stale entries are skipped when popped.
 */
export function mergeWithHeap(parts: Int32Array, n: number, merges: PairMerges): number {
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1; // n means "no next part"
    prev[i] = i - 1;
  }
  const heap: number[] = [];
  const push = (key: number): void => {
    let i = heap.push(key) - 1;
    while (i > 0 && heap[(i - 1) >> 1] > key) {
      heap[i] = heap[(i - 1) >> 1];
      i = (i - 1) >> 1;
    }
    heap[i] = key;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heap.length) break;
        if (child + 1 < heap.length && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  };
  const rankAt = (i: number): number | undefined => (next[i] < n ? merges.get(pairKey(parts[i], parts[next[i]])) : undefined);
  const pushPairAt = (i: number): void => {
    const rank = rankAt(i);
    if (rank !== undefined) push(rank * 2 ** 32 + i);
  };
  for (let i = 0; i + 1 < n; i++) pushPairAt(i);
  while (heap.length > 0) {
    const key = pop();
    const rank = Math.floor(key / 2 ** 32);
    const i = key - rank * 2 ** 32;
    if (rankAt(i) !== rank) continue; // stale: part i was merged away or its pair changed
    const right = next[i];
    parts[i] = rank;
    parts[right] = -1; // removed
    next[i] = next[right];
    if (next[i] < n) prev[next[i]] = i;
    if (prev[i] >= 0) pushPairAt(prev[i]);
    pushPairAt(i);
  }
  // Removed parts are never the head, and `parts[right] = -1` marks them; compact in order.
  let written = 0;
  for (let i = 0; i < n; i = next[i]) parts[written++] = parts[i];
  return written;
}
