/**
 * gelu_exact(x) = x·Φ(x) and gelu_tanh(x), GPT-2's tanh approximation, elementwise. Expected
 * values from the engine's gelu and geluTanh (src/tensor/activation.ts).
 */
import { gelu, geluTanh } from "../../tensor/activation.js";
import { erfc } from "../../tensor/erfc.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray } from "../values.js";
import { integer, normal, pick } from "./draw.js";
import { forwardOnly, toTensor } from "./tensor-values.js";

const FUNCTIONS = ["gelu_exact", "gelu_tanh"] as const;
const GRID = [-3, -2, -1, -0.5, 0.5, 1, 2, 3];
const LARGE = [-20, -10, 10, 20];

const edge = (name: string, fn: string, data: number[]): KataCase => ({ name, fn, args: [nd([data.length], data)] });

/** f applied to every element of the case's x, in float64. */
const elementwise = ({ args: [x] }: KataCase, f: (v: number) => number): NDArray => nd((x as NDArray).shape, Array.from((x as NDArray).data, f));

/** The tanh form with its two constants as given: ½·x·(1 + tanh(scale·(x + cubic·x³))). */
const tanhForm = (scale: number, cubic: number) => (v: number) => 0.5 * v * (1 + Math.tanh(scale * (v + cubic * v ** 3)));

const generator: CaseGenerator = {
  random(rng, i) {
    const shape = pick(rng, [[integer(rng, 1, 12)], [integer(rng, 1, 4), integer(rng, 2, 6)]]);
    return { fn: FUNCTIONS[i % 2], args: [normal(rng, shape, pick(rng, [1, 3]))] };
  },
  edges: () => [
    edge("x = 0", "gelu_exact", [0]),
    edge("large |x| (±20), exact", "gelu_exact", LARGE),
    edge("large |x| (±20), tanh form", "gelu_tanh", LARGE),
    edge("grid from -3 to 3, exact", "gelu_exact", GRID),
    edge("grid from -3 to 3, tanh form", "gelu_tanh", GRID),
  ],
  expected: ({ fn, args: [x] }) => forwardOnly(() => (fn === "gelu_exact" ? gelu : geluTanh)(toTensor(x))),
  bugs: {
    "missing-half": (c) => elementwise(c, c.fn === "gelu_exact" ? (v) => v * erfc(-v * Math.SQRT1_2) : (v) => 2 * tanhForm(Math.sqrt(2 / Math.PI), 0.044715)(v)),
    "wrong-cubic-coefficient": (c) => (c.fn === "gelu_tanh" ? elementwise(c, tanhForm(Math.sqrt(2 / Math.PI), 0.44715)) : undefined),
    "sqrt-pi-over-2": (c) => (c.fn === "gelu_tanh" ? elementwise(c, tanhForm(Math.sqrt(Math.PI / 2), 0.044715)) : undefined),
  },
};

export default generator;
