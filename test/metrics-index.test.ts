import { describe, expect, it } from "vitest";
import * as metrics from "../src/metrics/index.js";

describe("src/metrics/index.ts", () => {
  it("exports every metric under the names the issue gives", () => {
    const names = [
      "normalizeAnswer", "exactMatch", "tokenF1", "passAtK", "meanPassAtK",
      "reciprocalRank", "recallAtK", "precisionAtK", "hitAtK", "ndcgAtK",
      "meanReciprocalRank", "meanRecallAtK", "meanPrecisionAtK", "meanHitAtK", "meanNdcgAtK",
      "winRate", "nll", "corpusPerplexity", "sequencePerplexities", "meanSequencePerplexity",
      "wordPerplexity", "bytePerplexity", "bitsPerByte",
    ];
    for (const name of names) expect(typeof (metrics as Record<string, unknown>)[name], name).toBe("function");
  });
});
