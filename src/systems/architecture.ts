// The shape of a decoder-only transformer, as the parameter and FLOP calculators read it.
//
// Two families cover the models people size by hand:
//   "gpt"   GPT-2 / GPT-3 (Radford et al. 2019; Brown et al. 2020): learned position table,
//           LayerNorm, GELU MLP of width f = 4h unless given, biases on every Linear and
//           LayerNorm, output head tied to the token embedding.
//   "llama" Llama / Mistral (Touvron et al. 2023): RoPE (no position parameters), RMSNorm
//           (a weight, no bias), SwiGLU MLP with its own width f (three h×f matrices),
//           grouped-query attention with kvHeads key/value heads, no biases, untied head.
// `bias` and `tiedHead` override the family default (nanoGPT's bias=False GPT, for example).

import { describeValue, InputError } from "../errors.js";
import { checkPositiveInteger } from "./check.js";

/** Which block design the model uses; see the file comment. */
export type ArchFamily = "gpt" | "llama";

/** A decoder-only transformer's sizes. Symbols used in formulas are in brackets. */
export interface Arch {
  family: ArchFamily;
  /** Rows of the token embedding [V]. */
  vocabSize: number;
  /** Model width, d_model [h]. */
  hidden: number;
  /** Transformer blocks [L]. */
  layers: number;
  /** Query heads [H]; must divide `hidden`. Head size d = h / H. */
  heads: number;
  /** Key/value heads for grouped-query attention [K]; must divide `heads`. Default: `heads` (multi-head attention). */
  kvHeads?: number;
  /** MLP inner width [f]. Default 4h for "gpt"; required for "llama" (Llama-2-7B: 11008). */
  ffnHidden?: number;
  /** Context length [T]: rows of the learned position table for "gpt"; for "llama" (RoPE) it adds no parameters. */
  maxSeqLen: number;
  /** Biases on Linear layers (and, for "gpt", LayerNorm biases). Default true for "gpt", false for "llama". */
  bias?: boolean;
  /** Output head shares the token embedding matrix. Default true for "gpt", false for "llama". */
  tiedHead?: boolean;
}

/** An Arch with every default filled in and the head size worked out. */
export interface ResolvedArch {
  family: ArchFamily;
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  /** d = h / H. */
  headDim: number;
  ffnHidden: number;
  maxSeqLen: number;
  bias: boolean;
  tiedHead: boolean;
}

/**
 * Validates an Arch and fills in the family defaults (see the file comment).
 * Throws InputError for a non-positive or non-integer size, heads not dividing hidden,
 * kvHeads not dividing heads, or a "llama" arch without ffnHidden.
 *
 * @example resolveArch({ family: "gpt", vocabSize: 50257, hidden: 768, layers: 12, heads: 12, maxSeqLen: 1024 })
 *   // { ..., kvHeads: 12, headDim: 64, ffnHidden: 3072, bias: true, tiedHead: true }
 */
export function resolveArch(arch: Arch): ResolvedArch {
  if (typeof arch !== "object" || arch === null) {
    throw new Error(`arch must be an object, got ${describeValue(arch)}`);
  }
  if (arch.family !== "gpt" && arch.family !== "llama") {
    throw new Error(`arch.family must be "gpt" or "llama", got ${describeValue(arch.family)}`);
  }
  const isGpt = arch.family === "gpt";
  const vocabSize = checkPositiveInteger("arch.vocabSize", arch.vocabSize, "GPT-2 uses 50257, Llama-2 32000");
  const hidden = checkPositiveInteger("arch.hidden", arch.hidden, "the model width d_model, e.g. 768");
  const layers = checkPositiveInteger("arch.layers", arch.layers, "the number of transformer blocks, e.g. 12");
  const heads = checkPositiveInteger("arch.heads", arch.heads, "the number of query heads, e.g. 12");
  const maxSeqLen = checkPositiveInteger("arch.maxSeqLen", arch.maxSeqLen, "the context length, e.g. 1024");
  if (hidden % heads !== 0) {
    throw new InputError(`arch.heads (${heads}) must divide arch.hidden (${hidden})`, `head size is hidden / heads; try a divisor of ${hidden}`);
  }
  const kvHeads = arch.kvHeads === undefined ? heads : checkPositiveInteger("arch.kvHeads", arch.kvHeads, "key/value heads; equal to heads for multi-head attention");
  if (heads % kvHeads !== 0) {
    throw new InputError(`arch.kvHeads (${kvHeads}) must divide arch.heads (${heads})`, "each key/value head serves heads / kvHeads query heads (Llama-2-70B: 64 heads, 8 kvHeads)");
  }
  let ffnHidden: number;
  if (arch.ffnHidden !== undefined) {
    ffnHidden = checkPositiveInteger("arch.ffnHidden", arch.ffnHidden, "the MLP inner width");
  } else if (isGpt) {
    ffnHidden = 4 * hidden;
  } else {
    throw new InputError("arch.ffnHidden is required for a llama-family arch", "SwiGLU widths are set per model: Llama-2-7B 11008 (8h/3 rounded up to a multiple of 256), Llama-3-8B 14336");
  }
  const bias = checkOptionalBoolean("arch.bias", arch.bias) ?? isGpt;
  const tiedHead = checkOptionalBoolean("arch.tiedHead", arch.tiedHead) ?? isGpt;
  return { family: arch.family, vocabSize, hidden, layers, heads, kvHeads, headDim: hidden / heads, ffnHidden, maxSeqLen, bias, tiedHead };
}

function checkOptionalBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new Error(`${name} must be true or false, got ${describeValue(value)}`);
}

/**
 * A warning when `seqLen` is longer than the model's context, or null. With a learned position
 * table ("gpt") there is no position for the extra tokens; with RoPE ("llama") the positions exist
 * but the model was not trained on them. The arithmetic still runs; the model would not.
 *
 * @example contextWarning(llama2_7b, 8192) // "sequence length 8192 exceeds the model's context of 4096 ..."
 */
export function contextWarning(arch: Arch, seqLen: number): string | null {
  const a = resolveArch(arch);
  if (seqLen <= a.maxSeqLen) return null;
  const why =
    a.family === "gpt"
      ? `its learned position table has ${a.maxSeqLen} rows, so the model cannot take longer sequences`
      : `it was trained on at most ${a.maxSeqLen} positions (RoPE extends only with a context-extension method)`;
  return `sequence length ${seqLen} exceeds the model's context of ${a.maxSeqLen}: ${why}; the figures are computed anyway`;
}
