import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateRecords } from "../src/evaluate/evaluate.js";
import { EVAL_KINDS } from "../src/evaluate/kinds.js";
import type { EvalKind, EvalOptions } from "../src/evaluate/kind.js";
import { codeKind } from "../src/evaluate/code.js";
import { lmKind } from "../src/evaluate/lm.js";
import { prefKind } from "../src/evaluate/pref.js";
import { qaKind } from "../src/evaluate/qa.js";
import { rankKind } from "../src/evaluate/rank.js";
import {
  bitsPerByte,
  corpusPerplexity,
  exactMatch,
  meanNdcgAtK,
  meanPassAtK,
  meanReciprocalRank,
  meanSequencePerplexity,
  nll,
  tokenF1,
  winRate,
  wordPerplexity,
} from "../src/metrics/index.js";

const OPTIONS: EvalOptions = { rules: "squad-v1", ks: null, relevanceThreshold: 1 };
const SETTINGS = { level: 0.95, method: "percentile" as const, nResamples: 500, seed: 0 };

/** The example file of `kind`, parsed and validated as the CLI does. */
function example<R>(kind: EvalKind<R>) {
  const lines = readFileSync(new URL(`../examples/${kind.name}.jsonl`, import.meta.url), "utf8").trim().split("\n");
  return lines.map((line, i) => ({ line: i + 1, value: kind.schema.parse(JSON.parse(line)) }));
}

function evaluate(kind: string, options: Partial<EvalOptions> = {}, sliceField: string | null = null) {
  return evaluateRecords({
    kind: EVAL_KINDS[kind],
    file: `${kind}.jsonl`,
    records: example(EVAL_KINDS[kind]),
    options: { ...OPTIONS, ...options },
    settings: SETTINGS,
    sliceField,
  });
}

function valueOf(report: ReturnType<typeof evaluate>, metric: string, slice: string | null = null): number {
  const row = report.rows.find((r) => r.metric === metric && r.slice === slice);
  if (!row) throw new Error(`no row ${metric} / ${slice}`);
  return row.value;
}

describe("evaluateRecords: every row's value is the library metric on the same records", () => {
  it("qa: EM and F1 in percent", () => {
    const records = example(qaKind).map((r) => r.value);
    const report = evaluate("qa");
    const em = records.reduce((s, r) => s + exactMatch(r.prediction, r.references), 0) / records.length;
    const f1 = records.reduce((s, r) => s + tokenF1(r.prediction, r.references), 0) / records.length;
    expect(valueOf(report, "exact_match (%)")).toBeCloseTo(100 * em, 12);
    expect(valueOf(report, "f1 (%)")).toBeCloseTo(100 * f1, 12);
  });

  it("lm: token NLL, corpus and mean-of-sequences perplexity, word perplexity, bits per byte", () => {
    const records = example(lmKind).map((r) => r.value);
    const sequences = records.map((r) => r.logprobs);
    const docs = records.map((r) => ({ text: r.text as string, logLikelihood: r.logprobs.reduce((s, x) => s + x, 0) }));
    const report = evaluate("lm");
    expect(valueOf(report, "nll (nats/token)")).toBeCloseTo(nll(sequences.flat()), 12);
    expect(valueOf(report, "perplexity (corpus)")).toBeCloseTo(corpusPerplexity(sequences), 10);
    expect(valueOf(report, "perplexity (mean of sequences)")).toBeCloseTo(meanSequencePerplexity(sequences), 10);
    expect(valueOf(report, "word_perplexity")).toBeCloseTo(wordPerplexity(docs), 10);
    expect(valueOf(report, "bits_per_byte")).toBeCloseTo(bitsPerByte(docs), 12);
  });

  it("code: pass@k in percent, with k kept only where every problem has k samples", () => {
    const problems = example(codeKind).map(({ value: r }) =>
      r.results ? { n: r.results.length, c: r.results.filter(Boolean).length } : { n: r.n as number, c: r.c as number },
    );
    const report = evaluate("code");
    expect(report.rows.map((r) => r.metric)).toEqual(["pass@1 (%)", "pass@10 (%)"]); // n = 20 < 100
    expect(valueOf(report, "pass@10 (%)")).toBeCloseTo(100 * meanPassAtK(problems, 10), 10);
    expect(() => evaluate("code", { ks: [1, 50] })).toThrow(/pass@50 needs at least that many samples/);
  });

  it("rank: MRR and nDCG@k over queries", () => {
    const queries = example(rankKind).map((r) => ({ run: r.value.run, qrels: r.value.qrels }));
    const report = evaluate("rank", { ks: [5] });
    expect(valueOf(report, "mrr")).toBeCloseTo(meanReciprocalRank(queries), 12);
    expect(valueOf(report, "ndcg@5")).toBeCloseTo(meanNdcgAtK(queries, 5), 12);
  });

  it("pref: AlpacaEval win rate with its standard error in the detail", () => {
    const outcomes = example(prefKind).map(({ value }) =>
      typeof value.preference === "string" ? { win: 1, loss: 0, tie: 0.5 }[value.preference] : value.preference,
    );
    const report = evaluate("pref");
    const expected = winRate(outcomes);
    expect(valueOf(report, "win_rate (%)")).toBeCloseTo(expected.winRate, 10);
    expect(report.rows[0].detail).toBe(`SE ${expected.standardError.toFixed(2)}; wins 8, losses 5, ties 3`);
  });
});

describe("evaluateRecords: slices and intervals", () => {
  it("adds one row per slice and metric; slice sizes add up to n", () => {
    const report = evaluate("qa", {}, "category");
    const sliceRows = report.rows.filter((r) => r.slice !== null && r.metric === "f1 (%)");
    expect(sliceRows.map((r) => r.slice)).toEqual(["date", "entity", "number"]);
    expect(sliceRows.reduce((s, r) => s + r.n, 0)).toBe(report.n);
    for (const row of report.rows) {
      expect(row.low).toBeLessThanOrEqual(row.value);
      expect(row.high).toBeGreaterThanOrEqual(row.value);
    }
  });

  it("reports progress up to the total amount of work", () => {
    const calls: Array<[number, number]> = [];
    evaluateRecords({
      kind: EVAL_KINDS.qa,
      file: "qa.jsonl",
      records: example(qaKind),
      options: OPTIONS,
      settings: SETTINGS,
      sliceField: null,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls.length).toBeGreaterThan(0);
    const [done, total] = calls[calls.length - 1];
    expect(total).toBe(2 * SETTINGS.nResamples);
    expect(done).toBeLessThanOrEqual(total);
  });

  it("lm: text on some records but not all is an error naming the record", () => {
    const records = example(lmKind);
    records[2] = { line: 3, value: { logprobs: records[2].value.logprobs } };
    expect(() =>
      evaluateRecords({ kind: EVAL_KINDS.lm, file: "lm.jsonl", records, options: OPTIONS, settings: SETTINGS, sliceField: null }),
    ).toThrow(/^lm\.jsonl:3: field text: missing, while other records have it$/);
  });
});
