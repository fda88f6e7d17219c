// PyTorch parity of the GPT (issue 4 §6), as llm.c's test_gpt2 does, without PyTorch at
// test time: test/fixtures/parity/ holds a tiny lmdojo GPT (V=65, T=16, B=2, C=32, L=2,
// H=2, bias on), a batch with two ignored targets, and what scripts/parity/compare.py
// computed in PyTorch (float32): logits, loss, every gradient and the losses of 10 AdamW
// steps (lr 1e-3, betas 0.9/0.99, weight decay 0.1 on 2-D tensors, grad clip 1.0).
// Regenerate (see scripts/parity/README.md):
//   npx tsx scripts/parity/export.ts test/fixtures/parity --no-results
//   /usr/bin/python3 scripts/parity/compare.py test/fixtures/parity
//
// Tolerances, each relative to the largest |value| of the PyTorch tensor:
//   logits, loss: max|lmdojo − torch| ≤ 1e-4·max|torch|; each gradient: ≤ 1e-3·max|torch|;
//   each step's loss: |lmdojo − torch| ≤ 1e-4·|torch|.
import { describe, expect, it } from "vitest";
import { PRESETS, type ParityResult, readParityFolder, readSafetensorsFile, runLmdojo } from "../scripts/parity/export.js";
import { BACKEND_NAMES, type BackendName } from "../src/tensor/backend.js";
import { setKernels, typescriptKernels } from "../src/tensor/kernels.js";
import { createWasmKernels } from "../src/tensor/wasm-kernels.js";

const DIR = "test/fixtures/parity";

/** max|a − b| / max|b|: the error measured against the tensor's own scale. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

function loadExpected(): ParityResult {
  const { tensors } = readSafetensorsFile(`${DIR}/expected.safetensors`);
  const f32 = (name: string) => tensors[name].data as Float32Array;
  const grads = Object.fromEntries(
    Object.keys(tensors)
      .filter((name) => name.startsWith("grad."))
      .map((name) => [name.slice("grad.".length), f32(name)]),
  );
  return { logits: f32("logits"), loss: f32("loss")[0], grads, losses: f32("losses") };
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

describe.each(BACKEND_NAMES)("GPT parity with PyTorch (committed fixture), %s kernels", (backend) => {
  const expected = loadExpected();
  // The model is made on the backend, so on wasm its weights live in WebAssembly memory (used in place).
  const { model, targets, run, actual } = onBackend(backend, () => {
    const folder = readParityFolder(DIR);
    return { ...folder, actual: runLmdojo(folder.model, folder.ids, folder.targets, folder.run) };
  });

  it("was made with the tiny preset and scores the ignored targets as ignored", () => {
    expect(model.config).toEqual(PRESETS.tiny.config);
    expect(run).toEqual(PRESETS.tiny.run);
    expect(Array.from(targets).filter((t) => t === -1)).toHaveLength(2);
    // Near ln(65) ≈ 4.17 at initialisation, as a sanity check of the fixture itself.
    expect(expected.loss).toBeGreaterThan(4);
    expect(expected.loss).toBeLessThan(4.4);
  });

  it("logits and loss agree to 1e-4 relative", () => {
    expect(actual.logits).toHaveLength(run.B * run.T * model.config.vocabSize);
    expect(relativeError(actual.logits, expected.logits)).toBeLessThan(1e-4);
    expect(Math.abs(actual.loss - expected.loss) / expected.loss).toBeLessThan(1e-4);
  });

  it("every parameter gradient agrees to 1e-3 of its tensor's largest |value|", () => {
    const names = model.parameters.map((p) => p.name);
    expect(Object.keys(expected.grads).sort()).toEqual([...names].sort());
    for (const name of names) {
      const scale = expected.grads[name].reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      expect(scale, name).toBeGreaterThan(0); // a zero reference would make the check vacuous
      expect(relativeError(actual.grads[name], expected.grads[name]), name).toBeLessThan(1e-3);
    }
  });

  it("the losses of 10 AdamW steps agree to 1e-4 relative, and fall", () => {
    expect(actual.losses).toHaveLength(10);
    for (let step = 0; step < 10; step++) {
      expect(Math.abs(actual.losses[step] - expected.losses[step]) / expected.losses[step], `step ${step}`).toBeLessThan(1e-4);
    }
    expect(expected.losses[9]).toBeLessThan(expected.losses[0] - 0.3);
  });
});

describe("the parity check can fail", () => {
  const expected = loadExpected();

  it("a 10% larger learning rate moves the step losses beyond tolerance", () => {
    const { model, ids, targets, run } = readParityFolder(DIR);
    const losses = runLmdojo(model, ids, targets, { ...run, lr: run.lr * 1.1 }).losses;
    expect(Math.abs(losses[9] - expected.losses[9]) / expected.losses[9]).toBeGreaterThan(1e-3);
  });

  it("scoring the ignored targets as token 0 moves the gradients beyond tolerance", () => {
    // The mean is then over 32 targets, not 30, and two more rows send gradients back.
    const { model, ids, targets, run } = readParityFolder(DIR);
    const scored = targets.map((t) => (t === -1 ? 0 : t));
    const { grads } = runLmdojo(model, ids, scored, { ...run, steps: 1 });
    for (const name of ["transformer.wte.weight", "transformer.ln_f.weight"]) {
      expect(relativeError(grads[name], expected.grads[name]), name).toBeGreaterThan(1e-2);
    }
  });
});
