import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../src/stats/prng.js";
import { kernels, setKernels, typescriptKernels } from "../src/tensor/kernels.js";
import { matmulBlocked } from "../src/tensor/matmul-kernel.js";
import { gptConfig } from "../src/nn/config.js";
import { createGpt, forward } from "../src/nn/gpt.js";
import { backward } from "../src/tensor/tensor.js";
import { createThreadedKernels, type ThreadedKernels } from "../src/tensor/threaded-kernels.js";

function random(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.nextFloat() * 2 - 1);
}

/** Index of the first element whose bits differ (Object.is: also tells NaN and ±0 apart), or -1. */
function firstDifference(x: Float32Array, y: Float32Array): number {
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

describe("two-thread matmul backend", () => {
  let threaded: ThreadedKernels;
  beforeAll(() => {
    threaded = createThreadedKernels();
  });
  afterAll(async () => {
    await threaded.close();
  });

  it("is bit-identical to matmulBlocked on odd sizes, every transpose/accumulate option, threaded and not", () => {
    // 5 rows, 97×1×300 and 300×70×1 (< 64³ multiply-adds) stay on the main thread; the others
    // split, 6 rows as 3 + 3 and the rest on odd row counts (7 → 6 + 1, 67 → 36 + 31, 131 → 66 + 65),
    // including k = 1 (641×1×500) and n = 1 (3001×90×1).
    const shapes: Array<[number, number, number]> = [
      [5, 200, 300], [6, 300, 200], [7, 257, 149], [67, 65, 71], [131, 63, 97], [200, 129, 65], [97, 1, 300], [300, 70, 1], [641, 1, 500], [3001, 90, 1],
    ];
    let seed = 0;
    let compared = 0;
    for (const [m, k, n] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) {
            const a = random(m * k, seed++);
            const b = random(k * n, seed++);
            const start = random(m * n, seed++);
            const expected = start.slice();
            const actual = start.slice();
            matmulBlocked(expected, a, b, m, k, n, { transA, transB, accumulate });
            threaded.matmul(actual, a, b, m, k, n, { transA, transB, accumulate });
            expect(firstDifference(expected, actual), `${m}×${k}×${n} transA=${transA} transB=${transB} accumulate=${accumulate}`).toBe(-1);
            compared += expected.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100_000);
  });

  it("runs attention through the threaded matmul, bit-identical to the single-thread kernels", () => {
    const [heads, T, D] = [3, 128, 32]; // T·D·T = 524,288 multiply-adds: above the threading threshold
    const [q, k, v, dOut] = [1, 2, 3, 4].map((seed) => random(heads * T * D, seed));
    const run = (backend: typeof typescriptKernels) => {
      const [out, weights] = [new Float32Array(heads * T * D), new Float32Array(heads * T * T)];
      const [dq, dk, dv] = [0, 1, 2].map(() => new Float32Array(heads * T * D));
      backend.attentionForward(out, weights, q, k, v, T, D);
      backend.attentionBackward(dq, dk, dv, dOut, weights, q, k, v, T, D);
      return [out, weights, dq, dk, dv];
    };
    const single = run(typescriptKernels);
    run(threaded).forEach((x, i) => expect(firstDifference(x, single[i]), ["out", "weights", "dq", "dk", "dv"][i]).toBe(-1));
  });

  it("reuses and grows its shared scratch: a small, a large, then a small call again stay exact", () => {
    for (const [m, k, n, seed] of [[64, 64, 70, 1], [400, 160, 390, 2], [70, 64, 64, 3]] as const) {
      const a = random(m * k, seed);
      const b = random(k * n, seed + 100);
      const expected = new Float32Array(m * n);
      const actual = new Float32Array(m * n).fill(Number.NaN); // every element must be written
      matmulBlocked(expected, a, b, m, k, n);
      threaded.matmul(actual, a, b, m, k, n);
      expect(firstDifference(expected, actual)).toBe(-1);
    }
  });

  it("accepts longer-than-needed input arrays (ops may pass views of larger buffers)", () => {
    const m = 70, k = 80, n = 90;
    const a = random(m * k + 13, 7);
    const b = random(k * n + 17, 8);
    const expected = new Float32Array(m * n);
    const actual = new Float32Array(m * n);
    matmulBlocked(expected, a, b, m, k, n);
    threaded.matmul(actual, a, b, m, k, n);
    expect(firstDifference(expected, actual)).toBe(-1);
  });

  it("plugs into the ops through setKernels: a small GPT's loss and every gradient are bit-identical", () => {
    // B·T = 64 rows and width 64: the attention, MLP and lm-head matmuls (≥ 64³) go through the worker.
    const config = gptConfig({ vocabSize: 65, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 64, dropout: 0 });
    const B = 2, T = 32;
    const rng = createRng(5);
    const ids = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
    const targets = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
    const run = () => {
      const model = createGpt(config, 1337);
      const { loss } = forward(model, ids, B, T, targets, { training: true, rng: createRng(0) });
      backward(loss!);
      return { loss: loss!.data[0], grads: model.parameters.map((p) => p.grad!.slice()) };
    };
    const single = run();
    const previous = setKernels(threaded);
    let both: ReturnType<typeof run>;
    try {
      expect(kernels()).toBe(threaded);
      both = run();
    } finally {
      setKernels(previous);
    }
    expect(kernels()).toBe(typescriptKernels);
    expect(Object.is(both.loss, single.loss)).toBe(true);
    expect(both.grads.length).toBe(single.grads.length);
    single.grads.forEach((grad, i) => expect(firstDifference(grad, both.grads[i]), `parameter ${i}`).toBe(-1));
  });
});

describe("close()", () => {
  it("terminates the worker (the promise resolves once it has exited); matmul afterwards throws; close() twice is harmless", async () => {
    const threaded = createThreadedKernels();
    const out = new Float32Array(100 * 100);
    threaded.matmul(out, random(100 * 100, 1), random(100 * 100, 2), 100, 100, 100);
    const exited = threaded.close();
    await expect(exited).resolves.toBeUndefined();
    await threaded.close();
    expect(() => threaded.matmul(out, random(100 * 100, 1), random(100 * 100, 2), 100, 100, 100)).toThrow(/after close/);
  });
});
