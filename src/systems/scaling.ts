// Compute-optimal scaling (Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models").
//
// Approach 3 fits L(N, D) = E + A/N^α + B/D^β. Minimising it subject to C = 6ND (Hoffmann et al.
// 2022, eq. 4 and Appendix D.2):
//   N_opt = G·(C/6)^(β/(α+β)),   D_opt = G⁻¹·(C/6)^(α/(α+β)) = C/(6·N_opt),   G = (αA/(βB))^(1/(α+β))
// Two published fits disagree: Hoffmann et al.'s rounded values put far more tokens per parameter
// than their own Approaches 1–2 and the Chinchilla model (70B on 1.4T tokens, 20 per parameter);
// Besiroglu et al. 2024 ("Chinchilla Scaling: A replication attempt") refit the data and land near 20.

import { describeValue, InputError } from "../errors.js";
import { checkPositiveNumber } from "./check.js";

/** Parameters of L(N, D) = E + A/N^α + B/D^β. */
export interface ChinchillaFit {
  name: string;
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
  /** Where the numbers are printed. */
  source: string;
}

/** Hoffmann et al. 2022, §3.3 (Approach 3), the rounded values printed in the paper's body. */
export const HOFFMANN_2022: ChinchillaFit = {
  name: "Hoffmann et al. 2022 (Approach 3)",
  E: 1.69,
  A: 406.4,
  B: 410.7,
  alpha: 0.34,
  beta: 0.28,
  source: "Hoffmann et al. 2022, §3.3 (Approach 3: fitting a parametric loss function)",
};

/** Besiroglu et al. 2024's refit of Approach 3 to data reconstructed from Hoffmann et al.'s plots. */
export const BESIROGLU_2024: ChinchillaFit = {
  name: "Besiroglu et al. 2024 (replication)",
  E: 1.8172,
  A: 482.01,
  B: 2085.43,
  alpha: 0.3478,
  beta: 0.3658,
  source: "Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt (their Approach 3 estimates)",
};


function checkFit(fit: ChinchillaFit): ChinchillaFit {
  if (typeof fit !== "object" || fit === null) {
    throw new Error(`fit must be a ChinchillaFit, got ${describeValue(fit)}`);
  }
  checkNumberField(fit.E, "fit.E", 0);
  for (const key of ["A", "B", "alpha", "beta"] as const) checkPositiveNumber(`fit.${key}`, fit[key]);
  return fit;
}

function checkNumberField(value: unknown, name: string, min: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new InputError(`${name} must be a finite number >= ${min}, got ${describeValue(value)}`);
  }
}

/** What `chinchillaLoss` returns. */
export interface ChinchillaLoss {
  /** Predicted loss in nats per token (on Hoffmann et al.'s MassiveText evaluation set). */
  loss: number;
  formula: string;
  convention: string;
}

/**
 * Predicted final training loss of a model with `params` parameters trained on `tokens` tokens.
 *
 * @example chinchillaLoss(70e9, 1.4e12, HOFFMANN_2022).loss // ≈ 1.94 nats
 */
export function chinchillaLoss(params: number, tokens: number, fit: ChinchillaFit): ChinchillaLoss {
  const n = checkPositiveNumber("params", params);
  const d = checkPositiveNumber("tokens", tokens);
  const { E, A, B, alpha, beta, name } = checkFit(fit);
  return {
    loss: E + A / n ** alpha + B / d ** beta,
    formula: "L(N, D) = E + A/N^α + B/D^β",
    convention: `${name}: E = ${E}, A = ${A}, B = ${B}, α = ${alpha}, β = ${beta}`,
  };
}

/** What `chinchillaOptimal` returns. */
export interface ChinchillaOptimum {
  computeFlops: number;
  params: number;
  tokens: number;
  tokensPerParam: number;
  /** Predicted loss at the optimum. */
  loss: number;
  /** N_opt ∝ C^a and D_opt ∝ C^b with a = β/(α+β), b = α/(α+β). */
  exponents: { a: number; b: number };
  formula: string;
  convention: string;
}

