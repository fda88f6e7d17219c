// The calculators as both surfaces use them: values from JSON, defaults and required inputs,
// the command line that prints the same report, and the examples every calculator shows.
import { describe, expect, it } from "vitest";
import { calcCommand } from "../src/cli/calc-command.js";
import { calcCommandLine, CALCULATORS, commandLineValues, findCalculator, runCalculator, valuesFromJson } from "../src/calc/calculators.js";
import { chinchillaReport } from "../src/calc/compute.js";
import { pipelineReport, resolvePipeline } from "../src/calc/parallel.js";
import { InputError, NotFoundError } from "../src/errors.js";

const calc = (name: string) => findCalculator(name);

describe("calcCommandLine", () => {
  it("writes only the flags whose values differ from their defaults", () => {
    expect(calcCommandLine(calc("pipeline"), { pp: "8", microbatches: "64", interleave: "1" })).toBe("npx dojo calc pipeline --pp 8 --microbatches 64");
    expect(calcCommandLine(calc("pipeline"), { pp: "8", microbatches: "64", interleave: "4" })).toBe("npx dojo calc pipeline --pp 8 --microbatches 64 --interleave 4");
    expect(calcCommandLine(calc("kv"), { model: "llama2-7b", dtype: "fp16", unit: "GB", batch: "1", overhead: "0" })).toBe("npx dojo calc kv --model llama2-7b");
  });

  it("follows the calculator's order of inputs, not the order values were given in", () => {
    expect(calcCommandLine(calc("memory"), { dp: "64", zero: "3", model: "llama2-7b" })).toBe("npx dojo calc memory --model llama2-7b --zero 3 --dp 64");
  });

  it("writes a switch that is on as its bare flag and leaves out one that is off, and blank fields", () => {
    expect(calcCommandLine(calc("activations"), { model: "gpt3-175b", sp: true, tp: "8" })).toBe("npx dojo calc activations --model gpt3-175b --tp 8 --sp");
    expect(calcCommandLine(calc("activations"), { model: "gpt3-175b", sp: false, seq: "" })).toBe("npx dojo calc activations --model gpt3-175b");
  });

  it("quotes a value that the shell would split or expand, and takes the program to start with", () => {
    expect(calcCommandLine(calc("params"), { model: "gpt2 small" })).toBe("npx dojo calc params --model 'gpt2 small'");
    expect(calcCommandLine(calc("params"), { model: "it's" })).toBe(`npx dojo calc params --model 'it'\\''s'`);
    expect(calcCommandLine(calc("params"), { model: "$(rm -rf ~)" })).toBe("npx dojo calc params --model '$(rm -rf ~)'");
    expect(calcCommandLine(calc("params"), { model: "gpt2-small" }, "dojo")).toBe("dojo calc params --model gpt2-small");
  });

  it("gives back each example's values when the example is read and written again", () => {
    for (const calculator of CALCULATORS) {
      for (const example of calculator.examples) {
        const values = commandLineValues(calculator, example);
        const line = calcCommandLine(calculator, values, "dojo");
        expect(commandLineValues(calculator, line)).toEqual(Object.fromEntries(Object.entries(values).filter(([name, v]) => v !== calculator.inputs.find((i) => i.name === name)?.default)));
      }
    }
  });
});

describe("valuesFromJson and runCalculator", () => {
  it("takes numbers as their text and drops blank fields and switches that are off", () => {
    expect(valuesFromJson(calc("activations"), { model: "gpt3-175b", tp: 8, seq: " ", sp: false, pp: "8" })).toEqual({ model: "gpt3-175b", tp: "8", pp: "8" });
    expect(valuesFromJson(calc("activations"), { sp: true })).toEqual({ sp: true });
  });

  it("names the field of an unknown input or a value of the wrong kind", () => {
    expect(() => valuesFromJson(calc("pipeline"), { stages: "8" })).toThrow(/^stages: not an input of calc pipeline$/);
    expect(() => valuesFromJson(calc("activations"), { sp: "true" })).toThrow(/^sp \(--sp\): expected true or false/);
    expect(() => valuesFromJson(calc("activations"), { recompute: true })).toThrow(/^recompute \(--recompute\): expected one of its choices, got true$/);
  });

  it("fills in defaults and requires the required inputs", () => {
    // (p − 1)/m with the default v = 1: 7/64 (Narayanan et al. 2021).
    expect(runCalculator(calc("pipeline"), { pp: "8", microbatches: "64" }).results).toMatchObject({ bubble: { bubbleFraction: 7 / 64 } });
    expect(() => runCalculator(calc("pipeline"), { pp: "8" })).toThrow(InputError);
    expect(() => runCalculator(calc("pipeline"), { pp: "8" })).toThrow(/^--microbatches: required$/);
  });

  it("runs every calculator's examples", () => {
    for (const calculator of CALCULATORS) {
      for (const example of calculator.examples) {
        const report = runCalculator(calculator, commandLineValues(calculator, example));
        expect([example, report.command, report.tables.length > 0]).toEqual([example, calculator.name, true]);
      }
    }
  });

  it("answers an unknown calculator with a NotFoundError listing them", () => {
    expect(() => findCalculator("gpu")).toThrow(NotFoundError);
    expect(() => findCalculator("gpu")).toThrow('no calculator "gpu"');
  });
});

