import { describe, expect, it } from "vitest";
import { gptConfig } from "../src/nn/config.js";
import { createGpt, forward } from "../src/nn/gpt.js";
import { createRng } from "../src/stats/prng.js";
import { resolveBackend } from "../src/tensor/backend.js";
import { adamw, adamwStep, type Parameter } from "../src/optim/index.js";
import { adamwUpdate } from "../src/optim/adamw-update.js";
import { allocate, createArena, releaseArena, withArena } from "../src/tensor/arena.js";
import { geluBackward, geluForward, geluTanhBackward, geluTanhForward } from "../src/tensor/gelu-kernel.js";
import { setKernels, typescriptKernels, type Kernels, type MatmulOptions } from "../src/tensor/kernels.js";
import { layerNormBackward, layerNormForward } from "../src/tensor/layernorm-kernel.js";
import { addBias, sumRows } from "../src/tensor/layout-kernel.js";
import { matmulReference } from "../src/tensor/matmul-kernel.js";
import { backward, zeroGrad } from "../src/tensor/tensor.js";
import { createWasmKernels, SMALL_WORK } from "../src/tensor/wasm-kernels.js";
import { relativeNormError } from "./relative-error.js";

const wasm = createWasmKernels();
const rng = createRng(7);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);

/** A copy of `values` inside the kernels' WebAssembly memory, which the kernels use in place. */
function inWasm(values: Float32Array): Float32Array {
  const x = wasm.allocate(values.length);
  x.set(values);
  return x;
}
/** Both ways an operand can reach a kernel: copied in (a plain array) or in place. */
const PLACEMENTS = [["copied", (x: Float32Array) => x.slice()], ["in place", inWasm]] as const;

/** Runs `work` with `kernels` active, then restores the previous ones. */
function onKernels<T>(kernels: Kernels, work: () => T): T {
  const previous = setKernels(kernels);
  try {
    return work();
  } finally {
    setKernels(previous);
  }
}

describe("WebAssembly SIMD matmul", () => {
  it("matches the reference on random shapes, odd sizes, every transpose and accumulation", () => {
    const shapes = [[17, 16, 16], [5, 33, 40], [64, 64, 64], [37, 129, 70], [1, 300, 9], [100, 1, 77], [13, 8, 8], [768, 128, 65]];
    for (let draw = 0; draw < 6; draw++) shapes.push([1 + rng.nextInt(90), 1 + rng.nextInt(90), 1 + rng.nextInt(90)]);
    for (const [m, k, n] of shapes) {
      for (const options of [{}, { transA: true }, { transB: true }, { transA: true, transB: true }, { accumulate: true }, { transA: true, accumulate: true }, { transB: true, accumulate: true }] as MatmulOptions[]) {
        for (const [placement, place] of PLACEMENTS) {
          const a = place(random(m * k));
          const b = place(random(k * n));
          const start = random(m * n);
          const expected = start.slice();
          const actual = place(start);
          matmulReference(expected, a, b, m, k, n, options);
          wasm.matmul(actual, a, b, m, k, n, options);
          expect(relativeNormError(actual, expected), `${m}×${k}×${n} ${JSON.stringify(options)} ${placement}`).toBeLessThan(5e-7); // measured 2.2e-7
        }
      }
    }
  });

  it("leaves memory outside the output untouched and reuses its buffers across sizes", () => {
    const out = new Float32Array(40 * 50 + 8).fill(7);
    wasm.matmul(out.subarray(0, 40 * 50), random(40 * 30), random(30 * 50), 40, 30, 50);
    expect(Array.from(out.subarray(40 * 50))).toEqual(new Array(8).fill(7));
    const big = new Float32Array(600 * 600);
    wasm.matmul(big, random(600 * 600), random(600 * 600), 600, 600, 600); // grows the memory
    const small = new Float32Array(20 * 20);
    const [a, b] = [random(20 * 20), random(20 * 20)];
    const expected = new Float32Array(20 * 20);
    matmulReference(expected, a, b, 20, 20, 20);
    wasm.matmul(small, a, b, 20, 20, 20);
    expect(relativeNormError(small, expected)).toBeLessThan(2e-7); // measured 9e-8
    expect(20 * 20 * 20).toBeGreaterThan(SMALL_WORK); // so the SIMD path ran
  });

  it("gives a whole training step (loss and every gradient) equal to the TypeScript backend within float32 tolerance", () => {
    const config = gptConfig({ vocabSize: 65, blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 64, dropout: 0 });
    const ids = Int32Array.from({ length: 4 * 32 }, () => rng.nextInt(65));
    const targets = Int32Array.from({ length: 4 * 32 }, () => rng.nextInt(65));
    const run = (kernels: Kernels) =>
      onKernels(kernels, () => {
        const model = createGpt(config, 3);
        zeroGrad(model.parameters);
        const { loss } = forward(model, ids, 4, 32, targets);
        backward(loss!);
        return { loss: loss!.data[0], grads: model.parameters.map((p) => [p.name, p.grad.slice()] as const) };
      });
    const reference = run(typescriptKernels);
    const fast = run(wasm);
    expect(Math.abs(fast.loss - reference.loss) / reference.loss).toBeLessThan(1e-6); // measured 0
    reference.grads.forEach(([name, grad], i) => expect(relativeNormError(fast.grads[i][1], grad), name).toBeLessThan(1e-6)); // measured 5.3e-7
  });
});

