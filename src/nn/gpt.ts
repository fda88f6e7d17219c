/**
 * GPT as nanoGPT's model.py defines it (Radford et al. 2019, GPT-2), on the tensor core:
 *
 *   x = drop(wte[idx] + wpe[pos])                       x: [B, T, C]
 *   for each block:  x = x + attn(ln_1(x))              pre-LN, causal self-attention
 *                    x = x + mlp(ln_2(x))               MLP 4× with GELU (exact, or tanh form)
 *   logits = ln_f(x)·Wᵀ                                 W = wte (tied) or lm_head
 *   loss = mean cross-entropy over targets ≠ −1  (+ z-loss when enabled)
 *
 * Options (GptConfig): bias on/off, exact GELU (nanoGPT's nn.GELU(), the default) or its tanh
 * form, RMSNorm for every norm, qk-norm (normalise q and k per head over D), rotary positions
 * instead of wpe (RoPE on q and k), untied head, z-loss.
 * Parameters are plain tensors named as nanoGPT's state_dict, in parameterSpecs order.
 *
 * Dropout, where nanoGPT puts it: after the embeddings, on the attention weights (then the
 * unfused attention-dropout.ts path runs), after attn.c_proj and after mlp.c_proj.
 */
import { InputError } from "../errors.js";
import { createRng, type Rng } from "../stats/prng.js";
import { dropout, gelu, geluTanh } from "../tensor/activation.js";
import { causalAttention } from "../tensor/attention.js";
import { add } from "../tensor/elementwise.js";
import { embedding } from "../tensor/embedding.js";
import { linear } from "../tensor/matmul.js";
import { layerNorm, rmsNorm } from "../tensor/norm.js";
import { reshape, split, transpose } from "../tensor/shape.js";
import { crossEntropy } from "../tensor/softmax.js";
import { cast } from "../tensor/cast.js";
import type { Precision } from "../tensor/precision.js";
import { parameter, type Parameter, type Tensor } from "../tensor/tensor.js";
import { causalAttentionWithDropout } from "./attention-dropout.js";
import { type GptConfig, parameterSpecs } from "./config.js";
import { initialValues } from "./init.js";
import { cachedAttention, type KvCache } from "./kv-cache.js";
import { rotary } from "./rope.js";
import { zLoss } from "./z-loss.js";

/** Target id that is not scored (no loss, no gradient), as nanoGPT's ignore_index=-1. */
export const IGNORE_INDEX = -1;

export interface Gpt {
  readonly config: GptConfig;
  /** Trainable tensors in parameterSpecs(config) order, with identical names. */
  readonly parameters: Array<Tensor & Parameter>;
  /** The same tensors by name; with a tied head "lm_head.weight" maps to transformer.wte.weight. */
  readonly byName: ReadonlyMap<string, Tensor & Parameter>;
}

/**
 * A GPT with nanoGPT's initialisation (see init.ts), drawn from a generator seeded with `seed`.
 *
 * @example const model = createGpt(gptConfig({ vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 }), 1337)
 */
export function createGpt(config: GptConfig, seed: number): Gpt {
  if (config.positions === "rotary" && (config.nEmbd / config.nHead) % 2 !== 0) {
    throw new InputError(`rotary positions need an even head size, got nEmbd / nHead = ${config.nEmbd / config.nHead}`);
  }
  const rng = createRng(seed);
  const parameters = parameterSpecs(config).map((spec) => parameter(spec.name, spec.shape, initialValues(spec, config, rng)));
  const byName = new Map(parameters.map((p) => [p.name, p]));
  if (config.tiedHead) byName.set("lm_head.weight", byName.get("transformer.wte.weight")!);
  return { config, parameters, byName };
}

/** Collects, per layer in order, q and k as attention reads them: [B, H, T, D] after qk-norm and RoPE. */
export interface AttentionProbe {
  attention: Array<{ q: Tensor; k: Tensor }>;
}

/** Options of `forward`. */
export interface ForwardOptions {
  /** Training mode turns dropout on (default false, i.e. model.eval()). */
  training?: boolean;
  /** Draws the dropout masks; required when training with dropout > 0. */
  rng?: Rng;
  /**
   * Incremental decoding (inference only, batch 1): the ids are the next T positions after
   * the cache's, attention also reads the cached keys and values, and the cache advances by T.
   */
  kvCache?: KvCache;
  /** Receives each layer's q and k as attention reads them (src/train/signals.ts measures them). */
  probe?: AttentionProbe;
  /**
   * Emulated autocast: every matmul's output (q/k/v, projections, MLP, logits) and the gradient
   * flowing back into it rounded to bf16 or fp16; norms, softmax and the loss stay float32 (default "fp32").
   */
  precision?: Precision;
}

