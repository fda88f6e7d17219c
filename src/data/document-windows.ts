/**
 * Training windows that never cross a document boundary. The batch loader (loader.ts)
 * samples offsets in one stream of documents joined by a separator, so a window may span
 * two documents; this is the stricter rule used when documents must stay apart (e.g.
 * without cross-document attention masks):
 *
 *   a window is T + 1 consecutive tokens of one document: inputs doc[s, s + T), targets
 *   doc[s + 1, s + T + 1), for every start 0 <= s <= L − T − 1 of a document of L tokens
 *   (L − T windows; none when L < T + 1).
 *
 * Windows are listed document by document, starts ascending. A batch row takes window
 * number floor(u·W) for a uniform draw u in [0, 1) among the W windows, so every window
 * is equally likely (long documents are drawn in proportion to their window count).
 */

/** A window: document index and start offset inside that document. */
export interface DocumentWindow {
  doc: number;
  start: number;
}

/**
 * Every window of blockSize + 1 tokens inside one document, in order.
 *
 * @example documentWindows([[1, 2, 3, 4], [5, 6], [7, 8, 9]], 2)
 * // [{doc: 0, start: 0}, {doc: 0, start: 1}, {doc: 2, start: 0}]
 */
export function documentWindows(docs: readonly ArrayLike<number>[], blockSize: number): DocumentWindow[] {
  if (!(Number.isInteger(blockSize) && blockSize >= 1)) throw new Error(`documentWindows blockSize must be a whole number >= 1, got ${blockSize}`);
  const windows: DocumentWindow[] = [];
  docs.forEach((doc, d) => {
    for (let start = 0; start + blockSize + 1 <= doc.length; start++) windows.push({ doc: d, start });
  });
  return windows;
}

/**
 * A batch of B windows, row b being window floor(draws[b]·W) of documentWindows: inputs
 * and targets [B, blockSize], row-major, targets shifted one token after the inputs.
 *
 * @example windowBatch([[1, 2, 3, 4], [5, 6], [7, 8, 9]], 2, [0.9]) // inputs [[7, 8]], targets [[8, 9]]
 */
export function windowBatch(docs: readonly ArrayLike<number>[], blockSize: number, draws: readonly number[]): { inputs: Int32Array; targets: Int32Array } {
  const windows = documentWindows(docs, blockSize);
  if (windows.length === 0) throw new Error(`no document has ${blockSize + 1} tokens, the length of one window`);
  const inputs = new Int32Array(draws.length * blockSize);
  const targets = new Int32Array(draws.length * blockSize);
  draws.forEach((u, b) => {
    if (!(u >= 0 && u < 1)) throw new Error(`window draw ${b} is ${u}, outside [0, 1)`);
    const { doc, start } = windows[Math.floor(u * windows.length)];
    for (let t = 0; t < blockSize; t++) {
      inputs[b * blockSize + t] = docs[doc][start + t];
      targets[b * blockSize + t] = docs[doc][start + t + 1];
    }
  });
  return { inputs, targets };
}