describe("WebAssembly backend, whole training steps", () => {
  it("keeps parameters, moments and arena buffers in its memory and trains like the TypeScript backend for 3 AdamW steps", () => {
    const config = gptConfig({ vocabSize: 65, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32, dropout: 0 });
    const ids = Int32Array.from({ length: 4 * 16 }, () => rng.nextInt(65));
    const targets = Int32Array.from({ length: 4 * 16 }, () => rng.nextInt(65));
    const train = (kernels: Kernels) =>
      onKernels(kernels, () => {
        const model = createGpt(config, 5);
        const optimizer = adamw(model.parameters as Parameter[], { lr: 1e-2, weightDecay: 0.1 });
        const arena = createArena();
        const losses = [0, 1, 2].map(() =>
          withArena(arena, () => {
            zeroGrad(model.parameters);
            const { loss, logits } = forward(model, ids, 4, 16, targets);
            if (kernels === wasm) expect(wasm.owns(logits.data)).toBe(true);
            backward(loss!);
            adamwStep(optimizer);
            return loss!.data[0];
          }),
        );
        if (kernels === wasm) expect([...model.parameters.map((p) => p.data), ...optimizer.m, ...optimizer.v].every((x) => wasm.owns(x))).toBe(true);
        return { losses, weights: model.parameters.map((p) => [p.name, p.data.slice()] as const) };
      });
    const reference = train(typescriptKernels);
    const fast = train(wasm);
    fast.losses.forEach((loss, i) => expect(Math.abs(loss - reference.losses[i]) / reference.losses[i], `loss ${i}`).toBeLessThan(1e-6)); // measured 1.9e-7
    expect(fast.losses[2]).toBeLessThan(fast.losses[0]); // it trains
    // The key part of c_attn.bias, [C, 2C), is left out: adding it to every key shifts all of a
    // query's scores alike, so its true gradient is 0 and both backends compute rounding noise
    // there, which AdamW's m/√v turns into steps of ±lr either way.
    const C = config.nEmbd;
    const comparable = (name: string, w: Float32Array) => (name.endsWith("attn.c_attn.bias") ? Float32Array.of(...w.subarray(0, C), ...w.subarray(2 * C)) : w);
    // Measured 1.1e-5: three AdamW steps divide by √v, which magnifies the gradients' 5e-7.
    reference.weights.forEach(([name, w], i) => expect(relativeNormError(comparable(name, fast.weights[i][1]), comparable(name, w)), name).toBeLessThan(3e-5));
  });
});