/** What `forward` returns. */
export interface ForwardResult {
  /** [B, T, V] */
  logits: Tensor;
  /** [B, T, C]: the final norm's output, what the head reads (a reward model's scalar head reads it too). */
  hidden: Tensor;
  /** The training objective: crossEntropy, plus config.zLoss × mean (log Z)² when z-loss is on (null without targets). */
  loss: Tensor | null;
  /**
   * The mean cross-entropy over targets ≠ −1 alone (null without targets): what evaluation
   * scores, so a validation loss stays a log-perplexity whether z-loss is on or off.
   */
  crossEntropy: Tensor | null;
}

/**
 * Runs the model on ids [B, T] (row-major, B·T ids) and, when targets [B, T] are given,
 * the loss: mean cross-entropy over targets ≠ −1, plus config.zLoss × mean (log Z)².
 *
 * @example
 * const { logits, loss } = forward(model, ids, 4, 64, targets, { training: true, rng });
 * backward(loss!);
 */
export function forward(
  model: Gpt,
  ids: Int32Array | readonly number[],
  B: number,
  T: number,
  targets?: Int32Array | readonly number[] | null,
  options: ForwardOptions = {},
): ForwardResult {
  const c = model.config;
  const { training = false, kvCache } = options;
  const start = kvCache?.length ?? 0; // absolute position of the first id
  if (!(Number.isInteger(B) && B >= 1 && Number.isInteger(T) && T >= 1)) throw new Error(`forward needs whole numbers B, T >= 1, got B=${B}, T=${T}`);
  if (start + T > c.blockSize) {
    throw new Error(`sequence length ${start + T} exceeds blockSize ${c.blockSize}`);
  }
  if (ids.length !== B * T) throw new Error(`forward got ${ids.length} ids for B=${B}, T=${T} (needs ${B * T})`);
  if (targets != null && targets.length !== B * T) throw new Error(`forward got ${targets.length} targets for B=${B}, T=${T} (needs ${B * T})`);
  if (kvCache !== undefined && B !== 1) throw new Error(`a KV cache decodes one sequence, got B=${B}`);
  const rng = options.rng;
  const dropping = training && c.dropout > 0;
  if (dropping && rng === undefined) throw new Error("forward in training mode with dropout needs options.rng");
  const drop = (x: Tensor): Tensor => (dropping ? dropout(x, c.dropout, rng!, true) : x);
  const precision = options.precision ?? "fp32";
  const project = (x: Tensor, w: Tensor, b: Tensor | null): Tensor => cast(linear(x, w, b), precision);
  const step: Step = { model, B, T, start, drop, attentionDropout: dropping ? c.dropout : 0, rng, kvCache, probe: options.probe, project };

  // Embeddings. x: [B, T, C]
  let x = embedding(weight(model, "transformer.wte.weight"), ids, [B, T]);
  if (c.positions === "learned") {
    const positions = Array.from({ length: T }, (_, t) => start + t);
    x = add(x, embedding(weight(model, "transformer.wpe.weight"), positions, [T])); // [B, T, C] + [T, C]
  }
  x = drop(x);
  for (let layer = 0; layer < c.nLayer; layer++) {
    const h = `transformer.h.${layer}`;
    x = add(x, attention(step, layer, norm(model, `${h}.ln_1`, x)));
    x = add(x, mlp(step, layer, norm(model, `${h}.ln_2`, x)));
  }
  if (kvCache !== undefined) kvCache.length += T;
  const hidden = norm(model, "transformer.ln_f", x);
  const logits = project(hidden, weight(model, "lm_head.weight"), null); // [B, T, V]
  if (targets == null) return { logits, hidden, loss: null, crossEntropy: null };

  const rows = reshape(logits, [B * T, c.vocabSize]);
  const scored = crossEntropy(rows, targets, { ignoreIndex: IGNORE_INDEX });
  const loss = c.zLoss > 0 ? add(scored, zLoss(rows, targets, c.zLoss, IGNORE_INDEX)) : scored;
  return { logits, hidden, loss, crossEntropy: scored };
}

interface Step {
  model: Gpt;
  B: number;
  T: number;
  /** Absolute position of the first of the T steps (nonzero only with a KV cache). */
  start: number;
  /** Dropout after embeddings and residual projections (identity when not training). */
  drop: (x: Tensor) => Tensor;
  /** Dropout probability of the attention weights: config.dropout when training, else 0. */
  attentionDropout: number;
  rng: Rng | undefined;
  kvCache: KvCache | undefined;
  probe: ForwardOptions["probe"];
  /** linear, its output cast to the forward's precision. */
  project: (x: Tensor, w: Tensor, b: Tensor | null) => Tensor;
}

/**
 * Causal self-attention, nanoGPT's CausalSelfAttention. x: [B, T, C] → [B, T, C].
 */
