import { describe, expect, it } from "vitest";
import { ablationRun, analyzeAblation, betterDirection, type AblationRun } from "../src/ablation/index.js";
import { InputError } from "../src/errors.js";
import { createRng } from "../src/stats/prng.js";
import { welchTTest } from "../src/stats/welch.js";

const FAST = { nResamples: 2000 };

/** Per-example 0/1 correctness: example i is right with probability chance[i] + gain(slice). */
function outcomes(seed: number, chances: readonly number[], gain: (i: number) => number = () => 0): number[] {
  const rng = createRng(seed);
  return chances.map((p, i) => (rng.nextFloat() < p + gain(i) ? 1 : 0));
}

const N = 400;
const chances = Array.from({ length: N }, (_, i) => 0.3 + 0.4 * ((i * 37) % 100) / 100);
const slices = Array.from({ length: N }, (_, i) => (i < 80 ? "math" : i < 240 ? "facts" : "stories"));

function run(arm: string, config: Record<string, unknown>, seed: number, metrics: AblationRun["metrics"], extra: Partial<AblationRun> = {}): AblationRun {
  return { source: `runs.jsonl:${arm}/${seed}`, arm, config, seed, metrics, ...extra };
}

function arm(name: string, config: Record<string, unknown>, gain: (i: number) => number, extra: Partial<AblationRun> = {}, seeds = [1, 2, 3]) {
  return seeds.map((s) => run(name, config, s, { acc: outcomes(s * 100 + name.length, chances, gain) }, extra));
}

const learned = { pos: "learned", lr: 0.001 };
const rope = { pos: "rope", lr: 0.001 };

describe("analyzeAblation: a clean ablation", () => {
  const report = analyzeAblation(
    [...arm("baseline", learned, () => 0), ...arm("rope", rope, () => 0.2)],
    FAST,
  );

  it("tests the delta over examples and across seeds; the p-value is the larger of the two", () => {
    expect(report.rows).toHaveLength(1);
    const row = report.rows[0];
    expect(row.tests).toEqual(["examples", "seeds"]);
    expect(row.pValue).toBe(Math.max(row.pExamples, row.pSeeds));
    expect(row.pAdjusted).toBe(row.pValue); // one row: Holm changes nothing
    expect(row.delta).toBeCloseTo(row.value - row.baseline, 12);
    expect(row.delta).toBeGreaterThan(0.12);
    expect(row.low).toBeGreaterThan(0);
    expect(row.low).toBeLessThan(row.delta);
    expect(row.high).toBeGreaterThan(row.delta);
    expect(row.pValue).toBeLessThan(0.01);
    expect([row.seedsBaseline, row.seedsVariant]).toEqual([3, 3]);
  });

  it("raises no flag and supports the narrow claim only", () => {
    expect(report.flags).toEqual([]);
    expect(report.conclusion).toContain('Supported: changing pos from "learned" to "rope" improves acc on this evaluation.');
    expect(report.conclusion).toContain("Not supported: that the effect holds at other scales");
  });
});

