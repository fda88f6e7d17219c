/**
 * The lmdojo side of the PyTorch parity check (as llm.c's test_gpt2 does).
 *
 *   npx tsx scripts/parity/export.ts DIR [--config tiny|baby] [--activation gelu|gelu_tanh] [--seed 1337] [--no-results]
 *
 * writes to DIR:
 * - weights.safetensors: a fresh lmdojo GPT (createGpt(config, seed)), F32, nanoGPT names;
 *   __metadata__.config = the GptConfig as JSON (its activation: exact "gelu", the default,
 *   or "gelu_tanh").
 * - batch.safetensors: ids and targets [B, T] as I64 (a few targets are −1, ignored);
 *   __metadata__.run = the training hyperparameters (ParityRun) as JSON.
 * - lmdojo.safetensors (unless --no-results): lmdojo's logits, loss, every gradient
 *   ("grad.<name>") and the losses of `steps` AdamW steps, for compare.py to diff.
 *
 * compare.py then runs the same in PyTorch and writes expected.safetensors. The test
 * test/nn-parity.test.ts runs `runLmdojo` on the committed tiny folders (one per activation)
 * against it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ACTIVATIONS, type Activation, type GptConfig, gptConfig } from "../../src/nn/config.js";
import { createGpt, exportWeights, forward, type Gpt, IGNORE_INDEX, loadWeights } from "../../src/nn/gpt.js";
import { adamw, adamwStep, clipGradNorm, type Parameter } from "../../src/optim/index.js";
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from "../../src/serialize/safetensors.js";
import { createRng } from "../../src/stats/prng.js";
import { backward, zeroGrad } from "../../src/tensor/tensor.js";

/** One parity run: batch size, sequence length and the AdamW hyperparameters of every step. */
export interface ParityRun {
  B: number;
  T: number;
  /** Training steps on the one batch; each records its loss before its update. */
  steps: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Global-norm gradient clipping before each update, as nanoGPT's grad_clip (0 = none). */
  gradClip: number;
}

/** The two configurations: "tiny" is the committed test fixture, "baby" nanoGPT's shakespeare_char CPU GPT. */
export const PRESETS: Record<"tiny" | "baby", { config: GptConfig; run: ParityRun }> = {
  tiny: {
    config: gptConfig({ vocabSize: 65, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32, bias: true }),
    run: { B: 2, T: 16, steps: 10, lr: 1e-3, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, gradClip: 1.0 },
  },
  baby: {
    config: gptConfig({ vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128, bias: true }),
    run: { B: 12, T: 64, steps: 10, lr: 1e-3, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, gradClip: 1.0 },
  },
};

/** What one parity run produces, on either side. */
export interface ParityResult {
  /** Logits [B, T, V] of the first forward pass (before any update). */
  logits: Float32Array;
  /** Loss of the first forward pass. */
  loss: number;
  /** dLoss/dParameter of the first backward pass, by parameter name. */
  grads: Record<string, Float32Array>;
  /** Loss of each of the run.steps steps, each measured before that step's update. */
  losses: Float32Array;
}

/**
 * A seeded batch of random token ids and targets [B, T], with the last target of the first
 * row and the first target of the last row set to IGNORE_INDEX, so ignore_index is checked too.
 */
export function parityBatch(config: GptConfig, B: number, T: number, seed: number): { ids: Int32Array; targets: Int32Array } {
  const rng = createRng(seed);
  const ids = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
  const targets = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
  targets[T - 1] = IGNORE_INDEX;
  targets[(B - 1) * T] = IGNORE_INDEX;
  return { ids, targets };
}

/**
 * Trains `model` in place for run.steps steps on one batch, as the PyTorch side does:
 * zero grads → forward → backward → clip (if gradClip > 0) → AdamW step with nanoGPT's
 * decay groups. Returns the first step's logits, loss and gradients, and every step's loss.
 *
 * @example const result = runLmdojo(model, ids, targets, PRESETS.tiny.run)
 */
export function runLmdojo(model: Gpt, ids: Int32Array, targets: Int32Array, run: ParityRun): ParityResult {
  const params = model.parameters as Parameter[];
  const optimizer = adamw(params, { lr: run.lr, beta1: run.beta1, beta2: run.beta2, eps: run.eps, weightDecay: run.weightDecay });
  const losses = new Float32Array(run.steps);
  let first: Omit<ParityResult, "losses"> | null = null;
  for (let step = 0; step < run.steps; step++) {
    zeroGrad(model.parameters);
    const { logits, loss } = forward(model, ids, run.B, run.T, targets);
    backward(loss!);
    losses[step] = loss!.data[0];
    if (first === null) {
      // Copy before clipping and the update change them.
      first = { logits: logits.data.slice(), loss: loss!.data[0], grads: Object.fromEntries(params.map((p) => [p.name, p.grad.slice()])) };
    }
    if (run.gradClip > 0) clipGradNorm(params, run.gradClip);
    adamwStep(optimizer);
  }
  if (first === null) throw new Error("runLmdojo needs at least one step");
  return { ...first, losses };
}

