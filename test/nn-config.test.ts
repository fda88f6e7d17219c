import { describe, expect, it } from "vitest";
import { countParameters, gptConfig, parameterSpecs } from "../src/nn/config.js";

describe("GPT parameters as nanoGPT names and counts them", () => {
  it("counts GPT-2 small as nanoGPT does: 124,439,808 in all, 123.65M reported", () => {
    // vocab 50257 (GPT-2's own vocabulary), block 1024, 12 layers, 12 heads, width 768, biases.
    const gpt2 = gptConfig({ vocabSize: 50257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768 });
    expect(countParameters(gpt2)).toEqual({ total: 124_439_808, reported: 124_439_808 - 1024 * 768 });
  });

  it("counts the baby GPT (shakespeare_char): 0.80M reported", () => {
    // per block: ln_1 256 + c_attn 128·384+384 + c_proj 128·128+128 + ln_2 256 + c_fc 128·512+512 + c_proj 512·128+128 = 198,272
    // total = 4·198,272 + wte 65·128 + wpe 64·128 + ln_f 256 = 809,856; reported = 809,856 − 8,192
    const baby = gptConfig({ vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 });
    expect(countParameters(baby)).toEqual({ total: 809_856, reported: 801_664 });
  });

  it("names parameters like nanoGPT's state_dict, Linear weights [out, in]", () => {
    const specs = parameterSpecs(gptConfig({ vocabSize: 10, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 4 }));
    expect(specs.map((s) => s.name)).toEqual([
      "transformer.wte.weight", "transformer.wpe.weight",
      "transformer.h.0.ln_1.weight", "transformer.h.0.ln_1.bias",
      "transformer.h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.bias",
      "transformer.h.0.attn.c_proj.weight", "transformer.h.0.attn.c_proj.bias",
      "transformer.h.0.ln_2.weight", "transformer.h.0.ln_2.bias",
      "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_fc.bias",
      "transformer.h.0.mlp.c_proj.weight", "transformer.h.0.mlp.c_proj.bias",
      "transformer.ln_f.weight", "transformer.ln_f.bias",
    ]);
    expect(specs.find((s) => s.name.endsWith("c_attn.weight"))?.shape).toEqual([12, 4]);
    expect(specs.find((s) => s.name.endsWith("mlp.c_proj.weight"))?.shape).toEqual([4, 16]);
  });

  it("follows the options: no bias, RMSNorm, rotary positions, qk-norm, untied head", () => {
    const names = parameterSpecs(
      gptConfig({ vocabSize: 10, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 4, bias: false, norm: "rmsnorm", positions: "rotary", qkNorm: true, tiedHead: false }),
    ).map((s) => s.name);
    expect(names.some((n) => n.endsWith(".bias"))).toBe(false);
    expect(names).not.toContain("transformer.wpe.weight");
    expect(names).toContain("transformer.h.0.attn.q_norm.weight");
    expect(names[names.length - 1]).toBe("lm_head.weight");
  });

  it("uses exact GELU unless told otherwise, and refuses an unknown activation", () => {
    const base = { vocabSize: 65, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8 };
    expect(gptConfig(base).activation).toBe("gelu");
    expect(gptConfig({ ...base, activation: "gelu_tanh" }).activation).toBe("gelu_tanh");
    expect(() => gptConfig({ ...base, activation: "relu" as never })).toThrow(/activation must be "gelu" or "gelu_tanh", got "relu"/);
  });

  it("rejects a width not divisible by the heads", () => {
    expect(() => gptConfig({ vocabSize: 10, blockSize: 8, nLayer: 1, nHead: 3, nEmbd: 4 })).toThrow(/not divisible by nHead 3/);
  });
});