describe("step arena on the WebAssembly backend", () => {
  it("makes its buffers in the kernels' memory and gives them back when a shape changes or the arena is released", () => {
    onKernels(wasm, () => {
      const arena = createArena();
      const first = withArena(arena, () => allocate(1000));
      expect(wasm.owns(first)).toBe(true);
      const smaller = withArena(arena, () => allocate(500)); // slot 0 changes shape: the old buffer is released first
      expect(smaller.byteOffset).toBe(first.byteOffset);
      releaseArena(arena);
      expect(arena.bytes).toBe(0);
      const again = withArena(createArena(), () => allocate(500));
      expect(again.byteOffset).toBe(smaller.byteOffset); // released, so reused
    });
  });
});

describe("WebAssembly SIMD bias, AdamW and zeroing kernels", () => {
  it("adds a bias to every row and sums rows into a bias gradient exactly as the reference, for widths that are not multiples of 4", () => {
    for (const [rows, n] of [[1, 1], [3, 7], [12, 128], [5, 65]]) {
      for (const [placement, place] of PLACEMENTS) {
        const [out, bias, dOut, dBias] = [random(rows * n), random(n), random(rows * n), random(n)];
        const [outRef, dBiasRef] = [out.slice(), dBias.slice()];
        addBias(outRef, bias);
        sumRows(dBiasRef, dOut);
        const [outFast, dBiasFast] = [place(out), place(dBias)];
        wasm.addBias(outFast, place(bias));
        wasm.sumRows(dBiasFast, place(dOut));
        expect(Array.from(outFast), `addBias ${rows}×${n} ${placement}`).toEqual(Array.from(outRef));
        expect(Array.from(dBiasFast), `sumRows ${rows}×${n} ${placement}`).toEqual(Array.from(dBiasRef));
      }
    }
  });

  it("updates θ, m and v as the float64 AdamW reference within float32 rounding, with and without decay, on odd lengths", () => {
    for (const n of [1, 6, 129]) {
      for (const [placement, place] of PLACEMENTS) {
        const [theta, grad, m, v] = [random(n), random(n), random(n), random(n).map(Math.abs)];
        for (const decayFactor of [1, 1 - 1e-3 * 0.1]) {
          const update = { lr: 1e-3, beta1: 0.9, beta2: 0.99, eps: 1e-8, decayFactor, correction1: 1 - 0.9 ** 3, correction2: 1 - 0.99 ** 3 };
          const expected = [theta, m, v].map((x) => x.slice());
          adamwUpdate(expected[0], grad, expected[1], expected[2], update);
          const actual = [theta, m, v].map(place);
          wasm.adamwUpdate(actual[0], place(grad), actual[1], actual[2], update);
          ["θ", "m", "v"].forEach((name, i) => expect(relativeNormError(actual[i], expected[i]), `${name} n=${n} ${placement}`).toBeLessThan(2.5e-7)); // measured 1.2e-7
        }
      }
    }
  });

  it("adds, accumulates and swaps axes exactly as the reference, in place and from plain arrays", () => {
    for (const [placement, place] of PLACEMENTS) {
      for (const n of [1, 7, 1000]) {
        const [a, b, start] = [random(n), random(n), random(n)];
        const [sumRef, into] = [new Float32Array(n), start.slice()];
        typescriptKernels.add(sumRef, a, b);
        typescriptKernels.accumulate(into, a);
        const [sum, intoFast] = [place(new Float32Array(n)), place(start)];
        wasm.add(sum, place(a), place(b));
        wasm.accumulate(intoFast, place(a));
        expect(Array.from(sum), `add ${n} ${placement}`).toEqual(Array.from(sumRef));
        expect(Array.from(intoFast), `accumulate ${n} ${placement}`).toEqual(Array.from(into));
      }
      for (const dims of [{ outer: 2, p: 3, mid: 1, q: 4, inner: 5 }, { outer: 1, p: 7, mid: 2, q: 3, inner: 1 }, { outer: 3, p: 4, mid: 1, q: 2, inner: 8 }]) {
        const size = dims.outer * dims.p * dims.mid * dims.q * dims.inner;
        const from = random(size);
        for (const accumulate of [false, true]) {
          const start = random(size);
          const expected = start.slice();
          typescriptKernels.swapAxes(expected, from, dims, accumulate);
          const actual = place(start);
          wasm.swapAxes(actual, place(from), dims, accumulate);
          expect(Array.from(actual), `swapAxes ${JSON.stringify(dims)} accumulate ${accumulate} ${placement}`).toEqual(Array.from(expected));
        }
      }
    }
  });

  it("gives back every block it borrows for plain arrays, also when a call throws", () => {
    const before = wasm.bytesInUse;
    const [a, b, out] = [random(64 * 64), random(64 * 64), new Float32Array(64 * 64)];
    wasm.matmul(out, a, b, 64, 64, 64, { transA: true });
    wasm.softmaxForward(out, a, 64);
    wasm.geluForward(out.subarray(0, 7), a.subarray(0, 7), null);
    wasm.attentionForward(new Float32Array(2 * 9 * 8), new Float32Array(2 * 9 * 9), random(2 * 9 * 8), random(2 * 9 * 8), random(2 * 9 * 8), 9, 8);
    expect(wasm.bytesInUse).toBe(before);
    // v is missing: the call throws after out, weights, q and k were copied into borrowed blocks.
    expect(() => wasm.attentionForward(new Float32Array(2 * 9 * 8), new Float32Array(2 * 9 * 9), random(2 * 9 * 8), random(2 * 9 * 8), null as unknown as Float32Array, 9, 8)).toThrow(TypeError);
    expect(wasm.bytesInUse).toBe(before);
  });

  it("zeroes arrays in its memory and plain arrays alike", () => {
    for (const [placement, place] of PLACEMENTS) {
      const x = place(random(37));
      wasm.fillZero(x.subarray(3, 30));
      expect(Array.from(x.subarray(3, 30)), placement).toEqual(new Array(27).fill(0));
      expect(x[2] !== 0 && x[30] !== 0, placement).toBe(true); // nothing outside the subarray
    }
  });
});

