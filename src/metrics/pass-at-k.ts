// pass@k: the probability that at least one of k samples, drawn without replacement from
// n generated samples of which c are correct, passes the tests.
//
// Unbiased estimator of Chen et al. 2021, "Evaluating Large Language Models Trained on
// Code" (HumanEval), eq. 1, as openai/human-eval's estimate_pass_at_k computes it:
//   pass@k = 1 - C(n-c, k) / C(n, k) = 1 - Π_{i=n-c+1..n} (1 - k/i),   and 1 when n - c < k.
// The product form never builds binomial coefficients, which overflow long before n = 100,000.

import { InputError } from "../errors.js";

/**
 * Unbiased pass@k for one problem with n samples, c of them correct.
 *
 * Computed in log space, -expm1(Σ log1p(-k/i)), which keeps full relative precision when
 * the result is near 0 (where 1 - Π loses digits to cancellation).
 *
 * @example passAtK(10, 3, 1) // 0.3  (= c/n for k = 1)
 * @example passAtK(10, 3, 8) // 1    (n - c = 7 < 8: every draw of 8 contains a correct sample)
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCount(n, "n");
  checkCount(c, "c");
  checkCount(k, "k");
  if (k === 0) throw new InputError("k must be at least 1, got 0", "pass@k is defined for k = 1, 2, ...");
  if (k > n) {
    throw new InputError(`k must be at most n, got k = ${k} > n = ${n}`, "generate at least k samples per problem");
  }
  if (c > n) {
    throw new InputError(`c must be at most n, got c = ${c} > n = ${n}`, "c counts the correct samples among the n");
  }
  if (n - c < k) return 1;
  if (c === 0) return 0; // empty product; returning it directly avoids -expm1(0) = -0
  // log Π (1 - k/i) = Σ log1p(-k/i); each factor is in [0, 1) because i > n - c >= k.
  let logFailAll = 0;
  for (let i = n - c + 1; i <= n; i++) logFailAll += Math.log1p(-k / i);
  return -Math.expm1(logFailAll);
}

/**
 * Mean pass@k over problems, each with its own n and c (as human-eval reports
 * `estimate_pass_at_k(total, correct, k).mean()`).
 *
 * @example meanPassAtK([{ n: 10, c: 3 }, { n: 10, c: 0 }], 1) // (0.3 + 0) / 2 = 0.15
 */
export function meanPassAtK(problems: ReadonlyArray<{ n: number; c: number }>, k: number): number {
  if (!Array.isArray(problems) || problems.length === 0) {
    throw new InputError("problems must be a non-empty list of { n, c }", "pass at least one problem's sample counts");
  }
  let sum = 0;
  problems.forEach((problem, index) => {
    try {
      sum += passAtK(problem?.n, problem?.c, k);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`problems[${index}]: ${error.message}`, error.hint);
      throw error;
    }
  });
  return sum / problems.length;
}

function checkCount(value: number, name: string): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(
      `${name} must be a non-negative integer, got ${typeof value === "number" ? value : JSON.stringify(value)}`,
      "n is the number of samples, c the number correct, k the number drawn",
    );
  }
}
