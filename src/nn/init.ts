/**
 * nanoGPT's initialisation (model.py, GPT.__init__ and GPT._init_weights):
 * - Linear and Embedding weights ~ N(0, 0.02);
 * - residual projections (attn.c_proj.weight, mlp.c_proj.weight) ~ N(0, 0.02/√(2·n_layer)),
 *   the GPT-2 paper's scaling so the residual stream's variance does not grow with depth;
 * - biases 0; LayerNorm/RMSNorm weights 1 (so qk-norm starts as plain normalisation).
 */
import type { Rng } from "../stats/prng.js";
import { randn } from "../tensor/tensor.js";
import type { GptConfig, ParameterSpec } from "./config.js";

/** Standard deviation of nanoGPT's normal initialisation. */
export const INIT_STD = 0.02;

/**
 * Initial values of one parameter of parameterSpecs(config), drawn from `rng` (call in
 * parameterSpecs order for a reproducible model).
 *
 * @example initialValues({ name: "transformer.h.0.mlp.c_proj.weight", shape: [8, 32] }, config, rng)
 */
export function initialValues(spec: ParameterSpec, config: GptConfig, rng: Rng): Float32Array {
  const size = spec.shape.reduce((n, d) => n * d, 1);
  const leaf = spec.name.split(".").slice(-2).join("."); // e.g. "ln_1.weight", "c_proj.weight"
  if (spec.name.endsWith(".bias")) return new Float32Array(size);
  if (/^(ln_1|ln_2|ln_f|q_norm|k_norm)\.weight$/.test(leaf)) return new Float32Array(size).fill(1);
  if (leaf === "c_proj.weight") return randn(spec.shape, rng, INIT_STD / Math.sqrt(2 * config.nLayer));
  return randn(spec.shape, rng, INIT_STD); // wte, wpe, c_attn, c_fc, lm_head
}