describe("WebAssembly SIMD attention", () => {
  /** Forward and backward on random q, k, v, dOut [heads, T, D] with `kernels`, from the same starting gradients. */
  const run = (kernels: Pick<Kernels, "attentionForward" | "attentionBackward">, heads: number, T: number, D: number, seed: number, place: (x: Float32Array) => Float32Array) => {
    const draw = createRng(seed);
    const values = (n: number) => Float32Array.from({ length: n }, () => draw.nextFloat() * 4 - 2);
    const [q, k, v, dOut, dq, dk, dv] = [0, 1, 2, 3, 4, 5, 6].map(() => place(values(heads * T * D)));
    const [out, weights] = [place(new Float32Array(heads * T * D)), place(values(heads * T * T))]; // weights start as garbage: all must be written
    kernels.attentionForward(out, weights, q, k, v, T, D);
    kernels.attentionBackward(dq, dk, dv, dOut, weights, q, k, v, T, D);
    return { out, weights, dq, dk, dv };
  };

  it("matches the reference forward (output, weights) and backward (dq, dk, dv) on odd T and D, copied or in place", () => {
    for (const [heads, T, D] of [[1, 1, 4], [3, 17, 5], [2, 64, 32], [5, 9, 12]]) {
      for (const [placement, place] of PLACEMENTS) {
        const reference = run(typescriptKernels, heads, T, D, T * 31 + D, (x) => x);
        const fast = run(wasm, heads, T, D, T * 31 + D, place);
        for (const key of ["out", "weights", "dq", "dk", "dv"] as const) {
          expect(relativeNormError(fast[key], reference[key]), `${key} ${heads}×${T}×${D} ${placement}`).toBeLessThan(5e-7); // measured 2.1e-7
        }
      }
    }
  });

  it("adds up the gradients of one array passed as dq, dk and dv, copied or in place (attention of x with itself)", () => {
    const [heads, T, D] = [2, 9, 8];
    const x = random(heads * T * D);
    const dOut = random(heads * T * D);
    const [out, weights] = [new Float32Array(heads * T * D), new Float32Array(heads * T * T)];
    typescriptKernels.attentionForward(out, weights, x, x, x, T, D);
    const expected = new Float32Array(heads * T * D);
    typescriptKernels.attentionBackward(expected, expected, expected, dOut, weights, x, x, x, T, D);
    for (const [placement, place] of PLACEMENTS) {
      const grad = place(new Float32Array(heads * T * D));
      const placed = place(x);
      wasm.attentionBackward(grad, grad, grad, place(dOut), place(weights), placed, placed, placed, T, D);
      expect(relativeNormError(grad, expected), placement).toBeLessThan(2e-7); // measured 6.8e-8
    }
  });

  it("saturates like the reference on extreme scores (weights 0 or 1 to float32 precision)", () => {
    const [heads, T, D] = [1, 8, 4];
    const q = Float32Array.from(random(heads * T * D), (x) => x * 1e4);
    const k = q.slice();
    const v = random(heads * T * D);
    const [out, weights, outRef, weightsRef] = [T * D, T * T, T * D, T * T].map((n) => new Float32Array(n));
    typescriptKernels.attentionForward(outRef, weightsRef, q, k, v, T, D);
    wasm.attentionForward(out, weights, q, k, v, T, D);
    expect(weights.every((w, i) => Math.abs(w - weightsRef[i]) < 1e-6)).toBe(true);
    expect(relativeNormError(out, outRef)).toBeLessThan(1e-7); // measured 0
  });

  it("gives identical results on two threads (each slice is computed by one thread, in the same order)", async () => {
    const two = createWasmKernels({ threads: 2 });
    try {
      const single = run(wasm, 12, 33, 16, 1, inWasm);
      const double = run(two, 12, 33, 16, 1, (x) => { const y = two.allocate(x.length); y.set(x); return y; });
      for (const key of ["out", "weights", "dq", "dk", "dv"] as const) expect(Array.from(double[key]), key).toEqual(Array.from(single[key]));
    } finally {
      await two.close();
    }
  });
});

