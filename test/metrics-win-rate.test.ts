import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { winRate } from "../src/metrics/win-rate.js";

describe("winRate (AlpacaEval pairwise_to_winrate)", () => {
  it("computes a worked example by hand", () => {
    // outcomes 1, 1, 0, 0.5: mean = 2.5 / 4 = 0.625 -> win rate 62.5
    // deviations 0.375, 0.375, -0.625, -0.125; squares sum = 0.140625 * 2 + 0.390625 + 0.015625 = 0.6875
    // var (ddof 1) = 0.6875 / 3; sem = sqrt(0.6875 / 3) / sqrt(4) = 0.23935678...; × 100
    const result = winRate([1, 1, 0, 0.5]);
    expect(result.winRate).toBe(62.5);
    expect(result.standardError).toBeCloseTo((Math.sqrt(0.6875 / 3) / 2) * 100, 12);
    expect(result.standardError).toBeCloseTo(23.935678, 5);
    expect(result).toMatchObject({ wins: 2, losses: 1, ties: 1, n: 4 });
  });

  it("computes a second example: 3 wins, 1 loss", () => {
    // mean 0.75; squares 3 * 0.0625 + 0.5625 = 0.75; var = 0.75 / 3 = 0.25; sem = 0.5 / 2 = 0.25
    const result = winRate([1, 0, 1, 1]);
    expect(result.winRate).toBe(75);
    expect(result.standardError).toBeCloseTo(25, 12);
    expect(result).toMatchObject({ wins: 3, losses: 1, ties: 0, n: 4 });
  });

  it("gives zero standard error when every outcome is the same", () => {
    expect(winRate([0.5, 0.5, 0.5])).toEqual({ winRate: 50, standardError: 0, wins: 0, losses: 0, ties: 3, n: 3 });
    expect(winRate([0, 0]).winRate).toBe(0);
    expect(winRate([1, 1]).winRate).toBe(100);
  });

  it("returns NaN standard error for n = 1, as pandas' sem() does", () => {
    const result = winRate([1]);
    expect(result.winRate).toBe(100);
    expect(result.standardError).toBeNaN();
    expect(result.n).toBe(1);
  });

  it("rejects every other value, naming its index, never dropping it", () => {
    const bad: unknown[] = [2, -1, Number.NaN, "1", null, undefined, 1.5, 0.25, Infinity, true];
    for (const value of bad) {
      expect(() => winRate([1, value as number, 0]), String(value)).toThrow(InputError);
      expect(() => winRate([1, value as number, 0]), String(value)).toThrow(/prefs\[1\]/);
    }
    expect(() => winRate([1, 0, 2])).toThrow(/prefs\[2\] is 2/);
    expect(() => winRate([Number.NaN])).toThrow(/prefs\[0\] is NaN/);
    expect(() => winRate(["1" as unknown as number])).toThrow(/prefs\[0\] is "1"/);
    expect(() => winRate([null as unknown as number])).toThrow(/prefs\[0\] is null/);
  });

  it("rejects an empty list", () => {
    expect(() => winRate([])).toThrow(InputError);
  });
});