describe("analyzeAblation: the five checks", () => {
  it("confound: names every extra config key that changed", () => {
    const runs = [...arm("baseline", learned, () => 0), ...arm("rope", { pos: "rope", lr: 0.002 }, () => 0.2)];
    const unnamed = analyzeAblation(runs, FAST).flags.filter((f) => f.kind === "confound");
    expect(unnamed.map((f) => f.evidence)).toEqual(['changes 2 config keys at once: lr: 0.001 → 0.002; pos: "learned" → "rope"']);
    const named = analyzeAblation(runs, { ...FAST, factor: "pos" });
    expect(named.flags.find((f) => f.kind === "confound")?.evidence).toBe('changes 1 config key besides "pos": lr: 0.001 → 0.002');
    expect(named.conclusion).toContain("as a whole (it changes lr and pos together)");
    expect(named.conclusion).toContain("Not supported: that the difference is due to any single change");
  });

  it("compute: flags a training-token mismatch with its ratio, not a match within 1%", () => {
    const runs = [
      ...arm("baseline", learned, () => 0, { compute: { trainTokens: 1e6 } }),
      ...arm("rope", rope, () => 0.2, { compute: { trainTokens: 2e6 } }),
      ...arm("rope-same", { pos: "rope", lr: 0.001, tag: 1 }, () => 0.2, { compute: { trainTokens: 1.005e6 } }),
    ];
    const flags = analyzeAblation(runs, { ...FAST, factor: "pos", baseline: "baseline" }).flags.filter((f) => f.kind === "compute");
    expect(flags).toEqual([
      { kind: "compute", variant: "rope", evidence: "training tokens differ: 2.00e+6 vs 1.00e+6 for the baseline (2.00×)" },
    ]);
  });

  it("compute: flags compute reported for one arm only", () => {
    const runs = [...arm("baseline", learned, () => 0, { compute: { trainFlops: 1e15 } }), ...arm("rope", rope, () => 0.2)];
    const flag = analyzeAblation(runs, FAST).flags.find((f) => f.kind === "compute");
    expect(flag?.evidence).toMatch(/reported for 3\/3 baseline and 0\/3 variant runs: cannot check/);
  });

  it("seeds: fewer than 3 seeds per arm", () => {
    const runs = [...arm("baseline", learned, () => 0, {}, [1, 2]), ...arm("rope", rope, () => 0.2, {}, [1])];
    const flag = analyzeAblation(runs, FAST).flags.find((f) => f.kind === "seeds");
    const flags = analyzeAblation(runs, FAST).flags.filter((f) => f.kind === "seeds");
    expect(flags.filter((f) => f.metric === undefined).map((f) => f.evidence)).toEqual([
      "2 baseline and 1 variant seed (fewer than 3 per arm): seed-to-seed variation is not measured",
    ]);
    expect(flag?.metric).toBeUndefined();
  });

  it("seeds: a delta within the seed-to-seed spread, with Welch over seed aggregates", () => {
    const base = [0.7, 0.74, 0.66];
    const vari = [0.72, 0.76, 0.69];
    const runs = [
      ...base.map((v, i) => run("baseline", learned, i, { acc: v })),
      ...vari.map((v, i) => run("rope", rope, i, { acc: v })),
    ];
    const report = analyzeAblation(runs, FAST);
    const row = report.rows[0];
    const welch = welchTTest(base, vari);
    expect(row.tests).toEqual(["seeds"]);
    expect([row.delta, row.low, row.high, row.pValue]).toEqual([welch.delta, welch.low, welch.high, welch.pValue]);
    expect(report.flags.find((f) => f.kind === "seeds")?.evidence).toBe(
      "delta +0.0233 is within the seed-to-seed spread (std 0.0400 baseline, 0.0351 variant)",
    );
    expect(report.conclusion).toContain("no reliable difference");
  });

  it("slice: a gain carried by one small slice, and a slice that gets worse", () => {
    const gain = (i: number) => (slices[i] === "math" ? 0.5 : slices[i] === "stories" ? -0.12 : 0.06);
    const seeds = [1, 2, 3, 4, 5];
    const runs = [
      ...arm("baseline", learned, () => 0, { slices }, seeds),
      ...arm("rope", rope, gain, { slices }, seeds),
    ];
    const report = analyzeAblation(runs, FAST);
    const evidence = report.flags.filter((f) => f.kind === "slice").map((f) => f.evidence);
    expect(evidence[0]).toMatch(/^slice "math" \(20% of examples\) carries \d+% of the gain summed over the slices that improve.*its gain differs from theirs \(Welch p/);
    expect(evidence.some((e) => /^slice "stories" \(n = 160\) gets worse/.test(e))).toBe(true);
    expect(report.conclusion).toContain("a uniform gain on acc");
  });

  it("slice: no flag for a gain spread evenly over the slices", () => {
    const runs = [...arm("baseline", learned, () => 0, { slices }), ...arm("rope", rope, () => 0.15, { slices })];
    expect(analyzeAblation(runs, FAST).flags.filter((f) => f.kind === "slice")).toEqual([]);
  });

  it("decoding: names the settings that differ", () => {
    const runs = [
      ...arm("baseline", learned, () => 0, { decoding: { temperature: 0, max_tokens: 32 } }),
      ...arm("rope", rope, () => 0.2, { decoding: { temperature: 0.7, max_tokens: 32 } }),
    ];
    const flags = analyzeAblation(runs, FAST).flags.filter((f) => f.kind === "decoding");
    expect(flags.map((f) => f.evidence)).toEqual(["decoding differs: temperature: 0 → 0.7"]);
  });
});

describe("analyzeAblation: directions and input errors", () => {
  it("treats lower loss as better, by name or by an explicit list", () => {
    expect(betterDirection("val_loss")).toBe("lower");
    expect(betterDirection("perplexity")).toBe("lower");
    expect(betterDirection("bits_per_byte")).toBe("lower");
    expect(betterDirection("acc")).toBe("higher");
    expect(betterDirection("apple_acc")).toBe("higher"); // "ppl" inside a word is not a name part
    expect(betterDirection("acc", { lowerIsBetter: ["acc"] })).toBe("lower");
    expect(betterDirection("val_loss", { higherIsBetter: ["val_loss"] })).toBe("higher");
    const runs = [
      ...[2.0, 2.01, 1.99].map((v, i) => run("baseline", learned, i, { val_loss: v })),
      ...[1.8, 1.81, 1.79].map((v, i) => run("rope", rope, i, { val_loss: v })),
    ];
    expect(analyzeAblation(runs, FAST).conclusion).toContain("improves val_loss");
  });

  it("rejects inconsistent arms, repeated seeds, a single arm and missing metrics", () => {
    const message = (runs: AblationRun[], opts = {}) => {
      try {
        analyzeAblation(runs, { ...FAST, ...opts });
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as InputError).message;
      }
      return "no error";
    };
    expect(message([run("a", learned, 1, { acc: 1 }), run("a", rope, 2, { acc: 1 })])).toBe(
      'runs.jsonl:a/2: arm "a" has config pos different from runs.jsonl:a/1',
    );
    expect(message([run("a", learned, 1, { acc: 1 }), run("a", learned, 1, { acc: 1 })])).toMatch(/repeats seed 1/);
    expect(message([run("a", learned, 1, { acc: 1 })])).toMatch(/at least two arms, found 1/);
    expect(message([run("a", learned, 1, { acc: 1 }), run("b", rope, 1, { acc: 1 })], { baseline: "c" })).toMatch(/no arm named "c"/);
    expect(message([run("a", learned, 1, { acc: 1 }), run("b", rope, 1, { loss: 1 })])).toBe(
      "runs.jsonl:b/1: field metrics.acc: missing (the baseline reports it)",
    );
  });
});