describe("WebAssembly SIMD softmax and cross-entropy", () => {
  it("match the float64 reference on odd widths and ignored rows, copied or in place", () => {
    for (const [rows, width] of [[1, 1], [3, 7], [12, 65], [5, 128]]) {
      const x = Float32Array.from(random(rows * width), (v) => v * 8);
      const dy = random(rows * width);
      const targets = Int32Array.from({ length: rows }, (_, r) => (r % 3 === 1 ? -1 : rng.nextInt(width)));
      for (const [placement, place] of PLACEMENTS) {
        const label = `${rows}×${width} ${placement}`;
        const [y0, y1] = [new Float32Array(rows * width), place(new Float32Array(rows * width))];
        typescriptKernels.softmaxForward(y0, x, width);
        wasm.softmaxForward(y1, place(x), width);
        expect(relativeNormError(y1, y0), `softmax ${label}`).toBeLessThan(2e-7); // measured 9e-8
        const start = random(rows * width);
        const [dx0, dx1] = [start.slice(), place(start)];
        typescriptKernels.softmaxBackward(dx0, y0, dy, width);
        wasm.softmaxBackward(dx1, place(y0), place(dy), width);
        expect(relativeNormError(dx1, dx0), `softmax backward ${label}`).toBeLessThan(1e-7); // measured 2.9e-8

        const [p0, p1] = [new Float32Array(rows * width), place(new Float32Array(rows * width))];
        const loss0 = typescriptKernels.crossEntropyForward(p0, x, targets, -1, width);
        const loss1 = wasm.crossEntropyForward(p1, place(x), targets, -1, width);
        expect(Math.abs(loss1 - loss0), `cross-entropy loss ${label}`).toBeLessThanOrEqual(1e-7 * Math.abs(loss0)); // measured 1.2e-8; 0 for width 1
        expect(relativeNormError(p1, p0), `cross-entropy probs ${label}`).toBeLessThan(2e-7); // measured 9.2e-8
        const [dz0, dz1] = [start.slice(), place(start)];
        typescriptKernels.crossEntropyBackward(dz0, p0, targets, -1, width, 0.25);
        wasm.crossEntropyBackward(dz1, place(p0), targets, -1, width, 0.25);
        expect(relativeNormError(dz1, dz0), `cross-entropy backward ${label}`).toBeLessThan(1e-7); // measured 0
        targets.forEach((t, r) => t === -1 && expect(Array.from(dz1.subarray(r * width, (r + 1) * width)), `ignored row ${r} ${label}`).toEqual(Array.from(start.subarray(r * width, (r + 1) * width))));
      }
    }
  });
});

