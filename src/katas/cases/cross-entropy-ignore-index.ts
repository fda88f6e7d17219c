/**
 * cross_entropy(logits, targets, ignore_index): mean softmax cross-entropy over the rows
 * whose target is not ignore_index. Expected values from the engine's fused crossEntropy
 * (src/tensor/softmax.ts); where every target is ignored the answer is NaN, as PyTorch's
 * F.cross_entropy returns (0 / 0), while the engine returns 0 to keep training finite.
 */
import type { Rng } from "../../stats/prng.js";
import { crossEntropy } from "../../tensor/softmax.js";
import { tensor } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, ndInt, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";

const IGNORE = -100;

const call = (logits: NDArray, targets: NDArray, ignoreIndex = IGNORE, name?: string): KataCase => ({
  fn: "cross_entropy",
  args: [logits, targets, ignoreIndex],
  ...(name ? { name } : {}),
});
const args = (c: KataCase) => c.args as [NDArray, NDArray, number];

/** Targets for n rows over v classes, each ignored with probability `ignored`. */
function drawTargets(rng: Rng, n: number, v: number, ignored: number, ignoreIndex: number): NDArray {
  return ndInt([n], Array.from({ length: n }, () => (rng.nextFloat() < ignored ? ignoreIndex : integer(rng, 0, v - 1))));
}

/** logsumexp(z_r) − z_r[t] per row, with or without the max subtraction. */
function rowLosses(logits: NDArray, targets: number[], stable: boolean): number[] {
  const v = logits.shape[1];
  return targets.map((t, r) => {
    const row = Array.from(logits.data.subarray(r * v, (r + 1) * v));
    const max = stable ? Math.max(...row) : 0;
    return max + Math.log(row.reduce((sum, z) => sum + Math.exp(z - max), 0)) - row[t];
  });
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The rows whose target is kept, and their targets. */
function kept(targets: NDArray, ignoreIndex: number): { rows: number[]; targets: number[] } {
  const rows = [...targets.data.keys()].filter((r) => targets.data[r] !== ignoreIndex);
  return { rows, targets: rows.map((r) => targets.data[r]) };
}

/** The rows `rows` of a [N, V] matrix. */
function takeRows(logits: NDArray, rows: number[]): NDArray {
  const v = logits.shape[1];
  return nd([rows.length, v], rows.flatMap((r) => Array.from(logits.data.subarray(r * v, (r + 1) * v))));
}

const generator: CaseGenerator = {
  random(rng) {
    const n = integer(rng, 1, 16);
    const v = pick(rng, [integer(rng, 2, 12), integer(rng, 12, 60), integer(rng, 100, 160)]);
    const targets = drawTargets(rng, n, v, pick(rng, [0, 0.3, 0.6]), IGNORE);
    return call(normal(rng, [n, v], pick(rng, [1, 3, 10])), targets);
  },
  edges: () => [
    call(
      nd([2, 128], Array.from({ length: 256 }, (_, i) => ((i * 37) % 101) / 16 - 3)),
      ndInt([2], [5, -100]),
      IGNORE,
      "vocabulary of 128 with an ignored target",
    ),
    call(nd([4, 3], [2, 1, 0, 0.5, 0.5, -1, 3, 0, 1, -2, 4, 0]), ndInt([4], [0, -100, 2, -100]), IGNORE, "half the targets ignored"),
    call(nd([3, 3], [1e4, 0, -1e4, -1e4, -1e4, 1e4, 0, 1e4, 0]), ndInt([3], [0, 1, 2]), IGNORE, "logits of ±1e4"),
    call(nd([2, 4], [0.5, -0.5, 1, 2, 0, 0, 0, 0]), ndInt([2], [-100, -100]), IGNORE, "every target ignored"),
    call(nd([3, 4], [1, 2, 3, 4, 0, 1, 0, 1, 2, 2, -2, 0]), ndInt([3], [3, 0, 0]), 0, "ignore_index is a real class (0)"),
    call(nd([1, 1], [7.5]), ndInt([1], [0]), IGNORE, "one class"),
  ],
  expected(c) {
    const [logits, targets, ignoreIndex] = args(c);
    // PyTorch divides a sum over no rows by a count of 0.
    if (kept(targets, ignoreIndex).rows.length === 0) return NaN;
    return crossEntropy(tensor(logits.data, logits.shape), targets.data, { ignoreIndex }).data[0];
  },
  bugs: {
    // Σ over kept rows / N, counting the ignored rows in the denominator.
    "divides-by-n": (c) => {
      const [logits, targets, ignoreIndex] = args(c);
      const { rows, targets: t } = kept(targets, ignoreIndex);
      return rowLosses(takeRows(logits, rows), t, true).reduce((a, b) => a + b, 0) / targets.data.length;
    },
    // logits[arange(N), targets] with the ignore index as a class: NumPy wraps -100 to column V - 100
    // (an IndexError when V < 100, so no value to match there).
    "ignored-targets-scored": (c) => {
      const [logits, targets] = args(c);
      const v = logits.shape[1];
      const t = Array.from(targets.data);
      if (t.some((id) => id < -v)) return undefined;
      return mean(rowLosses(logits, t.map((id) => (id < 0 ? id + v : id)), true));
    },
    // log(Σ exp(z)) − z[t]: exp overflows to inf (or underflows to log 0 = −inf) for large logits.
    "no-max-subtraction": (c) => {
      const [logits, targets, ignoreIndex] = args(c);
      const { rows, targets: t } = kept(targets, ignoreIndex);
      return rows.length === 0 ? undefined : mean(rowLosses(takeRows(logits, rows), t, false));
    },
  },
};

export default generator;
