// PyTorch parity of the GPT, as llm.c's test_gpt2 does, without PyTorch at test time:
// test/fixtures/parity/<activation>/ holds, for each GELU (exact "gelu", as nanoGPT's
// nn.GELU(), and "gelu_tanh", nn.GELU(approximate="tanh")), a tiny lmdojo GPT (V=65, T=16,
// B=2, C=32, L=2, H=2, bias on), a batch with two ignored targets, and what
// scripts/parity/compare.py computed in PyTorch (float32): logits, loss, every gradient and
// the losses of 10 AdamW steps (lr 1e-3, betas 0.9/0.99, weight decay 0.1 on 2-D tensors,
// grad clip 1.0). Regenerate (see scripts/parity/README.md):
//   npx tsx scripts/parity/export.ts test/fixtures/parity/gelu --activation gelu --no-results
//   /usr/bin/python3 scripts/parity/compare.py test/fixtures/parity/gelu
// and the same with gelu_tanh.
//
// Tolerances, just above the largest error measured on either backend and activation
// (torch 1.13): max|lmdojo − torch| / max|torch| for logits (measured 2.0e-7) and for each
// gradient tensor (6.2e-7); |lmdojo − torch| / |torch| for the loss (1.1e-7) and each step's
// loss (1.4e-7).
import { describe, expect, it } from "vitest";
import { PRESETS, type ParityResult, readParityFolder, readSafetensorsFile, runLmdojo } from "../scripts/parity/export.js";
import { ACTIVATIONS, type Activation } from "../src/nn/config.js";
import { BACKEND_NAMES, type BackendName } from "../src/tensor/backend.js";
import { setKernels, typescriptKernels } from "../src/tensor/kernels.js";
import { createWasmKernels } from "../src/tensor/wasm-kernels.js";
import { relativeMaxError } from "./relative-error.js";

const TOLERANCE = { logits: 5e-7, loss: 3e-7, grad: 1.5e-6, losses: 3e-7 };

const folder = (activation: Activation) => `test/fixtures/parity/${activation}`;

function loadExpected(activation: Activation): ParityResult {
  const { tensors } = readSafetensorsFile(`${folder(activation)}/expected.safetensors`);
  const f32 = (name: string) => tensors[name].data as Float32Array;
  const grads = Object.fromEntries(
    Object.keys(tensors)
      .filter((name) => name.startsWith("grad."))
      .map((name) => [name.slice("grad.".length), f32(name)]),
  );
  return { logits: f32("logits"), loss: f32("loss")[0], grads, losses: f32("losses") };
}

/** The worst gradient tensor's relativeMaxError against the expected gradients. */
function worstGradientError(actual: ParityResult, expected: ParityResult): number {
  return Object.keys(expected.grads).reduce((worst, name) => Math.max(worst, relativeMaxError(actual.grads[name], expected.grads[name])), 0);
}

/** Runs `work` with the kernels of `backend` active. */
function onBackend<T>(backend: BackendName, work: () => T): T {
  const previous = setKernels(backend === "wasm" ? createWasmKernels() : typescriptKernels);
  try {
    return work();
  } finally {
    setKernels(previous);
  }
}

const CASES = ACTIVATIONS.flatMap((activation) => BACKEND_NAMES.map((backend) => [activation, backend] as const));

describe.each(CASES)("GPT parity with PyTorch (committed fixture), %s, %s kernels", (activation, backend) => {
  const expected = loadExpected(activation);
  // The model is made on the backend, so on wasm its weights live in WebAssembly memory (used in place).
  const { model, targets, run, actual } = onBackend(backend, () => {
    const parity = readParityFolder(folder(activation));
    return { ...parity, actual: runLmdojo(parity.model, parity.ids, parity.targets, parity.run) };
  });

  it("was made with the tiny preset and this activation, and scores the ignored targets as ignored", () => {
    expect(model.config).toEqual({ ...PRESETS.tiny.config, activation });
    expect(run).toEqual(PRESETS.tiny.run);
    expect(Array.from(targets).filter((t) => t === -1)).toHaveLength(2);
    // Near ln(65) ≈ 4.17 at initialisation, as a sanity check of the fixture itself.
    expect(expected.loss).toBeGreaterThan(4);
    expect(expected.loss).toBeLessThan(4.4);
  });

  it(`logits agree to ${TOLERANCE.logits} of their largest |value|, the loss to ${TOLERANCE.loss} relative`, () => {
    expect(actual.logits).toHaveLength(run.B * run.T * model.config.vocabSize);
    expect(relativeMaxError(actual.logits, expected.logits)).toBeLessThan(TOLERANCE.logits);
    expect(Math.abs(actual.loss - expected.loss) / expected.loss).toBeLessThan(TOLERANCE.loss);
  });

  it(`every parameter gradient agrees to ${TOLERANCE.grad} of its tensor's largest |value|`, () => {
    const names = model.parameters.map((p) => p.name);
    expect(Object.keys(expected.grads).sort()).toEqual([...names].sort());
    for (const name of names) {
      const scale = expected.grads[name].reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      expect(scale, name).toBeGreaterThan(0); // a zero reference would make the check vacuous
      expect(relativeMaxError(actual.grads[name], expected.grads[name]), name).toBeLessThan(TOLERANCE.grad);
    }
  });

  it(`the losses of 10 AdamW steps agree to ${TOLERANCE.losses} relative, and fall`, () => {
    expect(actual.losses).toHaveLength(10);
    for (let step = 0; step < 10; step++) {
      expect(Math.abs(actual.losses[step] - expected.losses[step]) / expected.losses[step], `step ${step}`).toBeLessThan(TOLERANCE.losses);
    }
    expect(expected.losses[9]).toBeLessThan(expected.losses[0] - 0.3);
  });
});

describe("the parity check can fail", () => {
  const expected = loadExpected("gelu");

  it("a 10% larger learning rate moves the step losses beyond tolerance", () => {
    const { model, ids, targets, run } = readParityFolder(folder("gelu"));
    const losses = runLmdojo(model, ids, targets, { ...run, lr: run.lr * 1.1 }).losses;
    expect(Math.abs(losses[9] - expected.losses[9]) / expected.losses[9]).toBeGreaterThan(1e-3);
  });

  it("scoring the ignored targets as token 0 moves the gradients beyond tolerance", () => {
    // The mean is then over 32 targets, not 30, and two more rows send gradients back.
    const { model, ids, targets, run } = readParityFolder(folder("gelu"));
    const scored = targets.map((t) => (t === -1 ? 0 : t));
    const { grads } = runLmdojo(model, ids, scored, { ...run, steps: 1 });
    for (const name of ["transformer.wte.weight", "transformer.ln_f.weight"]) {
      expect(relativeMaxError(grads[name], expected.grads[name]), name).toBeGreaterThan(1e-2);
    }
  });

  it("the other GELU form moves the gradients beyond tolerance, both ways", () => {
    // At initialisation the MLP's inputs are small, where the two forms are closest; still,
    // the c_fc gradients differ by about 5e-5 of their largest value, over 30× the tolerance.
    for (const [made, against] of [["gelu_tanh", "gelu"], ["gelu", "gelu_tanh"]] as const) {
      const { model, ids, targets, run } = readParityFolder(folder(made));
      const result = runLmdojo(model, ids, targets, { ...run, steps: 1 });
      expect(worstGradientError(result, loadExpected(against)), `${made} against ${against}`).toBeGreaterThan(20 * TOLERANCE.grad);
    }
  });
});