/**
 * Loss-minimising model size and token count for a training budget of `computeFlops`, under C = 6ND.
 *
 * @example chinchillaOptimal(5.76e23, BESIROGLU_2024).tokensPerParam // ≈ 18.5 (Chinchilla used 20)
 */
export function chinchillaOptimal(computeFlops: number, fit: ChinchillaFit): ChinchillaOptimum {
  const c = checkPositiveNumber("computeFlops", computeFlops);
  const { E, A, B, alpha, beta, name } = checkFit(fit);
  const a = beta / (alpha + beta);
  const b = alpha / (alpha + beta);
  const g = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  const params = g * (c / 6) ** a;
  const tokens = c / (6 * params);
  return {
    computeFlops: c,
    params,
    tokens,
    tokensPerParam: tokens / params,
    loss: E + A / params ** alpha + B / tokens ** beta,
    exponents: { a, b },
    formula: "N_opt = G·(C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)); D_opt = C/(6·N_opt)",
    convention: `${name}, minimised subject to C = 6ND (Hoffmann et al. 2022, Appendix D.2)`,
  };
}

/** What `tokensPerParamRule` returns. */
export interface RuleOfThumbOptimum {
  computeFlops: number;
  params: number;
  tokens: number;
  tokensPerParam: number;
  formula: string;
  convention: string;
}

/**
 * The "about 20 tokens per parameter" rule of thumb: with D = r·N and C = 6ND, N = √(C/(6r)).
 * A rule of thumb read off Chinchilla (70B parameters, 1.4T tokens) and Hoffmann et al.'s Table 3,
 * not a fitted law.
 *
 * @example tokensPerParamRule(5.76e23).params // √(5.76e23/120) ≈ 6.93e10
 */
export function tokensPerParamRule(computeFlops: number, tokensPerParam = 20): RuleOfThumbOptimum {
  const c = checkPositiveNumber("computeFlops", computeFlops);
  const r = checkPositiveNumber("tokensPerParam", tokensPerParam);
  const params = Math.sqrt(c / (6 * r));
  return {
    computeFlops: c,
    params,
    tokens: r * params,
    tokensPerParam: r,
    formula: "N = √(C/(6r)), D = r·N",
    convention: `rule of thumb: r = ${r} tokens per parameter (Chinchilla: 70B parameters on 1.4T tokens, Hoffmann et al. 2022), not a fit`,
  };
}

/** What `chinchillaComparison` returns: the fit's optimum beside the rule of thumb, and an optional given (N, D). */
export interface ChinchillaComparison {
  fit: ChinchillaFit;
  optimum: ChinchillaOptimum;
  ruleOfThumb: RuleOfThumbOptimum & { loss: number };
  given: (ChinchillaLoss & { params: number; tokens: number; computeFlops: number }) | null;
}

/**
 * The compute-optimal (N, D) of `fit` for a budget, beside the D = r·N rule of thumb (its loss
 * from the same fit), and the predicted loss of a given N and D with its 6ND compute.
 *
 * @example chinchillaComparison(5.76e23, BESIROGLU_2024).ruleOfThumb.params // √(5.76e23/120) ≈ 6.93e10
 */
export function chinchillaComparison(computeFlops: number, fit: ChinchillaFit, tokensPerParam = 20, given?: { params: number; tokens: number }): ChinchillaComparison {
  const optimum = chinchillaOptimal(computeFlops, fit);
  const rule = tokensPerParamRule(computeFlops, tokensPerParam);
  const givenLoss = given === undefined ? null : { ...chinchillaLoss(given.params, given.tokens, fit), params: given.params, tokens: given.tokens, computeFlops: 6 * given.params * given.tokens };
  return { fit, optimum, ruleOfThumb: { ...rule, loss: chinchillaLoss(rule.params, rule.tokens, fit).loss }, given: givenLoss };
}