describe("WebAssembly SIMD softmax edge cases", () => {
  it("gives masked (−∞) entries weight exactly 0, stays accurate on large logits, and reads an array given as input and output", () => {
    const x = Float32Array.of(-Infinity, 0, 1, -Infinity, 2, -1e30, 3, 4, -Infinity);
    const y = new Float32Array(9);
    wasm.softmaxForward(y, x, 9);
    const yRef = new Float32Array(9);
    typescriptKernels.softmaxForward(yRef, x, 9);
    expect(Array.from(y).map((v, i) => (x[i] < -1e29 ? v : 0))).toEqual(new Array(9).fill(0)); // exactly 0, not a subnormal
    expect(relativeNormError(y, yRef)).toBeLessThan(1e-7); // measured 1.1e-8

    const large = Float32Array.from(random(3 * 65), (v) => 1000 + v * 5);
    const targets = Int32Array.of(3, 64, 0);
    const [p0, p1] = [new Float32Array(3 * 65), new Float32Array(3 * 65)];
    const loss0 = typescriptKernels.crossEntropyForward(p0, large, targets, -1, 65);
    const loss1 = wasm.crossEntropyForward(p1, large, targets, -1, 65);
    expect(Math.abs(loss1 - loss0) / loss0).toBeLessThan(1e-6);

    for (const [placement, place] of PLACEMENTS) {
      const row = place(Float32Array.of(1, 2, 3, 4, 0, 0, 0, 0));
      wasm.softmaxForward(row, row, 4); // in place, on a plain array as well
      expect(relativeNormError(row, Float32Array.of(0.0320586, 0.0871443, 0.2368828, 0.6439143, 0.25, 0.25, 0.25, 0.25)), placement).toBeLessThan(1e-7); // the constants have 7 digits: measured 4.4e-8
    }
  });
});

