// Parameter counts of a decoder-only transformer, by component, from its shape (architecture.ts).
//
// Per layer (H query heads, K key/value heads, head size d = h/H, so H·d = h):
//   attention  q, o: h·h each; k, v: h·K·d each             → 2h² + 2h·K·d   (4h² when K = H)
//              biases (if on): q and o h each, k and v K·d   → 2h + 2K·d      (4h when K = H)
//   MLP        gpt: h→f→h, two matrices                      → 2h·f (+ f + h biases)
//              llama SwiGLU: gate, up (h×f), down (f×h)      → 3h·f (+ 2f + h biases)
//   norms      two per layer; LayerNorm weight + bias 2h each, or a weight only (h)
// Outside the layers: token embedding V·h, learned positions T·h ("gpt"), a final norm,
// and an output head V·h unless it is tied to the token embedding.
//
// Three totals, because sources count differently:
//   total         every parameter tensor, counted once (a tied head is not counted twice).
//   nonEmbedding  total minus all vocabulary and position matrices (token table, position
//                 table, untied output head): Kaplan et al. 2020's N, ≈ 12·L·h² for GPT.
//   flopParams    the N in 6N FLOPs per token: total minus the position table, and minus the
//                 input token table when the head is untied (a lookup does no multiply).
//                 This is nanoGPT's get_num_params() (model.py: "the position embeddings get
//                 subtracted"; the tied token table stays because it is the output head) and
//                 torchtitan's get_num_params(exclude_embedding=True) for Llama.

import { resolveArch, type Arch } from "./architecture.js";

/** One named group of parameters, summed over the whole model. */
export interface ParamComponent {
  name: string;
  count: number;
  /** How `count` follows from the shape, e.g. "L·(4h² + 4h)". */
  formula: string;
  /** Parameters in one layer for components repeated in every layer (count / L); null for the rest. */
  perLayer: number | null;
}

/** Parameters of one transformer block. */
export interface LayerParams {
  attention: number;
  mlp: number;
  norms: number;
  total: number;
}

/** The result of paramCount; see the file comment for the three totals. */
export interface ParamCount {
  total: number;
  /** Token table + learned position table + untied output head. */
  embedding: number;
  /** total − embedding (Kaplan et al. 2020). */
  nonEmbedding: number;
  /** The N of 6N FLOPs per token (nanoGPT get_num_params, torchtitan exclude_embedding). */
  flopParams: number;
  perLayer: LayerParams;
  /** Named groups over the whole model; their counts sum to `total`. */
  components: ParamComponent[];
  formula: string;
  convention: string;
}

/**
 * Counts the parameters of a GPT- or Llama-style model, in total and by component.
 *
 * @example paramCount({ family: "gpt", vocabSize: 50257, hidden: 768, layers: 12, heads: 12, maxSeqLen: 1024 }).total
 *   // 124,439,808: GPT-2 small as shipped (biases on, tied head)
 * @example paramCount({ family: "llama", vocabSize: 32000, hidden: 4096, layers: 32, heads: 32, ffnHidden: 11008, maxSeqLen: 4096 }).total
 *   // 6,738,415,616: Llama-2-7B
 */
export function paramCount(arch: Arch): ParamCount {
  const a = resolveArch(arch);
  const { vocabSize: V, hidden: h, layers: L, kvHeads: K, headDim: d, ffnHidden: f, maxSeqLen: T } = a;
  const isGpt = a.family === "gpt";
  const multiHead = a.kvHeads === a.heads;

  const attentionWeights = 2 * h * h + 2 * h * K * d;
  const attentionBiases = a.bias ? 2 * h + 2 * K * d : 0;
  const attention = attentionWeights + attentionBiases;
  const attentionFormula =
    (multiHead ? "4h²" : "2h² + 2h·K·d") + (a.bias ? (multiHead ? " + 4h" : " + 2h + 2K·d") : "");

  const mlpMatrices = isGpt ? 2 : 3;
  const mlpBiases = a.bias ? (isGpt ? f + h : 2 * f + h) : 0;
  const mlp = mlpMatrices * h * f + mlpBiases;
  const mlpFormula = `${mlpMatrices}h·f` + (a.bias ? (isGpt ? " + f + h" : " + 2f + h") : "");

  // LayerNorm ("gpt") has a weight and, with biases on, a bias; RMSNorm ("llama") a weight only.
  const normSize = isGpt && a.bias ? 2 * h : h;
  const normFormula = isGpt && a.bias ? "2h" : "h";
  const norms = 2 * normSize;

  const perLayer: LayerParams = { attention, mlp, norms, total: attention + mlp + norms };

  const tokenEmbedding = V * h;
  const positionEmbedding = isGpt ? T * h : 0;
  const outputHead = a.tiedHead ? 0 : V * h;

  const components: ParamComponent[] = [{ name: "token embedding", count: tokenEmbedding, formula: "V·h", perLayer: null }];
  if (isGpt) components.push({ name: "position embedding (learned)", count: positionEmbedding, formula: "T·h", perLayer: null });
  components.push(
    { name: "attention (all layers)", count: L * attention, formula: timesLayers(attentionFormula), perLayer: attention },
    { name: `MLP (all layers, ${isGpt ? "GELU" : "SwiGLU"})`, count: L * mlp, formula: timesLayers(mlpFormula), perLayer: mlp },
    { name: `norms (all layers, ${isGpt ? "LayerNorm" : "RMSNorm"})`, count: L * norms, formula: `L·2·${normFormula}`, perLayer: norms },
    { name: "final norm", count: normSize, formula: normFormula, perLayer: null },
  );
  if (!a.tiedHead) components.push({ name: "output head (untied)", count: outputHead, formula: "V·h", perLayer: null });

  const total = components.reduce((sum, c) => sum + c.count, 0);
  const embedding = tokenEmbedding + positionEmbedding + outputHead;
  const flopParams = total - positionEmbedding - (a.tiedHead ? 0 : tokenEmbedding);

  return {
    total,
    embedding,
    nonEmbedding: total - embedding,
    flopParams,
    perLayer,
    components,
    formula: components.map((c) => c.formula).join(" + "),
    convention:
      "total counts a tied head once; nonEmbedding excludes token, position and untied head matrices (Kaplan et al. 2020); " +
      "flopParams = total − position table − untied input table, the N of 6N (nanoGPT get_num_params)",
  };
}

/** "L·x" for a single term, "L·(x + y)" for a sum. */
function timesLayers(perLayer: string): string {
  return perLayer.includes(" ") ? `L·(${perLayer})` : `L·${perLayer}`;
}
