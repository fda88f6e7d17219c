/**
 * get_lr(it, learning_rate, min_lr, warmup_iters, lr_decay_iters): nanoGPT's schedule
 * (train.py get_lr, checked line by line). Expected values from src/optim/schedule.ts
 * warmupCosineLr, which implements the same three branches.
 */
import { warmupCosineLr } from "../../optim/schedule.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";

interface Schedule {
  lr: number;
  minLr: number;
  warmupSteps: number;
  decaySteps: number;
}

const call = (it: number, s: Schedule, name?: string): KataCase => ({
  fn: "get_lr",
  args: [it, s.lr, s.minLr, s.warmupSteps, s.decaySteps],
  ...(name ? { name } : {}),
});

function unpack(c: KataCase): { it: number; s: Schedule } {
  const [it, lr, minLr, warmupSteps, decaySteps] = c.args as number[];
  return { it, s: { lr, minLr, warmupSteps, decaySteps } };
}

/** The three branches, with a mistake switched on in one of them. */
function mistakenLr(c: KataCase, mistake: "warmup-off-by-one" | "cosine-over-full-range" | "decay-to-zero"): number {
  const { it, s } = unpack(c);
  const { lr, minLr, warmupSteps: w, decaySteps: d } = s;
  if (it < w) return mistake === "warmup-off-by-one" ? (lr * it) / w : (lr * (it + 1)) / (w + 1);
  if (it > d) return minLr;
  const ratio = mistake === "cosine-over-full-range" ? it / d : (it - w) / (d - w);
  const coeff = 0.5 * (1 + Math.cos(Math.PI * ratio));
  return mistake === "decay-to-zero" ? coeff * lr : minLr + coeff * (lr - minLr);
}

// nanoGPT's shakespeare_char settings, with the decay shortened so that the warmup is a tenth of it.
const SHAKESPEARE: Schedule = { lr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 1000 };

const generator: CaseGenerator = {
  random(rng) {
    const lr = pick(rng, [6e-4, 1e-3, 3e-4, 1e-2]);
    const warmupSteps = pick(rng, [0, integer(rng, 1, 20), integer(rng, 20, 2000)]);
    const decaySteps = warmupSteps + integer(rng, 1, 20000);
    const s = { lr, minLr: pick(rng, [lr / 10, 0, lr / 100]), warmupSteps, decaySteps };
    const it = pick(rng, [integer(rng, 0, Math.max(0, warmupSteps - 1)), integer(rng, warmupSteps, decaySteps), integer(rng, decaySteps + 1, 2 * decaySteps)]);
    return call(it, s);
  },
  edges: () => [
    call(0, SHAKESPEARE, "it = 0"),
    call(100, SHAKESPEARE, "it = warmup_iters"),
    call(1000, SHAKESPEARE, "it = lr_decay_iters"),
    call(1500, SHAKESPEARE, "beyond lr_decay_iters"),
    call(0, { ...SHAKESPEARE, warmupSteps: 0 }, "no warmup"),
  ],
  expected(c) {
    const { it, s } = unpack(c);
    return warmupCosineLr(it, s);
  },
  bugs: {
    "warmup-off-by-one": (c) => mistakenLr(c, "warmup-off-by-one"),
    "cosine-over-full-range": (c) => mistakenLr(c, "cosine-over-full-range"),
    "decay-to-zero": (c) => mistakenLr(c, "decay-to-zero"),
  },
};

export default generator;
