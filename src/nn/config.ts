import { InputError } from "../errors.js";

/**
 * The MLP's activation: "gelu" is exact GELU, x·Φ(x) with the erf (PyTorch's `nn.GELU()`,
 * which nanoGPT's model.py uses); "gelu_tanh" is the tanh approximation of GPT-2's code
 * (PyTorch's `nn.GELU(approximate="tanh")`).
 */
export type Activation = "gelu" | "gelu_tanh";

/** The activations a config may name. */
export const ACTIVATIONS: readonly Activation[] = ["gelu", "gelu_tanh"];

/** A GPT as nanoGPT's GPTConfig defines it, plus the options later labs need. */
export interface GptConfig {
  vocabSize: number;
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  /** Biases in Linear layers and LayerNorms (nanoGPT's `bias`). */
  bias: boolean;
  dropout: number;
  /** "layernorm" (GPT-2) or "rmsnorm" (no bias, no mean subtraction). */
  norm: "layernorm" | "rmsnorm";
  /** "learned" position embeddings (GPT-2, `transformer.wpe`) or "rotary" (RoPE, no parameters). */
  positions: "learned" | "rotary";
  /** LayerNorm of queries and keys per head before attention (qk-layernorm). */
  qkNorm: boolean;
  /** Tie the language-model head to the token embedding (GPT-2) or give it its own weight. */
  tiedHead: boolean;
  /** The MLP's activation (see Activation). */
  activation: Activation;
  /** Coefficient of the z-loss term, coefficient × log²Z (PaLM uses 1e-4); 0 turns it off. */
  zLoss: number;
}

/** nanoGPT's defaults for the options it has, and the classic GPT-2 choices for the others. */
export function gptConfig(overrides: Partial<GptConfig> & Pick<GptConfig, "vocabSize" | "blockSize" | "nLayer" | "nHead" | "nEmbd">): GptConfig {
  const config: GptConfig = { bias: true, dropout: 0, norm: "layernorm", positions: "learned", qkNorm: false, tiedHead: true, activation: "gelu", zLoss: 0, ...overrides };
  if (config.nEmbd % config.nHead !== 0) throw new InputError(`nEmbd ${config.nEmbd} is not divisible by nHead ${config.nHead}`, "each head gets nEmbd / nHead dimensions");
  for (const key of ["vocabSize", "blockSize", "nLayer", "nHead", "nEmbd"] as const) {
    if (!(Number.isInteger(config[key]) && config[key] >= 1)) throw new InputError(`${key} must be a whole number of at least 1, got ${config[key]}`);
  }
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new InputError(`dropout must be in [0, 1), got ${config.dropout}`);
  if (!ACTIVATIONS.includes(config.activation)) throw new InputError(`activation must be ${ACTIVATIONS.map((a) => `"${a}"`).join(" or ")}, got ${JSON.stringify(config.activation)}`);
  return config;
}

/** One parameter as nanoGPT's state_dict names it; Linear weights are [out, in]. */
export interface ParameterSpec {
  name: string;
  shape: number[];
}

/**
 * Every parameter in nanoGPT's state_dict order and naming, so a checkpoint loads straight
 * into nanoGPT. With a tied head, `lm_head.weight` is `transformer.wte.weight` and is not
 * listed again (nanoGPT's state_dict lists both names for one tensor).
 */
export function parameterSpecs(c: GptConfig): ParameterSpec[] {
  const C = c.nEmbd;
  const specs: ParameterSpec[] = [{ name: "transformer.wte.weight", shape: [c.vocabSize, C] }];
  if (c.positions === "learned") specs.push({ name: "transformer.wpe.weight", shape: [c.blockSize, C] });
  const norm = (name: string, width = C) => {
    specs.push({ name: `${name}.weight`, shape: [width] });
    if (c.bias && c.norm === "layernorm") specs.push({ name: `${name}.bias`, shape: [width] });
  };
  const linear = (name: string, out: number, inp: number) => {
    specs.push({ name: `${name}.weight`, shape: [out, inp] });
    if (c.bias) specs.push({ name: `${name}.bias`, shape: [out] });
  };
  for (let l = 0; l < c.nLayer; l++) {
    const h = `transformer.h.${l}`;
    norm(`${h}.ln_1`);
    linear(`${h}.attn.c_attn`, 3 * C, C);
    if (c.qkNorm) {
      norm(`${h}.attn.q_norm`, C / c.nHead);
      norm(`${h}.attn.k_norm`, C / c.nHead);
    }
    linear(`${h}.attn.c_proj`, C, C);
    norm(`${h}.ln_2`);
    linear(`${h}.mlp.c_fc`, 4 * C, C);
    linear(`${h}.mlp.c_proj`, C, 4 * C);
  }
  norm("transformer.ln_f");
  if (!c.tiedHead) specs.push({ name: "lm_head.weight", shape: [c.vocabSize, C] });
  return specs;
}

/**
 * Parameter counts: `total`, and `reported` as nanoGPT's get_num_params() reports it
 * (non_embedding=True: without the position embeddings; the token embedding counts because
 * it is also the output head when tied).
 *
 * @example countParameters(gptConfig({ vocabSize: 50304, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768 }))
 */
export function countParameters(c: GptConfig): { total: number; reported: number } {
  const size = (s: ParameterSpec) => s.shape.reduce((n, d) => n * d, 1);
  const specs = parameterSpecs(c);
  const total = specs.reduce((n, s) => n + size(s), 0);
  const wpe = specs.find((s) => s.name === "transformer.wpe.weight");
  return { total, reported: total - (wpe ? size(wpe) : 0) };
}
