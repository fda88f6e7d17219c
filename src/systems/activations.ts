// Activation memory of a GPT-style transformer during training, as Korthikanti et al. 2022
// ("Reducing Activation Recomputation in Large Transformer Models", §4 and Table 2) count it:
// 16-bit activations, 1-byte dropout masks, no FlashAttention, small buffers (LayerNorm statistics) ignored.
//
// Per layer, with s = sequence length, b = micro-batch, h = hidden size, a = heads, t = tensor-parallel size:
//   no parallelism                    sbh(34 + 5as/h)
//   tensor parallel                   sbh(10 + 24/t + 5as/(ht))
//   tensor + sequence parallel        (sbh/t)(34 + 5as/h)
//   selective recomputation           drops the 5as/h attention term (scores, softmax, its dropout)
//   full recomputation                2sbh (only the layer's input is kept)
// The 34 = 10 (LayerNorm inputs 4, dropout masks 2, attention and MLP inputs 4; replicated under plain
// tensor parallelism) + 24 (the matmul inputs and the GeLU input, split by t).

import { describeValue, InputError } from "../errors.js";
import { checkInteger } from "../optim/check.js";

/** Which activations are stored for the backward pass. */
export type ActivationRecompute = "none" | "selective" | "full";

/** Sizes of one transformer layer's forward pass. */
export interface ActivationShape {
  /** s: tokens per sequence. */
  seqLen: number;
  /** b: sequences per micro-batch. */
  microBatch: number;
  /** h: hidden size. */
  hidden: number;
  /** a: attention heads. */
  heads: number;
  /** t: tensor-parallel size (default 1). */
  tp?: number;
  /** Sequence parallelism over the tensor-parallel group (default false). */
  sequenceParallel?: boolean;
  /** Recomputation (default "none"). */
  recompute?: ActivationRecompute;
}

/** What `activationBytesPerLayer` returns: bytes one device stores for one layer and one micro-batch. */
export interface LayerActivations {
  bytes: number;
  formula: string;
  convention: string;
}

const CONVENTION =
  "Korthikanti et al. 2022, Table 2: 16-bit activations, 1-byte dropout masks, attention scores materialised (no FlashAttention)";

interface CheckedShape {
  s: number;
  b: number;
  h: number;
  a: number;
  t: number;
  sequenceParallel: boolean;
  recompute: ActivationRecompute;
}

function checkShape(shape: ActivationShape): CheckedShape {
  const s = checkInteger("seqLen", shape.seqLen, 1);
  const b = checkInteger("microBatch", shape.microBatch, 1);
  const h = checkInteger("hidden", shape.hidden, 1);
  const a = checkInteger("heads", shape.heads, 1);
  const t = checkInteger("tp", shape.tp ?? 1, 1, "tp is the tensor-parallel size, 1 for none");
  const sequenceParallel = shape.sequenceParallel ?? false;
  const recompute = shape.recompute ?? "none";
  if (h % a !== 0) {
    throw new InputError(`heads (${a}) must divide hidden (${h})`, "each head has hidden/heads dimensions");
  }
  if (a % t !== 0) {
    throw new InputError(`tp (${t}) must divide heads (${a})`, "tensor parallelism gives each device whole heads");
  }
  if (typeof sequenceParallel !== "boolean") {
    throw new Error(`sequenceParallel must be true or false, got ${describeValue(sequenceParallel)}`);
  }
  if (sequenceParallel && s % t !== 0) {
    throw new InputError(`tp (${t}) must divide seqLen (${s}) with sequence parallelism`, "sequence parallelism splits the sequence across the tensor-parallel group");
  }
  if (recompute !== "none" && recompute !== "selective" && recompute !== "full") {
    throw new Error(`recompute must be "none", "selective" or "full", got ${describeValue(recompute)}`);
  }
  return { s, b, h, a, t, sequenceParallel, recompute };
}

function perLayer({ s, b, h, a, t, sequenceParallel, recompute }: CheckedShape): LayerActivations {
  const sbh = s * b * h;
  if (recompute === "full") {
    // Only the layer input (16-bit) is kept. The paper notes it could be split over t (2sbh/t) at
    // the cost of an extra all-gather per layer, and does not do so; neither do we.
    return { bytes: 2 * sbh, formula: "2·sbh", convention: `${CONVENTION}; full recomputation keeps each layer's input, not split by t` };
  }
  const replicated = sequenceParallel ? 10 / t : 10;
  const attention = recompute === "selective" ? 0 : (5 * a * s) / (h * t);
  const bytes = sbh * (replicated + 24 / t + attention);
  return { bytes, formula: layerFormula(t, sequenceParallel, recompute), convention: CONVENTION };
}

function layerFormula(t: number, sequenceParallel: boolean, recompute: "none" | "selective"): string {
  const selective = recompute === "selective";
  if (t === 1) return selective ? "34·sbh" : "sbh(34 + 5as/h)";
  if (sequenceParallel) return selective ? "34·sbh/t" : "(sbh/t)(34 + 5as/h)";
  return selective ? "sbh(10 + 24/t)" : "sbh(10 + 24/t + 5as/(ht))";
}

