import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { gptConfig, type GptConfig } from "../src/nn/config.js";
import { generate } from "../src/nn/generate.js";
import { createGpt, forward, type Gpt } from "../src/nn/gpt.js";
import { createKvCache } from "../src/nn/kv-cache.js";
import { createRng } from "../src/stats/prng.js";
import { clearTape, noGrad, tapeLength } from "../src/tensor/tensor.js";

const config = (overrides: Partial<GptConfig> = {}) => gptConfig({ vocabSize: 13, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16, ...overrides });

/** A model whose logits are far from uniform (larger weights), so sampling has something to follow. */
function sharpModel(overrides: Partial<GptConfig> = {}, seed = 1): Gpt {
  const model = createGpt(config(overrides), seed);
  for (const p of model.parameters) if (p.shape.length === 2) for (let i = 0; i < p.data.length; i++) p.data[i] *= 25;
  return model;
}

const variants: Array<[string, Partial<GptConfig>]> = [
  ["learned positions", {}],
  ["rotary + qk-norm + RMSNorm + untied, no bias", { positions: "rotary", qkNorm: true, norm: "rmsnorm", tiedHead: false, bias: false }],
];

describe("KV cache", () => {
  for (const [label, overrides] of variants) {
    it(`gives the same logits as a full forward, position by position (${label})`, () => {
      const model = sharpModel(overrides);
      const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
      const full = noGrad(() => forward(model, ids, 1, ids.length)).logits.data;
      const cache = createKvCache(model.config);
      // Prefill 4 tokens, then feed one at a time: each step's logits are row p of the full pass.
      const prefill = noGrad(() => forward(model, ids.slice(0, 4), 1, 4, null, { kvCache: cache })).logits.data;
      const rows = [Array.from(prefill)];
      for (let p = 4; p < ids.length; p++) rows.push(Array.from(noGrad(() => forward(model, [ids[p]], 1, 1, null, { kvCache: cache })).logits.data));
      expect(cache.length).toBe(ids.length);
      const cached = rows.flat();
      expect(cached.length).toBe(full.length);
      let worst = 0;
      for (let i = 0; i < full.length; i++) worst = Math.max(worst, Math.abs(cached[i] - full[i]) / (1 + Math.abs(full[i])));
      expect(worst).toBeLessThan(1e-5);
    });

    it(`generates the same tokens with and without it, greedy and seeded sampling (${label})`, () => {
      const model = sharpModel(overrides);
      const prompt = [2, 7, 7];
      const samplings = [{ temperature: 0 }, { temperature: 1 }, { temperature: 0.8, topK: 5 }, { temperature: 1.2, topP: 0.9 }];
      for (const sampling of samplings) {
        for (const seed of [1, 2, 3]) {
          const plain = generate(model, prompt, 13, sampling, createRng(seed), { kvCache: false });
          const cached = generate(model, prompt, 13, sampling, createRng(seed), { kvCache: true });
          expect(plain.length).toBe(16);
          expect(plain.slice(0, 3)).toEqual(prompt);
          expect(cached).toEqual(plain);
        }
      }
    });
  }

  it("matches uncached decoding past blockSize (and with a prompt longer than the block); refuses batches and gradients", () => {
    const model = sharpModel();
    const long = Array.from({ length: 20 }, (_, i) => i % 7);
    for (const prompt of [[1, 2, 3], long]) {
      for (const sampling of [{ temperature: 0 }, { temperature: 1 }]) {
        const plain = generate(model, prompt, 30, sampling, createRng(4), { kvCache: false });
        expect(generate(model, prompt, 30, sampling, createRng(4), { kvCache: true })).toEqual(plain);
      }
    }
    const cache = createKvCache(model.config);
    expect(() => forward(model, [1, 2, 3, 4], 2, 2, null, { kvCache: cache })).toThrow(/one sequence/);
    expect(() => forward(model, [1, 2], 1, 2, null, { kvCache: cache })).toThrow(/inference only/); // gradients would be wrong
    expect(cache.length).toBe(0);
    clearTape();
  });
});

describe("generate", () => {
  it("is deterministic per seed, greedy ignores the seed, and sampling varies with it", () => {
    const model = sharpModel();
    const greedy = generate(model, [0], 10, { temperature: 0 }, createRng(1));
    expect(generate(model, [0], 10, { temperature: 0 }, createRng(2))).toEqual(greedy);
    const a = generate(model, [0], 15, { temperature: 1.5 }, createRng(1));
    expect(generate(model, [0], 15, { temperature: 1.5 }, createRng(1))).toEqual(a);
    const others = [2, 3, 4, 5].map((s) => generate(model, [0], 15, { temperature: 1.5 }, createRng(s)));
    expect(others.some((o) => o.join() !== a.join())).toBe(true);
  });

  it("greedy picks the argmax of the last position's logits", () => {
    const model = sharpModel();
    const prompt = [4, 2, 8];
    const logits = noGrad(() => forward(model, prompt, 1, 3)).logits.data.subarray(2 * 13, 3 * 13);
    const best = logits.indexOf(Math.max(...logits));
    expect(generate(model, prompt, 1, { temperature: 0 }, createRng(0))).toEqual([...prompt, best]);
  });

  it("crops the context to the last blockSize tokens without a cache (nanoGPT)", () => {
    const model = sharpModel();
    const prompt = Array.from({ length: 20 }, (_, i) => i % 13); // longer than blockSize 16
    const out = generate(model, prompt, 5, { temperature: 0 }, createRng(0));
    expect(out).toHaveLength(25);
    // The first new token is what the model predicts from the last 16 prompt tokens.
    expect(generate(model, prompt.slice(-16), 1, { temperature: 0 }, createRng(0)).at(-1)).toBe(out[20]);
  });

  it("records nothing on the tape, returns the prompt for 0 new tokens, and rejects bad arguments", () => {
    const model = sharpModel();
    generate(model, [1], 3, {}, createRng(0), { kvCache: true });
    generate(model, [1], 3, {}, createRng(0));
    expect(tapeLength()).toBe(0);
    expect(generate(model, [1, 2], 0, {}, createRng(0))).toEqual([1, 2]);
    expect(() => generate(model, [], 3, {}, createRng(0))).toThrow(InputError);
    expect(() => generate(model, [1], -1, {}, createRng(0))).toThrow(InputError);
    expect(() => generate(model, [1], 2, { temperature: -1 }, createRng(0))).toThrow(InputError);
  });
});
