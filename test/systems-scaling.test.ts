import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import {
  BESIROGLU_2024,
  chinchillaComparison,
  chinchillaLoss,
  chinchillaOptimal,
  HOFFMANN_2022,
  tokensPerParamRule,
  type ChinchillaFit,
} from "../src/systems/scaling.js";

// Hoffmann et al. 2022, Table 3 (Approach 1 projections): parameters, FLOPs, tokens.
const TABLE_3: [number, number, number][] = [
  [400e6, 1.92e19, 8.0e9],
  [1e9, 1.21e20, 20.2e9],
  [10e9, 1.23e22, 205.1e9],
  [67e9, 5.76e23, 1.5e12],
  [175e9, 3.85e24, 3.7e12],
  [280e9, 9.9e24, 5.9e12],
  [520e9, 3.43e25, 11.0e12],
  [1e12, 1.27e26, 21.2e12],
  [10e12, 1.3e28, 216.2e12],
];

describe("chinchillaLoss", () => {
  it("evaluates E + A/N^α + B/D^β", () => {
    // Chinchilla (70B parameters, 1.4T tokens) with the Hoffmann et al. 2022 fit, by hand:
    // 1.69 + 406.4/70e9^0.34 + 410.7/1.4e12^0.28 = 1.69 + 0.0833 + 0.1634 ≈ 1.9366
    const result = chinchillaLoss(70e9, 1.4e12, HOFFMANN_2022);
    expect(result.loss).toBeCloseTo(1.69 + 406.4 / 70e9 ** 0.34 + 410.7 / 1.4e12 ** 0.28, 12);
    expect(result.loss.toFixed(4)).toBe("1.9366");
    expect(result.formula).toBe("L(N, D) = E + A/N^α + B/D^β");
    expect(result.convention).toContain("Hoffmann");
  });

  it("decreases in both parameters and tokens and approaches E", () => {
    for (const fit of [HOFFMANN_2022, BESIROGLU_2024]) {
      expect(chinchillaLoss(2e9, 1e11, fit).loss).toBeLessThan(chinchillaLoss(1e9, 1e11, fit).loss);
      expect(chinchillaLoss(1e9, 2e11, fit).loss).toBeLessThan(chinchillaLoss(1e9, 1e11, fit).loss);
      expect(chinchillaLoss(1e40, 1e40, fit).loss - fit.E).toBeLessThan(1e-8);
    }
  });
});

describe("chinchillaOptimal", () => {
  it("property: the closed form minimises the loss along C = 6ND (numerical check)", () => {
    let seed = 3;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const fit of [HOFFMANN_2022, BESIROGLU_2024]) {
      for (let trial = 0; trial < 50; trial++) {
        const c = 10 ** (18 + next() * 10);
        const optimum = chinchillaOptimal(c, fit);
        expect(6 * optimum.params * optimum.tokens).toBeCloseTo(c, -Math.floor(Math.log10(c)) + 9);
        expect(optimum.loss).toBeCloseTo(chinchillaLoss(optimum.params, optimum.tokens, fit).loss, 12);
        for (const factor of [0.5, 0.9, 0.99, 1.01, 1.1, 2]) {
          const n = optimum.params * factor;
          expect(chinchillaLoss(n, c / (6 * n), fit).loss).toBeGreaterThan(optimum.loss);
        }
      }
    }
  });

  it("scales N_opt ∝ C^(β/(α+β)) and D_opt ∝ C^(α/(α+β))", () => {
    // Hoffmann et al. 2022, Table 2 prints a = 0.46, b = 0.54 for Approach 3 from the unrounded fit; the rounded
    // α = 0.34, β = 0.28 printed in §3.3 give a = 0.28/0.62 ≈ 0.452. Besiroglu et al. 2024 attribute part of the
    // gap between Approach 3 and Approaches 1–2 to this rounding. This test checks the rounded values' exponents.
    const hoffmann = chinchillaOptimal(1e22, HOFFMANN_2022);
    expect(hoffmann.exponents.a).toBeCloseTo(0.28 / 0.62, 12);
    expect(hoffmann.exponents.a.toFixed(3)).toBe("0.452");
    const besiroglu = chinchillaOptimal(1e22, BESIROGLU_2024);
    expect(besiroglu.exponents.a.toFixed(3)).toBe("0.513");
    expect(besiroglu.exponents.a + besiroglu.exponents.b).toBeCloseTo(1, 12);
    const ratio = chinchillaOptimal(1e24, HOFFMANN_2022).params / hoffmann.params;
    expect(ratio).toBeCloseTo(100 ** (0.28 / 0.62), 9);
  });

  it("Approach 3 fits give numbers different from Table 3 (Approach 1); the refit is near 20 tokens/parameter", () => {
    // Table 3 projects Approach 1. The rounded Hoffmann et al. fit puts Gopher's budget (5.76e23 FLOPs) at ~32B
    // parameters and ~93 tokens per parameter, far from Chinchilla's 70B / 1.4T (20 per parameter) — the
    // inconsistency Besiroglu et al. 2024 report (their Figure 1). Their refit gives ~72B and ~18 tokens per
    // parameter. The paper's own Approach 3 table (Appendix D.3, Table A3) comes from the unrounded fit;
    // its numbers are not reproduced here.
    const hoffmann = chinchillaOptimal(5.76e23, HOFFMANN_2022);
    expect(hoffmann.params / 1e9).toBeGreaterThan(30);
    expect(hoffmann.params / 1e9).toBeLessThan(35);
    expect(hoffmann.tokensPerParam).toBeGreaterThan(80);
    const besiroglu = chinchillaOptimal(5.76e23, BESIROGLU_2024);
    expect(besiroglu.params / 1e9).toBeGreaterThan(65);
    expect(besiroglu.params / 1e9).toBeLessThan(80);
    expect(besiroglu.tokensPerParam).toBeGreaterThan(15);
    expect(besiroglu.tokensPerParam).toBeLessThan(25);
  });

  it("rejects bad input", () => {
    expect(() => chinchillaOptimal(0, HOFFMANN_2022)).toThrow(/computeFlops/);
    expect(() => chinchillaOptimal(-1e20, HOFFMANN_2022)).toThrow(InputError);
    expect(() => chinchillaOptimal(1e20, { ...HOFFMANN_2022, alpha: 0 })).toThrow(/fit.alpha/);
    expect(() => chinchillaOptimal(1e20, undefined as unknown as ChinchillaFit)).toThrow(/fit/);
    expect(() => chinchillaLoss(0, 1e9, HOFFMANN_2022)).toThrow(/params/);
    expect(() => chinchillaLoss(1e9, Number.NaN, HOFFMANN_2022)).toThrow(/tokens/);
  });
});