describe("analyzeAblation: claims are calibrated", () => {
  it("claims a difference in at most about 5% of ablations where the change does nothing", () => {
    // Null world: both arms are the same model family; each seed shifts every example's
    // chance by a seed effect (training noise), then examples are drawn (evaluation noise).
    const rng = createRng(11);
    const n = 600;
    const trials = 60;
    const base = Array.from({ length: n }, () => 0.3 + 0.4 * rng.nextFloat());
    let claims = 0;
    for (let t = 0; t < trials; t++) {
      const runs = ["a", "b"].flatMap((armName) =>
        [1, 2, 3].map((seed) => {
          const shift = 0.03 * (rng.nextFloat() - 0.5) * 2;
          return run(armName, { arm: armName === "a" ? 0 : 1 }, seed, { acc: base.map((p) => (rng.nextFloat() < p + shift ? 1 : 0)) });
        }),
      );
      const report = analyzeAblation(runs, { nResamples: 400, seed: t });
      if (report.conclusion.includes(" improves ") || report.conclusion.includes(" worse")) claims++;
    }
    expect(claims / trials).toBeLessThanOrEqual(0.1);
  });

  it("says no claim is possible with one seed per arm and aggregates only", () => {
    const report = analyzeAblation([run("baseline", learned, 1, { acc: 0.7 }), run("rope", rope, 1, { acc: 0.8 })], FAST);
    expect(report.rows[0].tests).toEqual([]);
    expect(Number.isNaN(report.rows[0].pAdjusted)).toBe(true);
    expect(report.conclusion).toContain("no claim about acc: with one seed per arm and no per-example values");
    expect(report.conclusion).not.toContain("improves");
  });

  it("does not claim a gain when the interval excludes zero but the p-value does not pass", () => {
    // 8 examples: the percentile interval can exclude 0 while exact randomization gives p = 1/16 or more.
    const variant = [1, 1, 1, 1, 1, 0, 0, 0];
    const runs = [
      ...[1, 2, 3].map((s) => run("baseline", learned, s, { acc: Array(8).fill(0) })),
      ...[1, 2, 3].map((s) => run("rope", rope, s, { acc: variant })),
    ];
    const report = analyzeAblation(runs, FAST);
    expect(report.rows[0].pAdjusted).toBeGreaterThan(0.05);
    expect(report.conclusion).toContain("no reliable difference on acc");
  });

  it("corrects for many comparisons with Holm across variants and metrics", () => {
    const runs = [
      ...arm("baseline", learned, () => 0),
      ...arm("rope", rope, () => 0.2),
      ...arm("alibi", { pos: "alibi", lr: 0.001 }, () => 0.2),
    ];
    const rows = analyzeAblation(runs, FAST).rows;
    const sorted = [...rows].sort((x, y) => x.pValue - y.pValue);
    expect(sorted[0].pAdjusted).toBeCloseTo(Math.min(1, 2 * sorted[0].pValue), 12);
    for (const row of rows) expect(row.pAdjusted).toBeGreaterThanOrEqual(row.pValue);
  });

  it("flags identical configs and names a missing key as unset", () => {
    const same = analyzeAblation([...arm("baseline", learned, () => 0), ...arm("again", learned, () => 0.2)], FAST);
    expect(same.flags.find((f) => f.kind === "confound")?.evidence).toMatch(/same config as the baseline/);
    const added = analyzeAblation([...arm("baseline", learned, () => 0), ...arm("qk", { ...learned, qkNorm: true }, () => 0.2)], FAST);
    expect(added.conclusion).toContain("changing qkNorm from (unset) to true improves acc");
  });

  it("rejects per-example arrays that cannot be the same examples", () => {
    expect(() =>
      analyzeAblation([run("baseline", learned, 1, { acc: [1, 0, 1] }), run("rope", rope, 1, { acc: [1, 0] })], FAST),
    ).toThrow(/runs.jsonl:rope\/1: field metrics.acc: 2 per-example values, but runs.jsonl:baseline\/1 has 3/);
  });
});