function attention({ model, B, T, start, drop, kvCache, attentionDropout, rng, probe, project }: Step, layer: number, x: Tensor): Tensor {
  const { nEmbd: C, nHead: H, qkNorm, positions } = model.config;
  const D = C / H;
  const h = `transformer.h.${layer}.attn`;
  const qkv = project(x, weight(model, `${h}.c_attn.weight`), bias(model, `${h}.c_attn.bias`)); // [B, T, 3C]
  // [B, T, 3C] → [B, 3H, T, D] (one transpose for q, k and v), then q, k, v: [B, H, T, D] each.
  const [qHeads, kHeads, v] = split(transpose(reshape(qkv, [B, T, 3 * H, D]), 1, 2), [H, H, H], 1);
  let q = qHeads;
  let k = kHeads;
  if (qkNorm) {
    q = norm(model, `${h}.q_norm`, q); // over D, per head
    k = norm(model, `${h}.k_norm`, k);
  }
  if (positions === "rotary") {
    q = rotary(q, start);
    k = rotary(k, start);
  }
  probe?.attention.push({ q, k });
  // y: [B, H, T, D]. Dropout on the attention weights needs the unfused path (as nanoGPT's).
  const y =
    kvCache !== undefined ? cachedAttention(q, k, v, kvCache, layer)
    : attentionDropout > 0 ? causalAttentionWithDropout(q, k, v, attentionDropout, rng!)
    : causalAttention(q, k, v);
  const merged = reshape(transpose(y, 1, 2), [B, T, C]); // re-assemble heads side by side
  return drop(project(merged, weight(model, `${h}.c_proj.weight`), bias(model, `${h}.c_proj.bias`)));
}

/** MLP, nanoGPT's MLP: C → 4C, GELU (config.activation), 4C → C. x: [B, T, C] → [B, T, C]. */
function mlp({ model, drop, project }: Step, layer: number, x: Tensor): Tensor {
  const h = `transformer.h.${layer}.mlp`;
  const activation = model.config.activation === "gelu_tanh" ? geluTanh : gelu;
  const hidden = activation(project(x, weight(model, `${h}.c_fc.weight`), bias(model, `${h}.c_fc.bias`))); // [B, T, 4C]
  return drop(project(hidden, weight(model, `${h}.c_proj.weight`), bias(model, `${h}.c_proj.bias`)));
}

/** LayerNorm (with bias when config.bias) or RMSNorm over the last axis, eps 1e-5 as nanoGPT. */
function norm(model: Gpt, name: string, x: Tensor): Tensor {
  const w = weight(model, `${name}.weight`);
  return model.config.norm === "rmsnorm" ? rmsNorm(x, w) : layerNorm(x, w, bias(model, `${name}.bias`));
}

function weight(model: Gpt, name: string): Tensor {
  const p = model.byName.get(name);
  if (p === undefined) throw new Error(`GPT has no parameter ${name} (parameterSpecs and forward disagree)`);
  return p;
}

function bias(model: Gpt, name: string): Tensor | null {
  return model.byName.get(name) ?? null;
}

/**
 * The weights as a name → Float32Array map (copies), in parameterSpecs order, e.g. for
 * encodeSafetensors. A tied head is stored once, as transformer.wte.weight, unless
 * `includeTiedHead` also adds lm_head.weight (a copy of it), as nanoGPT's state_dict lists
 * both names, so that PyTorch's load_state_dict(strict=True) finds every key.
 *
 * @example encodeSafetensors(Object.fromEntries(Object.entries(exportWeights(model)).map(([k, data]) => [k, { dtype: "F32", shape: model.byName.get(k)!.shape, data }])))
 */
export function exportWeights(model: Gpt, options: { includeTiedHead?: boolean } = {}): Record<string, Float32Array> {
  const weights: Record<string, Float32Array> = Object.fromEntries(model.parameters.map((p) => [p.name, p.data.slice()]));
  if (model.config.tiedHead && options.includeTiedHead) weights["lm_head.weight"] = weights["transformer.wte.weight"].slice();
  return weights;
}

/**
 * Copies weights from a name → Float32Array map into the model. Every parameter must be
 * present with the right length and no unknown name may appear (InputError otherwise,
 * nothing changed). With a tied head, lm_head.weight may appear only equal to wte.
 *
 * @example loadWeights(model, Object.fromEntries(Object.entries(decoded.tensors).map(([k, t]) => [k, t.data as Float32Array])))
 */
export function loadWeights(model: Gpt, weights: Readonly<Record<string, Float32Array>>): void {
  const hint = "the weights must come from a model with the same GptConfig";
  for (const name of Object.keys(weights)) {
    if (name === "lm_head.weight" && model.config.tiedHead) {
      const wte = weights["transformer.wte.weight"];
      if (wte === undefined || !weights[name].every((value, i) => value === wte[i]) || weights[name].length !== wte.length) {
        throw new InputError("lm_head.weight differs from transformer.wte.weight but the config ties the head", "set tiedHead: false to load an untied head");
      }
    } else if (!model.byName.has(name)) {
      throw new InputError(`unknown weight "${name}" for this GPT config`, hint);
    }
  }
  for (const p of model.parameters) {
    const values = weights[p.name];
    if (!(values instanceof Float32Array) || values.length !== p.data.length) {
      throw new InputError(`weight "${p.name}" must be a Float32Array of ${p.data.length} values (shape [${p.shape.join(", ")}])`, hint);
    }
  }
  for (const p of model.parameters) p.data.set(weights[p.name]);
}