describe("WebAssembly SIMD GELU", () => {
  const maxAbsError = (a: Float32Array, b: Float32Array) => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);
  const forms = [
    // Φ(x) is compared as a tensor; tanh u by its largest absolute error, which is how
    // 1 − 2/(e^{2u} + 1) errs (a tensor of tiny x has tiny tanh u, but not a tiny error).
    ["exact", { forward: geluForward, backward: geluBackward, wasmForward: wasm.geluForward, wasmBackward: wasm.geluBackward, keptError: relativeNormError, keptBound: 1e-7 }], // measured 2.6e-8
    ["tanh form", { forward: geluTanhForward, backward: geluTanhBackward, wasmForward: wasm.geluTanhForward, wasmBackward: wasm.geluTanhBackward, keptError: maxAbsError, keptBound: 4e-7 }], // measured 1.8e-7
  ] as const;

  it.each(forms)("%s: matches the float64 reference forward (y and the kept Φ(x) or tanh u) and backward, on odd lengths and extreme inputs", (_form, k) => {
    for (const n of [1, 3, 4, 7, 1000, 1001]) {
      const x = Float32Array.from({ length: n }, (_, i) => [0, -0, 1e-8, -1e-8, 50, -50, 9.5, -9.5][i] ?? (rng.nextFloat() - 0.5) * 16);
      const [yRef, keptRef] = [new Float32Array(n), new Float32Array(n)];
      // Lengths that are multiples of 4 run in place when the arrays live in the kernels' memory.
      const [y, kept] = n % 4 === 0 ? [wasm.allocate(n), wasm.allocate(n)] : [new Float32Array(n), new Float32Array(n)];
      k.forward(yRef, x, keptRef);
      k.wasmForward(y, n % 4 === 0 ? inWasm(x) : x, kept);
      const yOnly = new Float32Array(n);
      k.wasmForward(yOnly, x, null); // without keeping anything for backward
      expect(Array.from(yOnly), `y alone, n = ${n}`).toEqual(Array.from(y));
      expect(relativeNormError(y, yRef), `y, n = ${n}`).toBeLessThan(1e-7); // measured 2.7e-8
      expect(k.keptError(kept, keptRef), `kept, n = ${n}`).toBeLessThan(k.keptBound);
      const dy = random(n);
      const start = random(n);
      const dxRef = start.slice();
      k.backward(dxRef, dy, x, keptRef);
      for (const [placement, place] of PLACEMENTS) {
        const dx = place(start);
        k.wasmBackward(dx, place(dy), place(x), place(keptRef));
        expect(relativeNormError(dx, dxRef), `dx, n = ${n} ${placement}`).toBeLessThan(1e-7); // measured 4e-8
      }
    }
  });
});

describe("WebAssembly SIMD LayerNorm", () => {
  it("matches the float64 reference forward (y, x̂, rstd) and backward (dx, dw, db), with and without bias, and falls back for odd widths", () => {
    for (const [rows, width] of [[1, 4], [7, 128], [33, 64], [5, 30]]) {
      const n = rows * width;
      const x = Float32Array.from(random(n), (v, i) => v * 3 + (i % 5)); // offsets so the mean matters
      const w = random(width);
      for (const [b, [placement, place]] of [random(width), null].flatMap((b) => PLACEMENTS.map((p) => [b, p] as const))) {
        const [y0, h0] = [new Float32Array(n), new Float32Array(n)];
        const [y1, h1] = [place(new Float32Array(n)), place(new Float32Array(n))];
        const [r0, r1] = [new Float32Array(rows), place(new Float32Array(rows))];
        layerNormForward(y0, h0, r0, x, w, b, width, 1e-5);
        wasm.layerNormForward(y1, h1, r1, place(x), place(w), b && place(b), width, 1e-5);
        expect(relativeNormError(y1, y0), `y ${rows}×${width} ${placement}`).toBeLessThan(2e-7); // measured 8.9e-8
        expect(relativeNormError(h1, h0), `x̂ ${rows}×${width} ${placement}`).toBeLessThan(2.5e-7); // measured 1.1e-7
        expect(relativeNormError(r1, r0), `rstd ${rows}×${width} ${placement}`).toBeLessThan(1e-7); // measured 4.9e-8

        const dy = random(n);
        const [dx0, dw0, db0] = [random(n), random(width), random(width)];
        const [dx1, dw1, db1] = [place(dx0), place(dw0), place(db0)];
        layerNormBackward(dx0, dw0, b ? db0 : null, dy, h0, r0, w, width);
        wasm.layerNormBackward(dx1, dw1, b ? db1 : null, place(dy), place(h0), place(r0), place(w), width);
        expect(relativeNormError(dx1, dx0), `dx ${rows}×${width} ${placement}`).toBeLessThan(1e-7); // measured 5.4e-8
        expect(relativeNormError(dw1, dw0), `dw ${rows}×${width}`).toBeLessThan(2.5e-7); // measured 1.1e-7
        expect(relativeNormError(db1, db0), `db ${rows}×${width}`).toBeLessThan(1e-7); // measured 0
        const onlyX = dx0.slice();
        layerNormBackward(dx0, null, null, dy, h0, r0, w, width);
        wasm.layerNormBackward(onlyX, null, null, dy, h0, r0, w, width);
        expect(relativeNormError(onlyX, dx0)).toBeLessThan(2.5e-7); // measured 1.0e-7
      }
    }
  });
});