/**
 * One baseline and one variant run (one seed each) with 0/1 per-example scores built
 * slice by slice: in a slice of n examples the baseline gets the first `base` right and
 * the variant the first `variant`, so the slice's delta is exactly (variant − base) / n.
 */
function sliceAblation(spec: ReadonlyArray<{ slice: string; n: number; base: number; variant: number }>) {
  const scores = (key: "base" | "variant") => spec.flatMap((s) => Array.from({ length: s.n }, (_, i) => (i < s[key] ? 1 : 0)));
  const labels = spec.flatMap((s) => Array<string>(s.n).fill(s.slice));
  const runs = [
    run("baseline", learned, 1, { acc: scores("base") }, { slices: labels }),
    run("rope", rope, 1, { acc: scores("variant") }, { slices: labels }),
  ];
  const report = analyzeAblation(runs, FAST);
  expect(report.rows[0].low).toBeGreaterThan(0); // every scenario below improves acc overall
  return report.flags.filter((f) => f.kind === "slice").map((f) => f.evidence);
}

describe("analyzeAblation: the slice flag", () => {
  it("does not call a gain concentrated when another slice of the same size gains about as much", () => {
    // Equal slices of 100: code 60 → 33 right (−0.27), qa 40 → 73 (+0.33), chat 40 → 69 (+0.29).
    // Over the net gain qa would hold (0.33/3) / (0.35/3) = 94%, and "the rest" (code and chat
    // pooled, mean +0.01) would differ from qa only because code loses. Over the positive gain
    // qa holds 0.33 / 0.62 = 53%, chat gains 0.29 ≥ 0.75 · 0.33, and qa vs chat alone is no
    // significant difference: no concentration flag. code's loss (27 of 27 changed examples) is flagged.
    const evidence = sliceAblation([
      { slice: "code", n: 100, base: 60, variant: 33 },
      { slice: "qa", n: 100, base: 40, variant: 73 },
      { slice: "chat", n: 100, base: 40, variant: 69 },
    ]);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatch(/^slice "code" \(n = 100\) gets worse: -0\.270 \(Holm-adjusted p /);
  });

  it("flags a slice that carries the gain, with its share of the positive gain", () => {
    // N = 300. math: 60 examples, 20 → 50 right, gain +0.5, contribution (60/300)·0.5 = 0.10;
    // facts: 120, 60 → 66, +0.05, contribution 0.02; stories: 120, 60 → 48, −0.1, contribution −0.04.
    // Share over the positive gain: 0.10 / (0.10 + 0.02) = 83% (over the net gain it would be
    // 0.10 / 0.08 = 125%). stories gets significantly worse, so math is compared with facts
    // alone: +0.0500 on the other slices (with stories it would be (6 − 12)/240 = −0.025).
    const evidence = sliceAblation([
      { slice: "math", n: 60, base: 20, variant: 50 },
      { slice: "facts", n: 120, base: 60, variant: 66 },
      { slice: "stories", n: 120, base: 60, variant: 48 },
    ]);
    expect(evidence[0]).toBe(
      'slice "math" (20% of examples) carries 83% of the gain summed over the slices that improve (+0.500 there vs +0.0500 on the other slices that do not get significantly worse); its gain differs from theirs (Welch p < 0.0001)',
    );
    expect(evidence[1]).toMatch(/^slice "stories" \(n = 120\) gets worse: -0\.100/);
  });

  it("a rival slice counts from half the top slice's size and three quarters of its per-example gain", () => {
    // top: 100 examples, 0 → 50 right, gain 0.5; rest: zero gain, so the pooled others differ from top.
    // Size boundary: a rival of 50 examples (= 0.5 · 100) gaining 0.5 blocks the flag; of 48
    // (share 50/(50+24) = 68%, 100 of 298 examples = 34%) it does not. Gain boundary: a rival of 80 examples gaining
    // 30/80 = 0.375 = 0.75 · 0.5 blocks it; gaining 29/80 does not.
    const scenario = (rival: { n: number; variant: number }) =>
      sliceAblation([
        { slice: "top", n: 100, base: 0, variant: 50 },
        { slice: "rival", n: rival.n, base: 0, variant: rival.variant },
        { slice: "rest", n: 150, base: 0, variant: 0 },
      ]);
    expect(scenario({ n: 50, variant: 25 })).toEqual([]);
    expect(scenario({ n: 48, variant: 24 })[0]).toMatch(/^slice "top" \(34% of examples\) carries 68% of the gain/);
    expect(scenario({ n: 80, variant: 30 })).toEqual([]);
    expect(scenario({ n: 80, variant: 29 })[0]).toMatch(/^slice "top" \(3\d% of examples\) carries 63% of the gain/);
  });

});

describe("analyzeAblation: wording and the factor", () => {
  it("says a single remaining bound 'remains possible'", () => {
    const runs = [
      ...[1, 2, 3].map((s) => run("baseline", learned, s, { acc: 0.5 + 0.01 * s })),
      ...[1, 2, 3].map((s) => run("rope", rope, s, { acc: 0.5 + 0.01 * (4 - s) })),
    ];
    expect(analyzeAblation(runs, FAST).conclusion).toMatch(/: acc by up to [\d.]+ remains possible/);
  });

  it("rejects a factor that no run's config has", () => {
    const runs = [...arm("baseline", learned, () => 0), ...arm("rope", rope, () => 0.2)];
    expect(() => analyzeAblation(runs, { ...FAST, factor: "position" })).toThrow(InputError);
    expect(() => analyzeAblation(runs, { ...FAST, factor: "position" })).toThrow('factor "position" is not a config key of any run');
  });
});

describe("ablationRun (the record schema): numbers the analysis can square and divide", () => {
  const issue = (record: object) => {
    const result = ablationRun.safeParse({ arm: "a", config: {}, seed: 1, ...record });
    return result.success ? "ok" : `${result.error.issues[0].path.join(".")}: ${result.error.issues[0].message}`;
  };

  it("accepts metrics within ±1e150 and compute amounts within [1e-150, 1e150]; rejects the rest naming the field", () => {
    expect(issue({ metrics: { acc: 1e150, loss: [-1e150, 0] }, compute: { trainFlops: 1e150, inferenceSamples: 1e-150 } })).toBe("ok");
    expect(issue({ metrics: { acc: 1e308 } })).toBe("metrics.acc: must be between -1e+150 and 1e+150: the analysis squares differences of values");
    expect(issue({ metrics: { acc: [0, -1.1e150] } })).toMatch(/^metrics\.acc\.1: must be between/);
    // 1e308 / 1e-300 overflows: the compute ratio would print as Infinity.
    expect(issue({ metrics: { acc: 1 }, compute: { trainFlops: 1e-300 } })).toBe("compute.trainFlops: must be between 1e-150 and 1e+150");
    expect(issue({ metrics: { acc: 1 }, compute: { trainTokens: 0 } })).toBe("compute.trainTokens: must be positive");
  });
});
