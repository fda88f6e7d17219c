/**
 * valid_windows(docs, block_size) and sample_batch(docs, block_size, u): training windows
 * of T + 1 tokens that never cross a document boundary. Expected values from
 * src/data/document-windows.ts (documentWindows, windowBatch).
 */
import { documentWindows, windowBatch } from "../../data/document-windows.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, ndInt, type NDArray, type Value } from "../values.js";
import { integer, pick } from "./draw.js";

const windowsCall = (docs: number[][], blockSize: number, name?: string): KataCase => ({ fn: "valid_windows", args: [docs, blockSize], ...(name ? { name } : {}) });
const batchCall = (docs: number[][], blockSize: number, u: number[], name?: string): KataCase => ({ fn: "sample_batch", args: [docs, blockSize, nd([u.length], u)], ...(name ? { name } : {}) });

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Windows [doc, start] whose last start is L − T − 1 + shift: shift 0 is right, +1 allows
 * windows of only T tokens in the document, −1 drops the last valid start.
 */
function windowsShifted(docs: number[][], blockSize: number, shift: number): [number, number][] {
  return docs.flatMap((doc, d) => range(0, doc.length - blockSize - 1 + shift).map((start): [number, number] => [d, start]));
}

/** What a mistaken rule outputs; a batch that would read past a document's end is left to crash. */
function mistaken(c: KataCase, shift: number): Value | undefined {
  const docs = c.args[0] as number[][];
  const blockSize = c.args[1] as number;
  const windows = windowsShifted(docs, blockSize, shift);
  if (c.fn === "valid_windows") return windows;
  const picks = Array.from((c.args[2] as NDArray).data, (u) => windows[Math.floor(u * windows.length)]);
  if (picks.some((w) => w === undefined || w[1] + blockSize + 1 > docs[w[0]].length)) return undefined;
  const rows = (offset: number) => picks.flatMap(([d, s]) => docs[d].slice(s + offset, s + offset + blockSize));
  return [ndInt([picks.length, blockSize], rows(0)), ndInt([picks.length, blockSize], rows(1))];
}

const generator: CaseGenerator = {
  random(rng, i) {
    const blockSize = integer(rng, 1, 8);
    const docs = Array.from({ length: integer(rng, 1, 5) }, () =>
      Array.from({ length: pick(rng, [integer(rng, 0, blockSize), integer(rng, blockSize, blockSize + 3), integer(rng, blockSize + 1, 30)]) }, () => integer(rng, 0, 999)),
    );
    if (i % 2 === 0) return windowsCall(docs, blockSize);
    if (documentWindows(docs, blockSize).length === 0) docs.push(Array.from({ length: blockSize + 1 + integer(rng, 0, 4) }, () => integer(rng, 0, 999)));
    return batchCall(docs, blockSize, Array.from({ length: integer(rng, 1, 6) }, () => rng.nextFloat()));
  },
  edges: () => [
    windowsCall([range(1, 8), [20, 21, 22], range(30, 36)], 4, "a document shorter than T+1"),
    windowsCall([range(1, 5), range(6, 11)], 4, "a document of exactly T+1"),
    windowsCall([[], [7], range(1, 6)], 3, "an empty document"),
    batchCall([range(1, 6), [7, 8], range(10, 14)], 3, [0, 0.5, 1 - 1e-9], "u near 1"),
  ],
  expected(c) {
    const docs = c.args[0] as number[][];
    const blockSize = c.args[1] as number;
    if (c.fn === "valid_windows") return documentWindows(docs, blockSize).map(({ doc, start }) => [doc, start]);
    const u = Array.from((c.args[2] as NDArray).data);
    const { inputs, targets } = windowBatch(docs, blockSize, u);
    return [ndInt([u.length, blockSize], inputs), ndInt([u.length, blockSize], targets)];
  },
  bugs: {
    "windows-of-t": (c) => mistaken(c, 1),
    "last-start-off-by-one": (c) => mistaken(c, -1),
  },
};

export default generator;
