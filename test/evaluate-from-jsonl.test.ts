import { describe, expect, it } from "vitest";
import { ablateJsonl, evalKindNamed, evaluateJsonl } from "../src/evaluate/from-jsonl.js";

const settings = { level: 0.95, method: "percentile" as const, nResamples: 200, seed: 0 };
const options = { rules: "squad-v1" as const, ks: null, relevanceThreshold: 1 };
const lines = (...records: object[]) => records.map((r) => JSON.stringify(r)).join("\n");

describe("evaluateJsonl", () => {
  it("computes a kind's metrics from JSON Lines text, naming the source in the report", () => {
    const text = lines({ prediction: "Paris", references: ["Paris"] }, { prediction: "Lyon", references: ["Paris"] });
    const report = evaluateJsonl({ kind: "qa", source: { name: "up.jsonl", text }, options, settings, sliceField: null });
    expect(report.file).toBe("up.jsonl");
    // One exact match of two: 50%.
    expect(report.rows[0]).toMatchObject({ metric: "exact_match (%)", n: 2, value: 50 });
  });

  it("names the source, line and field of a bad record, and rejects unknown kinds (inherited names too)", () => {
    const text = lines({ prediction: "a", references: ["a"] }, { prediction: "b" });
    expect(() => evaluateJsonl({ kind: "qa", source: { name: "up.jsonl", text }, options, settings, sliceField: null })).toThrow(/^up\.jsonl:2: field references: /);
    for (const name of ["bleu", "constructor", "__proto__"]) expect(() => evalKindNamed(name)).toThrow(`unknown kind "${name}"`);
  });
});

describe("ablateJsonl", () => {
  const run = (arm: string, seed: number, acc: number) => ({ arm, config: { x: arm }, seed, metrics: { acc } });

  it("reads runs from several sources, each run named source:line", () => {
    const a = lines(run("a", 1, 0.5), run("b", 1, 0.6));
    const b = lines(run("a", 1, 0.5));
    expect(() => ablateJsonl([{ name: "one.jsonl", text: a }, { name: "two.jsonl", text: b }])).toThrow('two.jsonl:1: arm "a" repeats seed 1 of one.jsonl:1');
  });

  it("checks metric directions against the runs' metrics, naming the option as the surface calls it", () => {
    const text = lines(run("a", 1, 0.5), run("b", 1, 0.6));
    expect(() => ablateJsonl([{ name: "r", text }], { lowerIsBetter: ["loss"] })).toThrow('lowerIsBetter: no metric "loss" in the runs');
    const labels = { lowerIsBetter: "--lower-is-better", higherIsBetter: "--higher-is-better" };
    expect(() => ablateJsonl([{ name: "r", text }], { higherIsBetter: ["f1"], labels })).toThrow('--higher-is-better: no metric "f1" in the runs');
    const report = ablateJsonl([{ name: "r", text }], { lowerIsBetter: ["acc"], nResamples: 200 });
    expect(report.rows[0]).toMatchObject({ variant: "b", metric: "acc", better: "lower" });
  });
});
