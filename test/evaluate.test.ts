import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateRecords } from "../src/evaluate/evaluate.js";
import { EVAL_KINDS } from "../src/evaluate/kinds.js";
import type { IntervalSettings } from "../src/evaluate/columns.js";
import type { EvalKind, EvalOptions } from "../src/evaluate/kind.js";
import { InputError } from "../src/errors.js";
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

/** `lines` as records of `kind` (validated by its schema), evaluated with `settings`. */
function evaluateLines(kind: string, lines: readonly object[], options: Partial<EvalOptions> = {}, settings: Partial<IntervalSettings> = {}) {
  return evaluateRecords({
    kind: EVAL_KINDS[kind],
    file: `${kind}.jsonl`,
    records: lines.map((line, i) => ({ line: i + 1, value: EVAL_KINDS[kind].schema.parse(line) })),
    options: { ...OPTIONS, ...options },
    settings: { ...SETTINGS, ...settings },
    sliceField: null,
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

describe("evaluateRecords: settings and warnings", () => {
  it("reports the options each kind applied in its settings", () => {
    expect(evaluate("qa", { rules: "squad-v2" }).settings).toEqual({ ...SETTINGS, rules: "squad-v2" });
    expect(evaluate("code").settings).toEqual({ ...SETTINGS, k: [1, 10] }); // every problem has 20 samples: 100 is left out
    expect(evaluate("rank", { ks: [1, 5], relevanceThreshold: 2 }).settings).toEqual({ ...SETTINGS, k: [1, 5], relevanceThreshold: 2 });
    expect(evaluate("pref").settings).toEqual(SETTINGS);
  });

  it("code: a requested k larger than some problem's samples is dropped with a warning; none left is an error", () => {
    // Problems with 20 samples: pass@50 is undefined, pass@1 is kept. A default k left out is not a warning.
    const report = evaluate("code", { ks: [1, 50] });
    expect(report.rows.map((r) => r.metric)).toEqual(["pass@1 (%)"]);
    expect(report.warnings).toEqual(["pass@50 dropped: pass@k needs at least k samples per problem, and code.jsonl:1 has 20 samples"]);
    expect(evaluate("code").warnings).toEqual([]);
    const small = [{ n: 20, c: 3 }, { n: 4, c: 1 }];
    expect(() => evaluateLines("code", small, { ks: [5, 10] })).toThrow(InputError);
    expect(() => evaluateLines("code", small, { ks: [5, 10] })).toThrow(
      /^pass@5, pass@10: pass@k needs at least k samples per problem, and code\.jsonl:2 has 4 samples$/,
    );
  });

  it("warns when a BCa interval rests on fewer than 10 examples, naming each group", () => {
    const bca = { method: "bca" as const };
    const nine = Array.from({ length: 9 }, (_, i) => ({ preference: i % 2 }));
    expect(evaluateLines("pref", nine, {}, bca).warnings).toEqual([
      "BCa intervals from fewer than 10 examples are unreliable: all records (n = 9); read them as rough, or evaluate more examples",
    ]);
    expect(evaluateLines("pref", [...nine, { preference: 1 }], {}, bca).warnings).toEqual([]); // n = 10
    expect(evaluateLines("pref", nine, {}, { method: "percentile" }).warnings).toEqual([]);
    // qa.jsonl: 15 records, 5 per category.
    const sliced = evaluateRecords({ kind: EVAL_KINDS.qa, file: "qa.jsonl", records: example(qaKind), options: OPTIONS, settings: { ...SETTINGS, ...bca }, sliceField: "category" });
    expect(sliced.warnings).toEqual([
      'BCa intervals from fewer than 10 examples are unreliable: slice "date" (n = 5), slice "entity" (n = 5), slice "number" (n = 5); read them as rough, or evaluate more examples',
    ]);
  });

  it("rank: warns about queries without a relevant document at the threshold", () => {
    const queries = [
      { query: "a", run: { d1: 2, d2: 1 }, qrels: { d1: 1 } },
      { query: "b", run: { d3: 1 }, qrels: { d3: 0 } }, // judged, but not relevant
      { query: "c", run: { d4: 1 }, qrels: {} }, // not judged at all
      { query: "d", run: { d5: 1 }, qrels: { d5: 2 } },
    ];
    expect(evaluateLines("rank", queries).warnings).toEqual([
      "2 queries have no relevant document (no qrels grade of at least 1): rank.jsonl:2, rank.jsonl:3; MRR, recall, precision and hit are 0 there and count in the means",
    ]);
    // At threshold 2 only query d has one; a, b, c are named and the list stops at three places.
    expect(evaluateLines("rank", [...queries, { query: "e", run: { d6: 1 }, qrels: { d6: 1 } }], { relevanceThreshold: 2 }).warnings[0]).toMatch(
      /^4 queries have no relevant document \(no qrels grade of at least 2\): rank\.jsonl:1, rank\.jsonl:2, rank\.jsonl:3 and 1 more;/,
    );
    expect(evaluateLines("rank", [queries[0], queries[3]]).warnings).toEqual([]);
  });
});

describe("evaluateRecords: values beyond the range of a double are input errors naming the record", () => {
  it("lm: a log-probability sum that overflows, a sum over records that overflows, a perplexity that overflows", () => {
    // −1e308 − 1e308 = −Infinity: record 1's NLL sum is not a number.
    expect(() => evaluateLines("lm", [{ logprobs: [-1, -1] }, { logprobs: [-1e308, -1e308] }])).toThrow(
      /^lm\.jsonl:2: field logprobs: the numerator of nll \(nats\/token\) is Infinity for this record, beyond the range of a double$/,
    );
    // Each NLL sum is 1e308, but 3 · 1e308 > 1.8e308: a resample of this record three times overflows.
    expect(() => evaluateLines("lm", [{ logprobs: [-1] }, { logprobs: [-1e308] }, { logprobs: [-1] }])).toThrow(
      /^lm\.jsonl:2: field logprobs: the numerator of nll \(nats\/token\) is 1e\+308 for this record: summed over 3 records it overflows a double$/,
    );
    // exp(800) > 1.8e308 (exp overflows above 709.78): a resample of record 1 alone has perplexity Infinity.
    expect(() => evaluateLines("lm", [{ logprobs: [-800] }, { logprobs: [-1] }])).toThrow(
      /^lm\.jsonl:1: field logprobs: perplexity \(corpus\) of this record alone is Infinity, beyond the range of a double$/,
    );
    // exp(700) is finite: the same file with NLL 700 evaluates to finite numbers.
    const report = evaluateLines("lm", [{ logprobs: [-700] }, { logprobs: [-1] }]);
    for (const row of report.rows) expect([row.value, row.low, row.high].every(Number.isFinite)).toBe(true);
  });
});
