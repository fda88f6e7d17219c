/**
 * mlp_forward_backward(x, W1, b1, W2, b2, y): a two-layer ReLU MLP, its mean squared error
 * and the gradients of the four parameters. Expected values from the engine's ops
 * (matmul, add, relu, sub, mul, mean in src/tensor) and its autograd.
 */
import { add, mul, sub } from "../../tensor/elementwise.js";
import { matmul } from "../../tensor/matmul.js";
import { mean } from "../../tensor/reduce.js";
import { relu } from "../../tensor/relu.js";
import { backward } from "../../tensor/tensor.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { integer, normal, pick } from "./draw.js";
import { gradOfTensor, toTensor } from "./tensor-values.js";

const NAMES = ["x", "W1", "b1", "W2", "b2", "y"] as const;
type Inputs = Record<(typeof NAMES)[number], NDArray>;
const inputs = (c: KataCase): Inputs => Object.fromEntries(NAMES.map((name, i) => [name, c.args[i] as NDArray])) as Inputs;

const f32 = (shape: number[], data: number[]) => nd(shape, data.map(Math.fround));
const call = (args: Inputs, name?: string): KataCase => ({ fn: "mlp_forward_backward", args: NAMES.map((n) => args[n]), ...(name ? { name } : {}) });

/** A row-major matrix as rows. */
const rows = (a: NDArray): number[][] => Array.from({ length: a.shape[0] }, (_, i) => Array.from(a.data.subarray(i * a.shape[1], (i + 1) * a.shape[1])));
const matmul64 = (a: number[][], b: number[][]): number[][] => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose64 = (a: number[][], width: number): number[][] => Array.from({ length: width }, (_, j) => a.map((row) => row[j]));
const ndRows = (a: number[][], width: number) => nd([a.length, width], a.flat());

interface Mistake {
  /** Whether dh is multiplied by the ReLU's mask (pre > 0). */
  maskRelu: boolean;
  /** dL/dout = dScale·(out − y): 2/(N·O) when right. */
  dScale: (N: number, O: number) => number;
  /** Bias gradients summed over the examples (axis 0, right) or over the features (axis 1). */
  biasAxis: 0 | 1;
}

/** The dict a solution with this mistake returns, in float64. */
function mistaken(c: KataCase, { maskRelu, dScale, biasAxis }: Mistake): Value {
  const { x, W1, b1, W2, b2, y } = inputs(c);
  const [N, H, O] = [x.shape[0], W1.shape[1], W2.shape[1]];
  const pre = matmul64(rows(x), rows(W1)).map((row) => row.map((v, j) => v + b1.data[j]));
  const h = pre.map((row) => row.map((v) => Math.max(v, 0)));
  const diff = matmul64(h, rows(W2)).map((row, i) => row.map((v, j) => v + b2.data[j] - y.data[i * O + j]));
  const loss = diff.flat().reduce((s, v) => s + v * v, 0) / (N * O);
  const dOut = diff.map((row) => row.map((v) => dScale(N, O) * v));
  const dPre = matmul64(dOut, transpose64(rows(W2), H)).map((row, i) => row.map((v, j) => (!maskRelu || pre[i][j] > 0 ? v : 0)));
  const biasGrad = (d: number[][], width: number) =>
    biasAxis === 0 ? nd([width], d[0].map((_, j) => d.reduce((s, row) => s + row[j], 0))) : nd([N], d.map((row) => row.reduce((s, v) => s + v, 0)));
  return {
    loss,
    dW1: ndRows(matmul64(transpose64(rows(x), x.shape[1]), dPre), H),
    db1: biasGrad(dPre, H),
    dW2: ndRows(matmul64(transpose64(h, H), dOut), O),
    db2: biasGrad(dOut, O),
  };
}

const RIGHT: Mistake = { maskRelu: true, dScale: (N, O) => 2 / (N * O), biasAxis: 0 };

const generator: CaseGenerator = {
  random(rng) {
    const [N, D, H, O] = [integer(rng, 1, 8), integer(rng, 1, 6), integer(rng, 2, 8), integer(rng, 1, 4)];
    const std = pick(rng, [0.5, 1]);
    return call({ x: normal(rng, [N, D]), W1: normal(rng, [D, H], std), b1: normal(rng, [H], 0.5), W2: normal(rng, [H, O], std), b2: normal(rng, [O], 0.5), y: normal(rng, [N, O]) });
  },
  edges: () => {
    const W1 = f32([2, 3], [1, -0.5, 0.25, 0.5, 2, -1]);
    const W2 = f32([3, 2], [1, 0.5, -1, 2, 0.5, -0.25]);
    const b2 = f32([2], [0.1, -0.2]);
    return [
      call({ x: f32([1, 2], [1, 2]), W1, b1: f32([3], [0.1, -0.3, 0.2]), W2, b2, y: f32([1, 2], [0.5, -1]) }, "one example (N = 1)"),
      call({ x: f32([2, 2], [1, -1, 0.5, 0.5]), W1, b1: f32([3], [-10, -10, -10]), W2, b2, y: f32([2, 2], [1, 0, -1, 2]) }, "all hidden units dead"),
      call({ x: f32([2, 2], [0, 0, 1, -1]), W1, b1: f32([3], [0, 0, 0]), W2, b2, y: f32([2, 2], [1, 0, -1, 2]) }, "pre-activations exactly 0"),
      call({ x: f32([3, 2], [1, 2, -1, 0.5, 0, 1]), W1, b1: f32([3], [0.1, -0.3, 0.2]), W2: f32([3, 1], [1, -1, 0.5]), b2: f32([1], [0.3]), y: f32([3, 1], [1, -1, 0]) }, "one output (O = 1)"),
    ];
  },
  expected(c) {
    const [x, W1, b1, W2, b2, y] = c.args.map((a, i) => toTensor(a, i !== 0 && i !== 5));
    const out = add(matmul(relu(add(matmul(x, W1), b1)), W2), b2); // [N, O]
    const diff = sub(out, y);
    const loss = mean(mul(diff, diff)); // over all N·O elements
    backward(loss);
    return { loss: loss.data[0], dW1: gradOfTensor(W1), db1: gradOfTensor(b1), dW2: gradOfTensor(W2), db2: gradOfTensor(b2) };
  },
  bugs: {
    "relu-not-masked": (c) => mistaken(c, { ...RIGHT, maskRelu: false }),
    "gradient-missing-mean": (c) => mistaken(c, { ...RIGHT, dScale: () => 2 }),
    "bias-wrong-axis": (c) => mistaken(c, { ...RIGHT, biasAxis: 1 }),
  },
};

export default generator;