describe("dojo calc's flags", () => {
  it("are the calculators' inputs: the same flags in the same order, with their defaults, required ones required, and --json", () => {
    const subcommands = calcCommand().commands;
    expect(subcommands.map((c) => c.name())).toEqual(CALCULATORS.map((c) => c.name));
    for (const calculator of CALCULATORS) {
      const options = subcommands.find((c) => c.name() === calculator.name)!.options;
      const flags = options.map((o) => ({ flags: o.flags, default: o.defaultValue ?? null, required: o.mandatory, help: o.description }));
      const inputs = calculator.inputs.map((i) => ({ flags: i.metavar === null ? i.flag : `${i.flag} ${i.metavar}`, default: i.default, required: i.required, help: i.help }));
      expect(flags).toEqual([...inputs, { flags: "--json", default: null, required: false, help: "print the inputs and results as JSON" }]);
    }
    // Hand-picked: what the README documents.
    const memory = subcommands.find((c) => c.name() === "memory")!.options;
    expect(memory.find((o) => o.long === "--micro-batch")?.defaultValue).toBe("1");
    expect(memory.find((o) => o.long === "--optimizer")?.defaultValue).toBe("adamw");
    expect(subcommands.find((c) => c.name() === "chinchilla")!.options.find((o) => o.long === "--compute")?.mandatory).toBe(true);
  });
});

describe("a report from typed inputs", () => {
  it("pipeline: the interleaved bubble beside the plain one, each with its formula", () => {
    const report = pipelineReport({ stages: 8, microbatches: 64, interleave: 4 });
    // Narayanan et al. 2021: (p − 1)/(v·m) = 7/256 interleaved, (p − 1)/m = 7/64 without.
    expect(report.results).toMatchObject({ bubble: { bubbleFraction: 7 / 256 }, withoutInterleaving: { bubbleFraction: 7 / 64 } });
    expect(report.tables[0].rows.map((r) => [r[0], r[2]])).toEqual([
      ["bubble / ideal compute time", "2.7%"],
      // Idle share of the whole step: 7/(256 + 7) = 2.66%.
      ["bubble / whole step", "2.7%"],
      ["without interleaving", "10.9%"],
    ]);
    expect(report.tables[0].rows[0][3]).toContain("(p − 1)");
  });

  it("resolves each flag's text into its own field", () => {
    expect(resolvePipeline({ pp: "8", microbatches: "6.4e1", interleave: "2" })).toEqual({ stages: 8, microbatches: 64, interleave: 2 });
    expect(() => resolvePipeline({ pp: "8", microbatches: "0", interleave: "1" })).toThrow(/^--microbatches: expected a whole number of at least 1/);
  });

  it("chinchilla: the 20-tokens rule puts N = √(C/120) parameters on 20N tokens", () => {
    const report = chinchillaReport({ compute: 1e23, fitName: "hoffmann", tokensPerParam: 20, given: undefined });
    const rule = report.results.ruleOfThumb as { params: number; tokens: number };
    // C = 6·N·20N → N = √(1e23/120) = 2.887e10, D = 5.774e11.
    expect(rule.params).toBeCloseTo(Math.sqrt(1e23 / 120), 0);
    expect(rule.tokens).toBeCloseTo(20 * Math.sqrt(1e23 / 120), -1);
    expect(report.tables[0].rows[1].slice(0, 3)).toEqual(["rule of thumb, 20 tokens/param", "28.9B", "577B"]);
  });
});
