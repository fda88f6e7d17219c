/**
 * softmax(x) and log_softmax(x) over the last axis. Expected values from the engine's
 * softmax and logSoftmax (src/tensor/softmax.ts), which subtract the row maximum.
 */
import { logSoftmax, softmax } from "../../tensor/softmax.js";
import { tensor } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";

const FUNCTIONS = ["softmax", "log_softmax"] as const;

/** f applied to each row (the last axis) of x, in float64. */
function rowwise(x: NDArray, f: (row: number[]) => number[]): NDArray {
  const width = x.shape[x.shape.length - 1];
  const out: number[] = [];
  for (let start = 0; start < x.data.length; start += width) out.push(...f(Array.from(x.data.subarray(start, start + width))));
  return nd(x.shape, out);
}

const naiveSoftmax = (row: number[]) => {
  const e = row.map(Math.exp);
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
};

/** softmax over axis 0 of a matrix: columns sum to one instead of rows. */
function softmaxOverColumns(x: NDArray): NDArray | undefined {
  if (x.shape.length !== 2) return undefined;
  const [rows, cols] = x.shape;
  const out = new Float64Array(x.data.length);
  for (let j = 0; j < cols; j++) {
    const column = Array.from({ length: rows }, (_, i) => x.data[i * cols + j]);
    const max = Math.max(...column);
    const e = column.map((v) => Math.exp(v - max));
    const total = e.reduce((a, b) => a + b, 0);
    e.forEach((v, i) => (out[i * cols + j] = v / total));
  }
  return nd(x.shape, out);
}

const edge = (name: string, fn: string, shape: number[], data: number[]): KataCase => ({ name, fn, args: [nd(shape, data)] });

const generator: CaseGenerator = {
  random(rng, i) {
    const fn = FUNCTIONS[i % 2];
    const shape = pick(rng, [[integer(rng, 2, 12)], [integer(rng, 1, 5), integer(rng, 2, 10)], [2, integer(rng, 1, 3), integer(rng, 2, 6)]]);
    return { fn, args: [normal(rng, shape, pick(rng, [1, 3, 10]))] };
  },
  edges: () => [
    edge("logits of ±1e4", "softmax", [2, 3], [1e4, 0, -1e4, -1e4, -1e4, 1e4]),
    edge("log-softmax of ±1e4", "log_softmax", [2, 3], [1e4, 0, -1e4, 3, -1e4, 2]),
    edge("length-1 rows", "softmax", [3, 1], [5, -2, 0]),
    edge("tied logits", "log_softmax", [4], [0.5, 0.5, 0.5, 0.5]),
    edge("columns differ from rows", "softmax", [2, 3], [1, 2, 3, 0, 0, 5]),
  ],
  expected({ fn, args: [x] }) {
    const input = x as NDArray;
    const t = tensor(input.data, input.shape);
    return nd(input.shape, (fn === "softmax" ? softmax(t) : logSoftmax(t)).data);
  },
  bugs: {
    "no-max-subtraction": ({ fn, args: [x] }) => rowwise(x as NDArray, (row) => (fn === "softmax" ? naiveSoftmax(row) : naiveSoftmax(row).map(Math.log))),
    "wrong-axis": ({ fn, args: [x] }) => (fn === "softmax" ? softmaxOverColumns(x as NDArray) : undefined),
    "log-of-softmax": ({ fn, args: [x] }) =>
      fn === "log_softmax"
        ? rowwise(x as NDArray, (row) => {
            const max = Math.max(...row);
            return naiveSoftmax(row.map((v) => v - max)).map(Math.log);
          })
        : undefined,
  },
};

export default generator;
