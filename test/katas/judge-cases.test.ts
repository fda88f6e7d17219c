// The cases of a check: fixed edge cases in kata.md's order, then random cases that change
// with the seed (a new seed at each check) and repeat with it; only inputs go to the sandbox.
import { describe, expect, it } from "vitest";
import { findKata, loadKatas } from "../../src/katas/catalogue.js";
import { caseGenerator } from "../../src/katas/cases/index.js";
import { buildCases } from "../../src/katas/judge.js";
import { solutionRun } from "../../src/katas/runtimes.js";
import { encodeValue } from "../../src/katas/values.js";

const kata = findKata(loadKatas().katas, "pass-at-k");
const generator = caseGenerator(kata.tests.generator);

describe("the cases of a check", () => {
  it("are the edge cases in order, then the random ones drawn from the seed", () => {
    const one = buildCases(kata, generator, 1);
    expect(one).toHaveLength(kata.tests.edges.length + kata.tests.random);
    expect(one.slice(0, 5).map((c) => c.name)).toEqual(kata.tests.edges);
    expect(one[0].args).toEqual([10, 8, 5]);
    expect(buildCases(kata, generator, 1)).toEqual(one);
    const two = buildCases(kata, generator, 2);
    expect(two.slice(0, 5)).toEqual(one.slice(0, 5));
    expect(two.slice(5)).not.toEqual(one.slice(5));
  });

  it("send only the inputs into the sandbox, never the expected outputs", () => {
    const cases = buildCases(kata, generator, 7);
    const run = solutionRun(kata, "ts", kata.solution.ts, cases.map((c) => ({ fn: c.fn, args: c.args.map(encodeValue) })));
    const request = JSON.parse(String(run.stdin)) as { cases: Array<Record<string, unknown>> };
    expect(Object.keys(request).sort()).toEqual(["cases", "file", "functions", "source"]);
    expect(request.cases[0]).toEqual({ fn: "passAtK", args: [10, 8, 5] });
    expect(request.cases.every((c) => Object.keys(c).sort().join() === "args,fn")).toBe(true);
  });
});
