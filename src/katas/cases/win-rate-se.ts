/**
 * win_rate(prefs) -> (win rate %, standard error %), as AlpacaEval reports a head-to-head.
 * Expected values from src/metrics/win-rate.ts: the mean of the outcomes and its standard
 * error with the sample variance (ddof = 1), both times 100.
 */
import { winRate } from "../../metrics/win-rate.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer } from "./draw.js";

const call = (prefs: number[], name?: string): KataCase => ({ fn: "win_rate", args: [nd([prefs.length], prefs)], ...(name ? { name } : {}) });
const outcomes = (c: KataCase) => Array.from((c.args[0] as NDArray).data);

/** [100·mean, 100·sqrt(Σ(x − mean)² / (n − ddof)) / √n], or without the / √n: the mistakes vary ddof and the √n. */
function meanAndSpread(x: number[], ddof: number, divideBySqrtN: boolean): [number, number] {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(x.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - ddof));
  return [100 * mean, 100 * (divideBySqrtN ? std / Math.sqrt(n) : std)];
}

const generator: CaseGenerator = {
  random(rng) {
    const n = integer(rng, 2, 80);
    const pWin = rng.nextFloat();
    const pTie = (1 - pWin) * rng.nextFloat() * 0.6;
    return call(
      Array.from({ length: n }, () => {
        const u = rng.nextFloat();
        return u < pWin ? 1 : u < pWin + pTie ? 0.5 : 0;
      }),
    );
  },
  edges: () => [
    call([1, 1, 0, 0.5], "wins, a loss and a tie"),
    call([0.5, 1, 0.5, 0, 0.5, 0.5], "mostly ties"),
    call([0.5, 0.5, 0.5], "only ties"),
    call([1, 1, 1, 1], "all wins"),
    call([0], "one comparison"),
  ],
  expected(c) {
    const result = winRate(outcomes(c));
    return [result.winRate, result.standardError];
  },
  bugs: {
    // Ties removed before averaging: wins / (wins + losses); NaN when nothing is left.
    "ties-dropped": (c) => {
      const decided = outcomes(c).filter((x) => x !== 0.5);
      return decided.length === 0 ? [NaN, NaN] : meanAndSpread(decided, 1, true);
    },
    // np.std's default ddof = 0: the population variance.
    "population-variance": (c) => meanAndSpread(outcomes(c), 0, true),
    // The standard deviation of the outcomes, not of their mean.
    "std-not-standard-error": (c) => meanAndSpread(outcomes(c), 1, false),
  },
};

export default generator;