/**
 * Decodes a safetensors file. The bytes are copied out of the Node Buffer into a plain
 * Uint8Array first: Buffer#slice shares memory, so decodeSafetensors (which slices) would
 * otherwise see the whole underlying ArrayBuffer.
 */
export function readSafetensorsFile(path: string): ReturnType<typeof decodeSafetensors> {
  return decodeSafetensors(new Uint8Array(readFileSync(path)), path);
}

/** A parity folder read back: the model built from its weights, the batch and the run. */
export function readParityFolder(dir: string): { model: Gpt; ids: Int32Array; targets: Int32Array; run: ParityRun } {
  const weights = readSafetensorsFile(join(dir, "weights.safetensors"));
  const batch = readSafetensorsFile(join(dir, "batch.safetensors"));
  // A config written without an activation comes from a model with the tanh form.
  const model = createGpt(gptConfig({ activation: "gelu_tanh", ...(JSON.parse(weights.metadata.config) as Omit<GptConfig, "activation"> & { activation?: Activation }) }), 0);
  loadWeights(model, Object.fromEntries(Object.entries(weights.tensors).map(([name, t]) => [name, t.data as Float32Array])));
  const toInt32 = (t: StoredTensor) => Int32Array.from(t.data as BigInt64Array, Number);
  return { model, ids: toInt32(batch.tensors.ids), targets: toInt32(batch.tensors.targets), run: JSON.parse(batch.metadata.run) as ParityRun };
}

/** A parity result as safetensors tensors: logits, loss, grad.<name> and losses (all F32). */
export function resultTensors(model: Gpt, run: ParityRun, result: ParityResult): Record<string, StoredTensor> {
  const tensors: Record<string, StoredTensor> = {
    logits: { dtype: "F32", shape: [run.B, run.T, model.config.vocabSize], data: result.logits },
    loss: { dtype: "F32", shape: [], data: Float32Array.of(result.loss) },
  };
  for (const p of model.parameters) tensors[`grad.${p.name}`] = { dtype: "F32", shape: p.shape, data: result.grads[p.name] };
  tensors.losses = { dtype: "F32", shape: [run.steps], data: result.losses };
  return tensors;
}

function main(argv: string[]): void {
  const dir = argv[0];
  const option = (name: string, fallback: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : fallback;
  };
  const presetName = option("--config", "tiny");
  const activation = option("--activation", "gelu") as Activation;
  const seed = Number(option("--seed", "1337"));
  if (dir === undefined || dir.startsWith("--") || !(presetName in PRESETS) || !ACTIVATIONS.includes(activation) || !Number.isFinite(seed)) {
    process.stderr.write("usage: npx tsx scripts/parity/export.ts DIR [--config tiny|baby] [--activation gelu|gelu_tanh] [--seed 1337] [--no-results]\n");
    process.exit(2);
  }
  const preset = PRESETS[presetName as keyof typeof PRESETS];
  const { run } = preset;
  const config = { ...preset.config, activation };
  const model = createGpt(config, seed);
  const { ids, targets } = parityBatch(config, run.B, run.T, seed + 1);

  mkdirSync(dir, { recursive: true });
  const weights = Object.fromEntries(
    Object.entries(exportWeights(model)).map(([name, data]) => [name, { dtype: "F32", shape: model.byName.get(name)!.shape, data } as StoredTensor]),
  );
  writeFileSync(join(dir, "weights.safetensors"), encodeSafetensors(weights, { config: JSON.stringify(config) }));
  const asI64 = (values: Int32Array): StoredTensor => ({ dtype: "I64", shape: [run.B, run.T], data: BigInt64Array.from(values, BigInt) });
  writeFileSync(join(dir, "batch.safetensors"), encodeSafetensors({ ids: asI64(ids), targets: asI64(targets) }, { run: JSON.stringify(run) }));
  process.stdout.write(`wrote ${dir}/weights.safetensors and batch.safetensors (${presetName}, ${activation}, seed ${seed})\n`);

  if (!argv.includes("--no-results")) {
    const started = performance.now();
    const result = runLmdojo(model, ids, targets, run);
    writeFileSync(join(dir, "lmdojo.safetensors"), encodeSafetensors(resultTensors(model, run, result)));
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`wrote ${dir}/lmdojo.safetensors: loss ${result.loss.toFixed(6)}, ${run.steps} steps in ${seconds.toFixed(1)} s\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
