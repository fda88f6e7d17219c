import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDojo, warningsOf } from "./cli-run.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-cli-toolkit-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ablationLines = (...lines: object[]) => lines.map((line) => JSON.stringify(line)).join("\n") + "\n";

describe("dojo eval: settings, warnings, standard input", () => {
  it("names k in the header and settings, warns about a dropped k, and reads - as standard input", async () => {
    const input = readFileSync(new URL("../examples/code.jsonl", import.meta.url), "utf8");
    const text = await runDojo(["eval", "code", "-", "--k", "1,5,50", "--resamples", "500"], input);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^code · standard input · 12 records · k = 1, 5 · 95% BCa bootstrap CI/);
    expect(text.stdout).not.toContain("pass@50");
    expect(warningsOf(text.stderr)).toEqual(["pass@50 dropped: pass@k needs at least k samples per problem, and -:1 has 20 samples"]);
    const json = await runDojo(["eval", "code", "-", "--k", "1,5,50", "--json", "--resamples", "500"], input);
    const report = JSON.parse(json.stdout);
    expect(report.settings).toEqual({ level: 0.95, method: "bca", nResamples: 500, seed: 0, k: [1, 5] });
    expect(report.warnings).toEqual(warningsOf(text.stderr));
  });

  it("names the rules and the relevance threshold; warns about queries without a relevant document", async () => {
    const qa = await runDojo(["eval", "qa", "examples/qa.jsonl", "--rules", "squad-v2", "--resamples", "500"]);
    expect(qa.stdout).toMatch(/^qa · examples\/qa\.jsonl · 15 records · rules squad-v2 · /);
    const rank = await runDojo(["eval", "rank", "examples/rank.jsonl", "--relevance-threshold", "2", "--json", "--resamples", "500"]);
    const report = JSON.parse(rank.stdout);
    expect(report.settings).toMatchObject({ k: [10], relevanceThreshold: 2 });
    expect(report.warnings).toEqual(warningsOf(rank.stderr));
    expect(report.warnings.some((w: string) => /queries have no relevant document \(no qrels grade of at least 2\)/.test(w))).toBe(true);
  });
});

describe("dojo eval and ablate: out-of-range numbers and a missing factor are one-line input errors", () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      "eval: a log-probability sum that overflows",
      ["eval", "lm", file("huge.jsonl", '{"logprobs": [-1e308, -1e308]}\n{"logprobs": [-1]}\n')],
      /^dojo: .*huge\.jsonl:1: field logprobs: the numerator of nll \(nats\/token\) is Infinity for this record, beyond the range of a double \(hint: /,
    ],
    [
      "eval: a sum over records that overflows",
      ["eval", "lm", file("huge2.jsonl", '{"logprobs": [-1e308]}\n{"logprobs": [-1e308]}\n')],
      /huge2\.jsonl:1: field logprobs: the numerator of nll \(nats\/token\) is 1e\+308 for this record: summed over 2 records it overflows a double/,
    ],
    [
      "ablate: metrics of ±1e308",
      [
        "ablate",
        file(
          "huge.abl.jsonl",
          ablationLines({ arm: "a", config: { x: 1 }, seed: 1, metrics: { acc: 1e308 } }, { arm: "b", config: { x: 2 }, seed: 1, metrics: { acc: -1e308 } }),
        ),
      ],
      /^dojo: .*huge\.abl\.jsonl:1: field metrics\.acc: must be between -1e\+150 and 1e\+150: the analysis squares differences of values \(hint: /,
    ],
    [
      "ablate: a per-example value of -1e308",
      [
        "ablate",
        file(
          "huge2.abl.jsonl",
          ablationLines({ arm: "a", config: { x: 1 }, seed: 1, metrics: { acc: [1, 2] } }, { arm: "b", config: { x: 2 }, seed: 1, metrics: { acc: [1, -1e308] } }),
        ),
      ],
      /huge2\.abl\.jsonl:2: field metrics\.acc\[1\]: must be between -1e\+150 and 1e\+150/,
    ],
    [
      "ablate: a factor in no run's config",
      ["ablate", "examples/ablation.jsonl", "--factor", "position"],
      /^dojo: factor "position" is not a config key of any run \(hint: config keys in the runs: layers, lr, pos\)\n$/,
    ],
  ];
  it.each(cases)("%s", async (_name, args, pattern) => {
    const { code, stdout, stderr } = await runDojo(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(pattern);
  });

  it("ablate: metrics at ±1e150 give finite numbers throughout", async () => {
    // Welch's df has fourth powers of the values: (1e150)⁴ overflows unless computed scaled.
    const run = (arm: string, x: number, seed: number, acc: number) => ({ arm, config: { x }, seed, metrics: { acc } });
    const path = file("limit.abl.jsonl", ablationLines(run("a", 1, 1, 1e150), run("a", 1, 2, -1e150), run("b", 2, 1, 1e150), run("b", 2, 2, 0)));
    const { code, stdout, stderr } = await runDojo(["ablate", path, "--format", "json", "--resamples", "200"]);
    expect([code, stderr]).toEqual([0, ""]);
    const row = JSON.parse(stdout).rows[0];
    // delta = mean(1e150, 0) − mean(1e150, −1e150) = 5e149; Welch runs over the seeds.
    expect(row.delta).toBe(5e149);
    for (const key of ["low", "high", "pValue", "seedStdBaseline", "seedStdVariant"]) expect(Number.isFinite(row[key])).toBe(true);
  });
});
