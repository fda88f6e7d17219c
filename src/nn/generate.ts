/**
 * Autoregressive generation, as nanoGPT's GPT.generate: repeatedly run the model, take the
 * last position's logits, pick the next token (sampling.ts: greedy, temperature, top-k,
 * top-p) and append it. Without a KV cache the context is cropped to the last blockSize
 * tokens each step; with one, each step feeds only the new token at its absolute position.
 */
import { InputError } from "../errors.js";
import type { Rng } from "../stats/prng.js";
import { noGrad } from "../tensor/tensor.js";
import { forward, type Gpt } from "./gpt.js";
import { createKvCache } from "./kv-cache.js";
import { sampleToken, type SamplingOptions } from "./sampling.js";

/** Options of `generate`. */
export interface GenerateOptions {
  /**
   * Decode incrementally with a KV cache (same tokens, far less work per step) while the
   * sequence fits the block; once it would not, positions slide and a cache cannot follow,
   * so decoding continues as without a cache (cropping to the last blockSize tokens).
   * Default false.
   */
  kvCache?: boolean;
  /** Stop right after sampling this token (it is included), e.g. the newline that ends an answer. */
  stopToken?: number;
}

/**
 * Continues `promptIds` by `maxNewTokens` tokens (fewer when `stopToken` comes first), in eval
 * mode (no dropout) without recording gradients. Returns the prompt followed by the new tokens.
 *
 * @example generate(model, encode("ROMEO:"), 100, { temperature: 0.8, topK: 200 }, createRng(1337), { kvCache: true })
 */
export function generate(
  model: Gpt,
  promptIds: readonly number[] | Int32Array,
  maxNewTokens: number,
  sampling: SamplingOptions,
  rng: Rng,
  options: GenerateOptions = {},
): number[] {
  const { blockSize } = model.config;
  if (!(Number.isInteger(maxNewTokens) && maxNewTokens >= 0)) throw new InputError(`maxNewTokens must be a whole number >= 0, got ${maxNewTokens}`);
  if (promptIds.length === 0) throw new InputError("generate needs a prompt of at least one token", "start from a newline or a BOS token");
  const ids = Array.from(promptIds);
  if (maxNewTokens === 0) return ids;
  const V = model.config.vocabSize;
  /** The last position's logits [V] out of logits [1, T, V]. */
  const lastRow = (logits: Float32Array, T: number) => logits.subarray((T - 1) * V, T * V);

  return noGrad(() => {
    if (!options.kvCache) {
      for (let i = 0; i < maxNewTokens; i++) {
        const context = ids.slice(-blockSize); // crop to the block, like nanoGPT
        const { logits } = forward(model, context, 1, context.length);
        const next = sampleToken(lastRow(logits.data, context.length), rng, sampling);
        ids.push(next);
        if (next === options.stopToken) break;
      }
      return ids;
    }
    const cache = createKvCache(model.config);
    // Prefill: the (cropped) prompt in one pass; then one new token per pass.
    const window = ids.slice(-blockSize);
    let { logits } = forward(model, window, 1, window.length, null, { kvCache: cache });
    let fed = window.length;
    for (let i = 0; i < maxNewTokens; i++) {
      const next = sampleToken(lastRow(logits.data, fed), rng, sampling);
      ids.push(next);
      if (i === maxNewTokens - 1 || next === options.stopToken) break; // the last token need not be fed
      if (cache.length < blockSize) {
        ({ logits } = forward(model, [next], 1, 1, null, { kvCache: cache }));
        fed = 1;
      } else {
        // The block is full: recompute the cropped window, exactly as uncached decoding does.
        const context = ids.slice(-blockSize);
        ({ logits } = forward(model, context, 1, context.length));
        fed = context.length;
      }
    }
    return ids;
  });
}
