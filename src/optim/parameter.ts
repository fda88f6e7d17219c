// The plain record every optimizer in src/optim works on, and the weight-decay split
// nanoGPT makes (model.py, GPT.configure_optimizers).
//
// Optimizers do not depend on the tensor library: a model hands them its parameters as
// { name, data, grad, shape } records whose Float32Arrays they update in place.

import { describeValue } from "../errors.js";

/** One trainable tensor: its values, its gradient (same length) and its shape. */
export interface Parameter {
  /** Unique name, e.g. nanoGPT's state_dict key "transformer.h.0.attn.c_attn.weight". */
  name: string;
  /** Values, updated in place by an optimizer step. */
  data: Float32Array;
  /** dLoss/dData, read by an optimizer step (and scaled in place by clipGradNorm). */
  grad: Float32Array;
  /** Shape; data.length = product of shape. A bias or LayerNorm gain has shape [n]. */
  shape: readonly number[];
}

/** The parameters split into nanoGPT's two AdamW groups, with their sizes. */
export interface DecayGroups {
  /** Parameters with 2 or more dimensions (matmul weights, embeddings): decayed. */
  decay: Parameter[];
  /** Parameters with fewer than 2 dimensions (biases, LayerNorm gains): not decayed. */
  noDecay: Parameter[];
  /** Total number of scalars in `decay`. */
  decayElements: number;
  /** Total number of scalars in `noDecay`. */
  noDecayElements: number;
}

/**
 * Whether weight decay applies to a parameter: nanoGPT's rule `p.dim() >= 2`, so all weight
 * tensors in matmuls and embeddings decay, and biases and LayerNorm/RMSNorm gains do not.
 */
export function isDecayed(param: Parameter): boolean {
  return param.shape.length >= 2;
}

/**
 * Splits parameters into the decayed and non-decayed groups of nanoGPT's configure_optimizers.
 *
 * @example
 * decayGroups([{ name: "w", shape: [4, 3], ... }, { name: "b", shape: [4], ... }])
 * // { decay: [w], noDecay: [b], decayElements: 12, noDecayElements: 4 }
 */
export function decayGroups(params: readonly Parameter[]): DecayGroups {
  checkParameters(params);
  const decay = params.filter(isDecayed);
  const noDecay = params.filter((p) => !isDecayed(p));
  const count = (group: Parameter[]): number => group.reduce((sum, p) => sum + p.data.length, 0);
  return { decay, noDecay, decayElements: count(decay), noDecayElements: count(noDecay) };
}

/**
 * The two lines nanoGPT prints when it builds its optimizer, e.g.
 * "num decayed parameter tensors: 18, with 802,944 parameters" and
 * "num non-decayed parameter tensors: 34, with 6,912 parameters"
 * (a 4-layer, 128-wide GPT with biases, vocab 65, block 64).
 * Returned as text, since core modules do not print.
 */
export function describeDecayGroups(groups: DecayGroups): string {
  return (
    `num decayed parameter tensors: ${groups.decay.length}, with ${withThousands(groups.decayElements)} parameters\n` +
    `num non-decayed parameter tensors: ${groups.noDecay.length}, with ${withThousands(groups.noDecayElements)} parameters`
  );
}

/**
 * Throws InputError unless every parameter has a unique non-empty name, a shape of
 * non-negative integers, and data and grad of length product(shape).
 */
export function checkParameters(params: readonly Parameter[]): void {
  if (!Array.isArray(params)) {
    throw new Error(`params must be an array of parameters, got ${describeValue(params)}`);
  }
  const seen = new Set<string>();
  for (const [i, param] of params.entries()) {
    const where = `params[${i}]`;
    if (typeof param?.name !== "string" || param.name === "") {
      throw new Error(`${where}.name must be a non-empty string, got ${describeValue(param?.name)}`);
    }
    if (seen.has(param.name)) {
      throw new Error(`${where}.name "${param.name}" is used by two parameters: optimizer state is saved by parameter name, so names must be unique`);
    }
    seen.add(param.name);
    const shape: readonly number[] = param.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`${where}.shape of "${param.name}" must be non-negative integers, got ${describeValue(shape)}`);
    }
    const size = shape.reduce((product, d) => product * d, 1);
    if (!(param.data instanceof Float32Array) || param.data.length !== size) {
      throw new Error(`${where}.data of "${param.name}" must be a Float32Array of length ${size} (shape [${shape.join(", ")}])`);
    }
    if (!(param.grad instanceof Float32Array) || param.grad.length !== size) {
      throw new Error(`${where}.grad of "${param.name}" must be a Float32Array of length ${size}, like its data`);
    }
  }
}

/** 1234567 -> "1,234,567", as Python's f"{n:,}" writes it (independent of the locale). */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
