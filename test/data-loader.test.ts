import { describe, expect, it } from "vitest";
import { createBatchLoader } from "../src/data/loader.js";
import { splitParagraphs } from "../src/data/paragraphs.js";

const stream = (n: number, start = 0) => Int32Array.from({ length: n }, (_, i) => start + i);

describe("createBatchLoader", () => {
  const options = { streams: [stream(500), stream(300, 1000)], probabilities: [0.7, 0.3], batchSize: 6, blockSize: 8, seed: 42 };

  it("gives windows whose targets are the inputs shifted by one token, within one domain", () => {
    const { inputs, targets, domains } = createBatchLoader(options).next();
    expect(inputs).toHaveLength(48);
    for (let b = 0; b < 6; b++) {
      const row = inputs.subarray(b * 8, b * 8 + 8);
      const next = targets.subarray(b * 8, b * 8 + 8);
      for (let t = 0; t < 8; t++) expect(next[t]).toBe(row[t] + 1); // consecutive ids: the next token
      expect(row[0] >= 1000 ? 1 : 0).toBe(domains[b]);
    }
  });

  it("is deterministic by seed, and a cursor resumes the exact sequence", () => {
    const a = createBatchLoader(options);
    const b = createBatchLoader(options);
    for (let i = 0; i < 5; i++) expect(a.next()).toEqual(b.next());
    const cursor = a.cursor();
    expect(cursor.batches).toBe(5);
    const resumed = createBatchLoader({ ...options, cursor: JSON.parse(JSON.stringify(cursor)) });
    for (let i = 0; i < 5; i++) expect(resumed.next()).toEqual(a.next());
    expect(createBatchLoader({ ...options, seed: 43 }).next()).not.toEqual(createBatchLoader(options).next());
  });

  it("draws domains in the mixture proportions (chi-square, 1 degree of freedom)", () => {
    const loader = createBatchLoader({ ...options, batchSize: 100 });
    let first = 0;
    for (let i = 0; i < 100; i++) first += loader.next().domains.filter((d) => d === 0).length;
    const n = 10_000;
    const chi2 = (first - 0.7 * n) ** 2 / (0.7 * n) + (n - first - 0.3 * n) ** 2 / (0.3 * n);
    expect(chi2).toBeLessThan(10.83); // p = 0.001
  });

  it("reaches every offset, including the last (a stream of T + 1 tokens holds one window)", () => {
    const seen = new Set<number>();
    const loader = createBatchLoader({ ...options, streams: [stream(11)], probabilities: [1] }); // offsets 0, 1, 2
    for (let i = 0; i < 20; i++) loader.next().inputs.filter((_, j) => j % 8 === 0).forEach((first) => seen.add(first));
    expect([...seen].sort()).toEqual([0, 1, 2]);
    const single = createBatchLoader({ ...options, streams: [stream(9)], probabilities: [1] }).next();
    expect(single.targets.subarray(0, 8)).toEqual(stream(8, 1));
  });

  it("rejects a domain too short for one window, unless it is never drawn", () => {
    expect(() => createBatchLoader({ ...options, streams: [stream(500), stream(8)] })).toThrow(/domain 1 has 8 tokens, too few for one window of 8 inputs and their 8 targets \(9 tokens\)/);
    expect(() => createBatchLoader({ ...options, streams: [stream(500), stream(8)], probabilities: [1, 0] }).next()).not.toThrow();
  });
});

describe("splitParagraphs", () => {
  it("splits on blank lines, keeps each paragraph's first line number, and normalizes CRLF", () => {
    expect(splitParagraphs("a\nb\n\n\nc\n")).toEqual([
      { line: 1, text: "a\nb" },
      { line: 5, text: "c" },
    ]);
    expect(splitParagraphs("First:\r\nHi.\r\n  \r\nSecond:\r\nBye.")).toEqual([
      { line: 1, text: "First:\nHi." },
      { line: 4, text: "Second:\nBye." },
    ]);
    expect(splitParagraphs("\n\n")).toEqual([]);
  });
});