/**
 * Bytes of activations one device stores for one transformer layer and one micro-batch
 * (Korthikanti et al. 2022, Table 2).
 *
 * @example activationBytesPerLayer({ seqLen: 2048, microBatch: 1, hidden: 12288, heads: 96 }).bytes // 2048·12288·(34 + 80)
 */
export function activationBytesPerLayer(shape: ActivationShape): LayerActivations {
  return perLayer(checkShape(shape));
}

/** Sizes for the whole first pipeline stage. */
export interface StageActivationShape extends ActivationShape {
  /** L: transformer layers in the whole model. */
  layers: number;
  /** v: vocabulary size (for the output layer's logits when there is one stage). */
  vocab: number;
  /** p: pipeline-parallel stages (default 1). */
  pipeline?: number;
  /** Model chunks per device in the interleaved schedule (default 1: plain 1F1B). */
  interleave?: number;
}

/** What `firstStageActivationBytes` returns. */
export interface StageActivations {
  /** The transformer layers: L layers' worth of `perLayer`, scaled for interleaving. */
  transformerLayers: number;
  /** Dropout mask after the embeddings, kept for p micro-batches in flight. */
  embeddingDropout: number;
  /** Final LayerNorm, output projection input and fp32 logits; only when p = 1 (the last stage is the first). */
  outputLayer: number;
  total: number;
  /** Layers' worth of activations held: L, or L·(1 + (p − 1)/(p·v)) interleaved. */
  layersHeld: number;
  perLayer: LayerActivations;
  formula: string;
  convention: string;
}

/**
 * Peak activation bytes on the first pipeline stage, which holds the most (Korthikanti et al. 2022,
 * §4.2.3 and §4.3). Under 1F1B it keeps p micro-batches of L/p layers, i.e. L layers' worth whatever
 * p is; the interleaved schedule with v chunks per device needs L·(1 + (p − 1)/(p·v)). Extras: the
 * embedding dropout mask sbhp/t, and with p = 1 the output side 4sbh/t·(1 + V/h) (final LayerNorm
 * input, output projection input, fp32 logits for the cross-entropy). Without sequence parallelism
 * the dropout mask and the two hidden-size inputs are not split by t (the logits still are).
 *
 * @example firstStageActivationBytes({ seqLen: 2048, microBatch: 1, hidden: 12288, heads: 96, layers: 96, vocab: 51200, tp: 8, pipeline: 8, sequenceParallel: true, recompute: "selective" }).total
 */
export function firstStageActivationBytes(shape: StageActivationShape): StageActivations {
  const checked = checkShape(shape);
  const layers = checkInteger("layers", shape.layers, 1);
  const vocab = checkInteger("vocab", shape.vocab, 1);
  const p = checkInteger("pipeline", shape.pipeline ?? 1, 1, "pipeline is the number of pipeline stages, 1 for none");
  const v = checkInteger("interleave", shape.interleave ?? 1, 1, "interleave is model chunks per device, 1 for plain 1F1B");
  if (layers % (p * v) !== 0) {
    throw new InputError(`pipeline × interleave (${p} × ${v}) must divide layers (${layers})`, "each pipeline chunk holds the same number of layers");
  }
  const { s, b, h, t, sequenceParallel } = checked;
  const layer = perLayer(checked);
  const layersHeld = v > 1 ? layers * (1 + (p - 1) / (p * v)) : layers;
  const transformerLayers = layersHeld * layer.bytes;
  const split = sequenceParallel ? t : 1;
  const embeddingDropout = (s * b * h * p) / split;
  // LayerNorm input 2sbh and output-projection input 2sbh (split by t only under sequence
  // parallelism) plus fp32 logits 4sbV, split by t across the vocabulary-parallel output layer.
  const outputLayer = p === 1 ? (4 * s * b * h) / split + (4 * s * b * vocab) / t : 0;
  const layerTerm = v > 1 ? `L·(1 + (p − 1)/(p·v))·[${layer.formula}]` : `L·[${layer.formula}]`;
  const extras = sequenceParallel ? "sbhp/t + [p = 1]·4sbh/t·(1 + V/h)" : "sbhp + [p = 1]·(4sbh + 4sbV/t)";
  return {
    transformerLayers,
    embeddingDropout,
    outputLayer,
    total: transformerLayers + embeddingDropout + outputLayer,
    layersHeld,
    perLayer: layer,
    formula: `${layerTerm} + ${extras}`,
    convention: `${layer.convention}; first stage of a 1F1B pipeline (Korthikanti et al. 2022, §4.2.3 and §4.3)`,
  };
}

/** One recomputation choice and what a layer, and the layers a device holds, store under it. */
export interface RecomputeOption extends LayerActivations {
  recompute: ActivationRecompute;
  /** bytes × layersHeld. */
  layersBytes: number;
}

/**
 * The same layer under each recomputation choice (none, selective, full), so the saving of each
 * is visible side by side, per layer and for `layersHeld` layers' worth (firstStageActivationBytes'
 * layersHeld; default 1); the shape's own `recompute` is ignored.
 */
export function activationBytesByRecompute(shape: ActivationShape, layersHeld = 1): RecomputeOption[] {
  return (["none", "selective", "full"] as const).map((recompute) => {
    const layer = activationBytesPerLayer({ ...shape, recompute });
    return { recompute, ...layer, layersBytes: layer.bytes * layersHeld };
  });
}