describe("tokensPerParamRule (rule of thumb, ~20 tokens per parameter)", () => {
  it("is labelled a rule of thumb and satisfies C = 6ND with D = 20N", () => {
    const result = tokensPerParamRule(1.2e21);
    expect(result.convention).toMatch(/rule of thumb/);
    expect(result.params).toBeCloseTo(Math.sqrt(1.2e21 / 120), 0);
    expect(result.tokens / result.params).toBe(20);
    expect(tokensPerParamRule(1.2e21, 10).tokensPerParam).toBe(10);
  });

  it("reproduces every Table 3 row's parameter count within 5% (Hoffmann et al. 2022, Approach 1)", () => {
    // Table 3's token/parameter ratios run from 20 (400M) to 21.6 (10T), so √(C/120) lands within 5% of each
    // printed size. The 67B row's tokens are the exception: its printed 1.5T tokens give 6ND = 6.0e23, not the
    // printed 5.76e23 FLOPs (5.76e23 / (6 · 67e9) = 1.43T), so its tokens are checked within 8%.
    for (const [params, flops, tokens] of TABLE_3) {
      const rule = tokensPerParamRule(flops);
      expect(Math.abs(rule.params / params - 1), `${params}`).toBeLessThan(0.05);
      expect(Math.abs(rule.tokens / tokens - 1), `${params}`).toBeLessThan(params === 67e9 ? 0.08 : 0.05);
    }
  });

  it("rejects bad input", () => {
    expect(() => tokensPerParamRule(Number.POSITIVE_INFINITY)).toThrow(/computeFlops/);
    expect(() => tokensPerParamRule(1e20, 0)).toThrow(/tokensPerParam/);
  });
});

describe("chinchillaComparison", () => {
  it("puts the fit's optimum beside the 20-tokens rule, with the rule's loss from the same fit", () => {
    // Rule: N = √(1e23/120) = 2.8868e10, D = 20N. Loss L = 1.69 + 406.4/N^0.34 + 410.7/D^0.28, written out here.
    const n = Math.sqrt(1e23 / 120);
    const c = chinchillaComparison(1e23, HOFFMANN_2022);
    expect(c.fit.name).toBe("Hoffmann et al. 2022 (Approach 3)");
    expect(c.ruleOfThumb.params).toBeCloseTo(n, 0);
    expect(c.ruleOfThumb.loss).toBeCloseTo(1.69 + 406.4 / n ** 0.34 + 410.7 / (20 * n) ** 0.28, 12);
    expect(c.given).toBeNull();
    // Given 70e9 on 1.4e12: 6ND = 5.88e23 FLOPs.
    const given = chinchillaComparison(5.76e23, BESIROGLU_2024, 20, { params: 70e9, tokens: 1.4e12 }).given;
    expect(given?.computeFlops).toBe(5.88e23);
    expect(given?.loss).toBeCloseTo(1.8172 + 482.01 / 70e9 ** 0.3478 + 2085.43 / 1.4e12 ** 0.3658, 12);
  });
});
