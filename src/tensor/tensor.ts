/**
 * Float32 tensors and reverse-mode autograd on a tape.
 *
 * A Tensor is plain data: a contiguous row-major Float32Array and its shape. Every op that
 * reads a tensor with `requiresGrad` (while recording) pushes its backward closure on the
 * tape; `backward(loss)` seeds dL/dL = 1 and runs the tape in reverse, each closure adding
 * (+=) its inputs' gradients from its output's gradient. Because gradients accumulate,
 * two forward/backward passes without `zeroGrad` in between sum their gradients
 * (gradient accumulation over micro-batches), as in PyTorch.
 *
 * Allocation: parameters and their gradients are allocated once (`parameter`, `zeroGrad`
 * refills in place); the matmul kernel reuses its packing buffers. Each op's output
 * (`opOutput`), the gradient of each intermediate tensor (lazily, in `gradOf`) and saved
 * activations (softmax probabilities in crossEntropy, x̂ and 1/σ in the norms, attention
 * weights [B, H, T, T], the dropout mask) go through `allocate` (arena.ts): plain
 * `new Float32Array` by default, reused from the previous step inside `withArena`. What
 * still allocates per call: index maps of broadcasting, transpose, max and embedding
 * (Int32Arrays), target copies, and the tape records and backward closures.
 */
import { describeValue } from "../errors.js";
import type { Rng } from "../stats/prng.js";
import { allocate, isArenaBuffer } from "./arena.js";
import { kernels } from "./kernels.js";

export interface Tensor {
  /** Values, row-major and contiguous; length = product of shape. */
  data: Float32Array;
  /** Sizes of the axes, outermost first; [] is a scalar. */
  readonly shape: readonly number[];
  /** dLoss/dTensor, same layout as data; null until a backward pass reaches this tensor. */
  grad: Float32Array | null;
  /** Whether ops record how to send gradients back to this tensor. */
  requiresGrad: boolean;
  name?: string;
}

/** A trainable tensor once its gradient is allocated: the record the optimizers update. */
export interface Parameter {
  name: string;
  data: Float32Array;
  grad: Float32Array;
  shape: readonly number[];
}

/** Number of elements of a tensor with this shape. */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const size of shape) n *= size;
  return n;
}

/**
 * For each flat index of an output of `outShape`, the flat index of the input element it
 * reads, where `strides[axis]` is how far the input index moves per step along that output
 * axis (0 for a broadcast axis): the index map of broadcasting.
 */
export function stridedIndexMap(outShape: readonly number[], strides: readonly number[]): Int32Array {
  const rank = outShape.length;
  const map = new Int32Array(numel(outShape));
  const counter = new Array<number>(rank).fill(0);
  let source = 0;
  for (let o = 0; o < map.length; o++) {
    map[o] = source;
    // Advance the multi-index like an odometer, keeping `source` in step.
    for (let axis = rank - 1; axis >= 0; axis--) {
      counter[axis]++;
      source += strides[axis];
      if (counter[axis] < outShape[axis]) break;
      source -= strides[axis] * counter[axis];
      counter[axis] = 0;
    }
  }
  return map;
}

function checkShape(shape: readonly number[]): void {
  if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new Error(`shape must be an array of non-negative integers, got ${describeValue(shape)}`);
  }
}

/**
 * A tensor over `data` (copied into a Float32Array unless it already is one, which is used as is).
 *
 * @example
 * const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
 */
export function tensor(
  data: ArrayLike<number>,
  shape: readonly number[],
  options: { requiresGrad?: boolean; name?: string } = {},
): Tensor {
  checkShape(shape);
  if (data.length !== numel(shape)) {
    throw new Error(`tensor data has ${data.length} values but shape [${shape.join(", ")}] needs ${numel(shape)}`);
  }
  const values = data instanceof Float32Array ? data : Float32Array.from(data);
  const t: Tensor = { data: values, shape: [...shape], grad: null, requiresGrad: options.requiresGrad ?? false };
  if (options.name !== undefined) t.name = options.name;
  return t;
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], options: { requiresGrad?: boolean; name?: string } = {}): Tensor {
  checkShape(shape);
  return tensor(new Float32Array(numel(shape)), shape, options);
}

/**
 * A tensor of zeros for an op's output, allocated through the step arena (arena.ts): inside
 * `withArena` it is valid only until the arena's next step. Ops use it; users want `zeros`.
 */
export function opOutput(shape: readonly number[]): Tensor {
  return { data: allocate(numel(shape)), shape: [...shape], grad: null, requiresGrad: false };
}

/**
 * Standard normal values times `std` (Box-Muller on the seeded generator), e.g. for
 * nanoGPT's N(0, 0.02) initialisation.
 */
