// Win rate of a model against a baseline from pairwise judgments, as AlpacaEval reports it
// (tatsu-lab/alpaca_eval, metrics/winrate.py pairwise_to_winrate -> describe_head2head).
//
// AlpacaEval encodes a judgment as 1 (baseline wins), 2 (model wins), 0 or 1.5 (draw) and
// subtracts 1; here the caller passes that shifted value directly:
//   1 = win, 0 = loss, 0.5 = tie   (from the model's side)
// win_rate = mean × 100 and standard_error = pandas Series.sem() × 100, i.e. the
// standard error of the mean with ddof = 1: sqrt(Σ(x - mean)² / (n - 1)) / sqrt(n).

import { describeValue, InputError } from "../errors.js";

export interface WinRateResult {
  /** Mean score × 100: (wins + ties/2) / n × 100. */
  winRate: number;
  /** Standard error of the mean × 100 (ddof = 1). NaN when n = 1, as pandas gives. */
  standardError: number;
  wins: number;
  losses: number;
  ties: number;
  n: number;
}

/**
 * AlpacaEval win rate (percent) and its standard error from per-comparison outcomes
 * 1 (win), 0 (loss) or 0.5 (tie). Any other value is an error, never dropped.
 *
 * With n = 1 the sample variance is undefined, so standardError is NaN (pandas' sem()
 * returns NaN too); a single comparison says nothing about its own uncertainty.
 *
 * @example winRate([1, 1, 0, 0.5]) // winRate 62.5, standardError ≈ 23.94, wins 2, losses 1, ties 1, n 4
 */
export function winRate(prefs: ReadonlyArray<number>): WinRateResult {
  if (!Array.isArray(prefs) || prefs.length === 0) {
    throw new InputError("prefs must be a non-empty list of outcomes", "pass 1 (win), 0 (loss) or 0.5 (tie) per comparison");
  }
  let wins = 0;
  let losses = 0;
  let ties = 0;
  let sum = 0;
  for (let i = 0; i < prefs.length; i++) {
    const outcome: unknown = prefs[i];
    if (outcome === 1) wins += 1;
    else if (outcome === 0) losses += 1;
    else if (outcome === 0.5) ties += 1;
    else {
      throw new InputError(
        `prefs[${i}] is ${describeValue(outcome)}, not an outcome`,
        "each comparison must be 1 (win), 0 (loss) or 0.5 (tie)",
      );
    }
    sum += outcome;
  }
  const n = prefs.length;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (prefs[i] - mean) ** 2;
  // pandas nanops: var = Σ(x - mean)² / (n - ddof); sem = sqrt(var) / sqrt(n). 0/0 = NaN at n = 1.
  const standardError = Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
  return { winRate: mean * 100, standardError: standardError * 100, wins, losses, ties, n };
}