describe("two-thread WebAssembly matmul", () => {
  it("gives results identical to one thread (same code, same order per element), for every layout", async () => {
    const two = createWasmKernels({ threads: 2 });
    try {
      expect(two.threads).toBe(2);
      // Above THREADED_WORK (4.2M multiply-adds) the worker takes rows; below it the main thread does all.
      const inTwo = (x: Float32Array) => {
        const y = two.allocate(x.length);
        y.set(x);
        return y;
      };
      for (const [m, k, n] of [[64, 64, 64], [768, 128, 65], [129, 257, 131], [300, 200, 150], [13, 700, 500]]) {
        for (const options of [{}, { transA: true }, { transB: true, accumulate: true }] as MatmulOptions[]) {
          for (const [placement, place] of [["copied", (x: Float32Array) => x.slice()], ["in place", inTwo]] as const) {
            const a = random(m * k);
            const b = random(k * n);
            const start = random(m * n);
            const single = start.slice();
            const double = place(start);
            wasm.matmul(single, a, b, m, k, n, options);
            two.matmul(double, place(a), place(b), m, k, n, options);
            expect(Array.from(double), `${m}×${k}×${n} ${JSON.stringify(options)} ${placement}`).toEqual(Array.from(single));
          }
        }
      }
    } finally {
      await two.close();
    }
  });
});

describe("two-thread WebAssembly backend after a failing call", () => {
  it("reports a trap on either thread instead of hanging, and refuses calls after close()", async () => {
    const two = createWasmKernels({ threads: 2 });
    const [T, D] = [64, 32];
    const q = random(48 * T * D);
    // k and v for one slice where 48 are read: every thread soon reads past the memory's end.
    const tooShort = random(T * D);
    expect(() => two.attentionForward(new Float32Array(q.length), new Float32Array(48 * T * T), q, tooShort, tooShort, T, D)).toThrow(/out of bounds/);
    // The worker trapped too: the next shared call says so instead of waiting for it.
    expect(() => two.attentionForward(new Float32Array(T * D), new Float32Array(T * T), q.subarray(0, T * D), tooShort, tooShort, T, D)).toThrow(/worker thread failed/);
    await two.close();
    const closed = createWasmKernels({ threads: 2 });
    await closed.close();
    expect(() => closed.matmul(new Float32Array(256 * 256), random(256 * 256), random(256 * 256), 256, 256, 256)).toThrow(/closed/);
  });
});

describe("resolveBackend", () => {
  it("takes the flag, then the environment, then the fastest built backend", () => {
    expect(resolveBackend("ts", "wasm")).toBe("ts");
    expect(resolveBackend(undefined, "ts")).toBe("ts");
    expect(resolveBackend(undefined, undefined)).toBe("wasm"); // built by npm install
    expect(() => resolveBackend("gpu")).toThrow(/unknown backend "gpu"/);
    expect(() => resolveBackend(undefined, "cuda")).toThrow(/unknown backend "cuda" \(from LMDOJO_BACKEND\)/);
  });
});