export function randn(shape: readonly number[], rng: Rng, std = 1): Float32Array {
  checkShape(shape);
  const out = new Float32Array(numel(shape));
  for (let i = 0; i < out.length; i += 2) {
    // Box-Muller: two uniforms give two independent N(0, 1) values.
    const u1 = 1 - rng.nextFloat(); // in (0, 1], so log is finite
    const u2 = rng.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = std * radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < out.length) out[i + 1] = std * radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/**
 * A named trainable tensor with its gradient buffer allocated (zeros), so it satisfies
 * `Parameter` and gradients accumulate into the same buffer every step. `data` is copied
 * into a buffer from the active kernels' `allocate` (so create models after choosing the
 * backend: useBackend in backend.ts).
 *
 * @example
 * const w = parameter("transformer.wte.weight", [65, 128], randn([65, 128], createRng(0), 0.02));
 */
export function parameter(name: string, shape: readonly number[], data?: Float32Array): Tensor & Parameter {
  checkShape(shape);
  // Values and gradient live where the kernels work (inside WebAssembly memory on that backend).
  const values = kernels().allocate(numel(shape));
  if (data !== undefined) {
    if (data.length !== values.length) throw new Error(`parameter ${name} has ${data.length} values but shape [${shape.join(", ")}] needs ${values.length}`);
    values.set(data);
  }
  const t = tensor(values, shape, { requiresGrad: true, name });
  t.grad = kernels().allocate(values.length);
  return t as Tensor & Parameter;
}

// ---------------------------------------------------------------------------------------
// The tape

interface TapeRecord {
  /** The op's output; its gradient is complete when the record runs (reverse order). */
  output: Tensor;
  /** Adds the inputs' gradients given the output's gradient. */
  backward: (outputGrad: Float32Array) => void;
}

let tape: TapeRecord[] = [];
let recording = true;

/** Whether an op on these inputs must record its backward (recording on, some input requires grad). */
export function needsGrad(...inputs: ReadonlyArray<Tensor | null | undefined>): boolean {
  return recording && inputs.some((t) => t != null && t.requiresGrad);
}

/**
 * Pushes an op's backward on the tape and marks its output as requiring grad. Ops call it
 * only when `needsGrad(...)` is true.
 */
export function record(output: Tensor, backward: (outputGrad: Float32Array) => void): void {
  output.requiresGrad = true;
  tape.push({ output, backward });
}

/**
 * The gradient buffer of `t`, allocated as zeros on first use: from the step arena when
 * `t` itself was made in the current arena step (an intermediate), else a buffer of its own.
 */
export function gradOf(t: Tensor): Float32Array {
  if (t.grad === null) t.grad = isArenaBuffer(t.data) ? allocate(t.data.length) : new Float32Array(t.data.length);
  return t.grad;
}

/** Number of records on the tape (for tests and leak checks). */
export function tapeLength(): number {
  return tape.length;
}

/** Drops the recorded graph without running it (e.g. after a forward pass whose loss is not needed). */
export function clearTape(): void {
  tape = [];
}

/**
 * Runs `fn` without recording anything on the tape (evaluation, generation, optimizer
 * updates). Nested calls are fine; recording resumes as it was, even if `fn` throws.
 *
 * @example
 * const logits = noGrad(() => model.forward(tokens));
 */
export function noGrad<T>(fn: () => T): T {
  const previous = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = previous;
  }
}

/**
 * Back-propagates from `root` through everything recorded since the last backward, adding
 * into `.grad` of every tensor that requires grad, then clears the tape. `root` must be a
 * scalar (seed dL/dL = 1) unless `seed` gives dL/droot explicitly (same length as root).
 *
 * @example
 * const loss = crossEntropy(logits, targets);
 * backward(loss); // parameters' .grad now hold dloss/dparameter (added to what was there)
 */
export function backward(root: Tensor, seed?: ArrayLike<number>): void {
  if (seed === undefined && root.data.length !== 1) {
    throw new Error(`backward needs a scalar loss, got shape [${root.shape.join(", ")}]: reduce the loss to one number (sum or mean), or pass the seed gradient`);
  }
  if (seed !== undefined && seed.length !== root.data.length) {
    throw new Error(`backward seed has ${seed.length} values but the root has ${root.data.length}`);
  }
  if (!root.requiresGrad) {
    throw new Error("backward root does not require grad: no parameter with requiresGrad was used to compute it (or it was computed under noGrad)");
  }
  const rootGrad = gradOf(root);
  if (seed === undefined) rootGrad[0] += 1;
  else for (let i = 0; i < rootGrad.length; i++) rootGrad[i] += seed[i];

  const records = tape;
  tape = [];
  // Reverse order is a valid topological order: each record was pushed after its inputs were made.
  for (let r = records.length - 1; r >= 0; r--) {
    const { output, backward: step } = records[r];
    if (output.grad !== null) step(output.grad); // no gradient reached it: nothing to send back
  }
}

/** Sets every parameter's gradient to zero in place (allocating it once if missing). */
export function zeroGrad(params: Iterable<Tensor>): void {
  for (const p of params) gradOf(p).fill(0);
}
