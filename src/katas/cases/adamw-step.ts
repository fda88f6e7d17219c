/**
 * adamw_step(theta, grad, m, v, t, lr, betas, eps, weight_decay) -> [theta, m, v]: one
 * AdamW update with torch.optim.AdamW's semantics. Expected values from the optimizer's
 * reference kernel (src/optim/adamw-update.ts: float64 per element, stored to float32).
 * Checked once against torch 1.13 (`torch.optim.AdamW([p], lr=0.1, betas=(0.9, 0.999),
 * eps=1e-8, weight_decay=0.5)` on the "large lr and weight decay" case, state m, v and
 * step 6 loaded before the step): theta, m and v agree to within 1 float32 ulp.
 */
import { adamwUpdate } from "../../optim/adamw-update.js";
import type { Rng } from "../../stats/prng.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { nd, type NDArray, type Value } from "../values.js";
import { integer, normal, pick } from "./draw.js";

interface Step {
  theta: NDArray;
  grad: NDArray;
  m: NDArray;
  v: NDArray;
  t: number;
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

const call = (s: Step, name?: string): KataCase => ({
  fn: "adamw_step",
  args: [s.theta, s.grad, s.m, s.v, s.t, s.lr, s.betas, s.eps, s.weightDecay],
  ...(name ? { name } : {}),
});

function unpack(c: KataCase): Step {
  const [theta, grad, m, v, t, lr, betas, eps, weightDecay] = c.args as [NDArray, NDArray, NDArray, NDArray, number, number, [number, number], number, number];
  return { theta, grad, m, v, t, lr, betas, eps, weightDecay };
}

const f32 = (values: number[]) => nd([values.length], Float32Array.from(values));

/**
 * Moments as after t − 1 earlier steps of gradients of scale `scale`: m ~ N(0, (0.3·scale)²),
 * v = (0.5 + |N(0, 1)|)²·scale² so that √v is of the gradients' size; zero before step 1.
 */
function moments(rng: Rng, n: number, t: number, scale: number): { m: NDArray; v: NDArray } {
  if (t === 1) return { m: f32(new Array<number>(n).fill(0)), v: f32(new Array<number>(n).fill(0)) };
  const m = normal(rng, [n], 0.3 * scale);
  const v = f32(Array.from(normal(rng, [n]).data, (z) => (0.5 + Math.abs(z)) ** 2 * scale * scale));
  return { m, v };
}

/** The mistakes, as switches on one float64 transcription of the update. */
interface Mistakes {
  decayAfterUpdate?: boolean;
  l2InGradient?: boolean;
  noBiasCorrection?: boolean;
  epsInsideSqrt?: boolean;
}

function mistakenStep(c: KataCase, mistakes: Mistakes): Value {
  const { theta, grad, m, v, t, lr, betas, eps, weightDecay } = unpack(c);
  const [beta1, beta2] = betas;
  const n = theta.data.length;
  const out = { theta: new Float64Array(n), m: new Float64Array(n), v: new Float64Array(n) };
  for (let j = 0; j < n; j++) {
    const th = theta.data[j];
    const g = grad.data[j] + (mistakes.l2InGradient ? weightDecay * th : 0);
    const mj = beta1 * m.data[j] + (1 - beta1) * g;
    const vj = beta2 * v.data[j] + (1 - beta2) * g * g;
    const mHat = mistakes.noBiasCorrection ? mj : mj / (1 - beta1 ** t);
    const vHat = mistakes.noBiasCorrection ? vj : vj / (1 - beta2 ** t);
    const denominator = mistakes.epsInsideSqrt ? Math.sqrt(vHat + eps) : Math.sqrt(vHat) + eps;
    const decoupled = mistakes.l2InGradient || mistakes.decayAfterUpdate ? 1 : 1 - lr * weightDecay;
    const updated = decoupled * th - (lr * mHat) / denominator;
    out.theta[j] = mistakes.decayAfterUpdate ? updated - lr * weightDecay * updated : updated;
    out.m[j] = mj;
    out.v[j] = vj;
  }
  return [nd([n], out.theta), nd([n], out.m), nd([n], out.v)];
}

const generator: CaseGenerator = {
  random(rng) {
    const n = integer(rng, 1, 12);
    const t = pick(rng, [1, integer(rng, 2, 10), integer(rng, 10, 5000)]);
    const scale = pick(rng, [1e-3, 0.1, 1]);
    return call({
      theta: normal(rng, [n], pick(rng, [0.02, 1])),
      grad: normal(rng, [n], scale),
      ...moments(rng, n, t, scale),
      t,
      lr: pick(rng, [1e-3, 6e-4, 1e-2, 0.1]),
      betas: pick(rng, [[0.9, 0.999], [0.9, 0.95]] as [number, number][]),
      eps: pick(rng, [1e-8, 1e-6]),
      weightDecay: pick(rng, [0, 0.01, 0.1, 0.5]),
    });
  },
  edges: () => [
    call(
      { theta: f32([0.5, -1, 2, 0.1, -0.3]), grad: f32([0.2, -0.5, 1.5, -0.01, 0.3]), m: f32([0, 0, 0, 0, 0]), v: f32([0, 0, 0, 0, 0]), t: 1, lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.1 },
      "t = 1",
    ),
    call(
      { theta: f32([1, -2, 0.5, 3]), grad: f32([0, 0, 0, 0]), m: f32([0.1, -0.05, 0.02, 0]), v: f32([0.04, 0.01, 0.09, 0.01]), t: 10, lr: 1e-2, betas: [0.9, 0.95], eps: 1e-8, weightDecay: 0.1 },
      "zero gradient",
    ),
    call(
      { theta: f32([0.3, -0.7, 1.2]), grad: f32([0.5, 0.25, -1]), m: f32([0.05, 0.1, -0.2]), v: f32([0.02, 0.01, 0.5]), t: 3, lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
      "weight_decay 0",
    ),
    call(
      { theta: f32([1, -1, 0.5, -0.5]), grad: f32([0.3, -0.6, 0.9, 0.1]), m: f32([0.1, -0.2, 0.3, 0]), v: f32([0.1, 0.2, 0.5, 0.05]), t: 7, lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.5 },
      "large lr and weight decay",
    ),
    call(
      { theta: f32([0.01, -0.02, 0.03]), grad: f32([1e-6, -2e-6, 5e-7]), m: f32([1e-6, -1e-6, 1e-6]), v: f32([1e-12, 4e-12, 1e-12]), t: 100, lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
      "tiny gradients",
    ),
  ],
  expected(c) {
    const s = unpack(c);
    const theta = Float32Array.from(s.theta.data);
    const m = Float32Array.from(s.m.data);
    const v = Float32Array.from(s.v.data);
    const [beta1, beta2] = s.betas;
    adamwUpdate(theta, Float32Array.from(s.grad.data), m, v, {
      lr: s.lr,
      beta1,
      beta2,
      eps: s.eps,
      decayFactor: 1 - s.lr * s.weightDecay,
      correction1: 1 - beta1 ** s.t,
      correction2: 1 - beta2 ** s.t,
    });
    const n = theta.length;
    return [nd([n], theta), nd([n], m), nd([n], v)];
  },
  bugs: {
    "decay-after-update": (c) => mistakenStep(c, { decayAfterUpdate: true }),
    "l2-in-gradient": (c) => mistakenStep(c, { l2InGradient: true }),
    "no-bias-correction": (c) => mistakenStep(c, { noBiasCorrection: true }),
    "eps-inside-sqrt": (c) => mistakenStep(c, { epsInsideSqrt: true }),
  },
};

export default generator;
