import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { parseCount, parseInteger, parsePositiveInt, parseSeed } from "../src/cli/options.js";

describe("whole-number flags", () => {
  it("take plain digits and scientific notation that names a whole number", () => {
    expect(parsePositiveInt("--steps", "600")).toBe(600);
    expect(parsePositiveInt("--steps", "1e4")).toBe(10_000);
    expect(parsePositiveInt("--steps", "3.2E4")).toBe(32_000);
    expect(parsePositiveInt("--steps", "1e+2")).toBe(100);
    expect(parseCount("--new", "0")).toBe(0);
    expect(parseCount("--new", "2e1")).toBe(20);
    expect(parseSeed("1e3")).toBe(1000);
  });

  it("refuse fractions, negatives, zero where at least 1 is needed, and values past 2^53", () => {
    for (const text of ["1.5", "1e-3", "1.25e1", "-2", "0", "", "ten", "1e16", "0x10"]) {
      expect(() => parsePositiveInt("--steps", text), text).toThrow(InputError);
    }
    expect(() => parsePositiveInt("--steps", "2.5")).toThrow('--steps: expected a whole number of at least 1, got "2.5"');
    expect(() => parsePositiveInt("--tokens", "1e20")).toThrow('--tokens: expected a whole number of at least 1 and at most 2^53 − 1, got "1e20"');
    expect(() => parseCount("--new", "-1")).toThrow(InputError);
    expect(() => parseSeed("0.5")).toThrow(/--seed: expected a whole number of 0 or more/);
  });
});

describe("any whole number", () => {
  it("takes a sign and scientific notation (a seed of 1e3)", () => {
    expect(parseInteger("--seed", "1e3")).toBe(1000);
    expect(parseInteger("--seed", "-42")).toBe(-42);
    expect(parseInteger("--seed", "-2e1")).toBe(-20);
    for (const text of ["1.5", "--1", "-", "1e-1"]) expect(() => parseInteger("--seed", text), text).toThrow(InputError);
  });
});
