import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import { InputError } from "../src/errors.js";
import { contextWarning, resolveArch, type Arch } from "../src/systems/architecture.js";
import { paramCount } from "../src/systems/params.js";
import { ACCELERATOR_PRESETS, MODEL_PRESETS } from "../src/systems/presets.js";
import { bytesIn, formatBytes, GB, GIB } from "../src/systems/units.js";

const gpt2Small = MODEL_PRESETS["gpt2-small"].arch;

describe("paramCount: GPT-2 small, three ways of counting", () => {
  it("is 124,439,808 as shipped (biases on, tied head), every tensor of the checkpoint counted once", () => {
    // wte 50257·768 + wpe 1024·768 + 12·(12·768² + 13·768) + 2·768 (final LayerNorm)
    const count = paramCount(gpt2Small);
    expect(count.total).toBe(124_439_808);
    expect(count.perLayer).toEqual({ attention: 2_362_368, mlp: 4_722_432, norms: 3_072, total: 7_087_872 });
  });

  it("flopParams is nanoGPT's get_num_params(): total minus wpe (prints 'number of parameters: 123.65M' for init_from='gpt2')", () => {
    // nanoGPT model.py get_num_params(non_embedding=True) subtracts transformer.wpe only;
    // from_pretrained forces bias=True, vocab 50257: 124,439,808 − 786,432 = 123,653,376.
    expect(paramCount(gpt2Small).flopParams).toBe(123_653_376);
  });

  it("is 124,337,664 with nanoGPT's bias=False (no Linear or LayerNorm biases), position table included", () => {
    // The "124,337,664 as nanoGPT counts it": this is the bias=False total at vocab 50257;
    // removing the 102,144 biases (12·9,984 + 768) from 124,439,808. It still includes wpe.
    const noBias = paramCount({ ...gpt2Small, bias: false });
    expect(noBias.total).toBe(124_337_664);
    expect(noBias.flopParams).toBe(124_337_664 - 1024 * 768);
  });

  it("nanoGPT's from-scratch default (bias=False, vocab padded to 50304) gives get_num_params() 123,587,328 ('123.59M')", () => {
    expect(paramCount({ ...gpt2Small, bias: false, vocabSize: 50304 }).flopParams).toBe(123_587_328);
  });

  it("nonEmbedding drops both tables (Kaplan et al. 2020): 85,056,000 ≈ 12·L·h² = 84,934,656", () => {
    const count = paramCount(gpt2Small);
    expect(count.embedding).toBe(50257 * 768 + 1024 * 768);
    expect(count.nonEmbedding).toBe(85_056_000);
    expect(count.nonEmbedding / (12 * 12 * 768 ** 2)).toBeCloseTo(1.0014, 4);
  });
});

describe("paramCount: every preset", () => {
  // Expected totals. GPT-2 sizes are computed (the GPT-2 paper's Table 2 rounds differently:
  // 117M, 345M, 762M, 1542M); they equal L·(12h² + 13h) + 2h + (V + T)·h by hand.
  // Llama / Mistral totals are the checkpoints' own counts: PEFT's "all params: 6,738,415,616"
  // for Llama-2-7B, and safetensors index.json total_size / 2 bytes (bf16), e.g.
  // Meta-Llama-3-8B 16,060,522,496 / 2 = 8,030,261,248 and Mistral-7B-v0.1 14,483,464,192 / 2.
  const expected: Record<keyof typeof MODEL_PRESETS, number> = {
    "gpt2-small": 124_439_808,
    "gpt2-medium": 354_823_168,
    "gpt2-large": 774_030_080,
    "gpt2-xl": 1_557_611_200,
    "gpt3-175b": 174_604_259_328,
    "llama2-7b": 6_738_415_616,
    "llama2-13b": 13_015_864_320,
    "llama2-70b": 68_976_648_192,
    "llama3-8b": 8_030_261_248,
    "llama3-70b": 70_553_706_496,
    "mistral-7b": 7_241_732_096,
  };
  for (const [id, total] of Object.entries(expected)) {
    it(`${id}: ${total.toLocaleString("en-US")} parameters, components summing to the total`, () => {
      const count = paramCount(MODEL_PRESETS[id as keyof typeof MODEL_PRESETS].arch);
      expect(count.total).toBe(total);
      expect(count.components.reduce((sum, c) => sum + c.count, 0)).toBe(total);
      expect(count.embedding + count.nonEmbedding).toBe(total);
    });
  }

  it("GPT-3 175B (Brown et al. 2020, Table 2.1 shape) is 174,604,259,328 ≈ 174.6B", () => {
    // 96·(12·12288² + 13·12288) + 2·12288 + (50257 + 2048)·12288. The paper's "175.0B" is rounded.
    expect(paramCount(MODEL_PRESETS["gpt3-175b"].arch).total / 1e9).toBeCloseTo(174.6, 1);
  });

  it("Llama-2-7B splits into 2 × 131,072,000 vocabulary matrices and 32 layers of 202,383,360", () => {
    const count = paramCount(MODEL_PRESETS["llama2-7b"].arch);
    expect(count.perLayer).toEqual({ attention: 67_108_864, mlp: 135_266_304, norms: 8_192, total: 202_383_360 });
    expect(count.embedding).toBe(2 * 131_072_000);
    // untied: 6N counts the output head but not the input lookup (torchtitan exclude_embedding)
    expect(count.flopParams).toBe(6_738_415_616 - 131_072_000);
    expect(count.components.map((c) => c.name)).toContain("output head (untied)");
  });

  it("grouped-query attention: Llama-2-70B's k and v projections are h·K·d = 8192·8·128 each", () => {
    const count = paramCount(MODEL_PRESETS["llama2-70b"].arch);
    expect(count.perLayer.attention).toBe(2 * 8192 ** 2 + 2 * 8192 * 1024);
    expect(count.components.find((c) => c.name === "attention (all layers)")?.formula).toBe("L·(2h² + 2h·K·d)");
  });

  it("reproduces Narayanan et al. 2021 Table 1's parameter column (V = 51200, s = 2048, GPT blocks) to 0.1B", () => {
    // Table 1 "Number of parameters (billion)", from P = 12lh²(1 + 13/12h + (V + s)/12lh) (§5.1);
    // we also count the final LayerNorm (2h), far below the printed precision.
    const rows: Array<[billions: number, heads: number, hidden: number, layers: number]> = [
      [1.7, 24, 2304, 24],
      [3.6, 32, 3072, 30],
      [7.5, 32, 4096, 36],
      [18.4, 48, 6144, 40],
      [39.1, 64, 8192, 48],
      [76.1, 80, 10240, 60],
      [145.6, 96, 12288, 80],
      [310.1, 128, 16384, 96],
      [529.6, 128, 20480, 105],
      [1008.0, 160, 25600, 128],
    ];
    for (const [billions, heads, hidden, layers] of rows) {
      const total = paramCount({ family: "gpt", vocabSize: 51200, hidden, layers, heads, maxSeqLen: 2048 }).total;
      expect(Math.round(total / 1e8) / 10).toBe(billions);
    }
  });

  it("formula names every component it adds up", () => {
    expect(paramCount(gpt2Small).formula).toBe("V·h + T·h + L·(4h² + 4h) + L·(2h·f + f + h) + L·2·2h + 2h");
    expect(paramCount(MODEL_PRESETS["llama2-7b"].arch).formula).toBe("V·h + L·4h² + L·3h·f + L·2·h + h + V·h");
  });
});

describe("resolveArch: defaults and validation", () => {
  it("fills the family defaults", () => {
    expect(resolveArch(gpt2Small)).toMatchObject({ kvHeads: 12, headDim: 64, ffnHidden: 3072, bias: true, tiedHead: true });
    expect(resolveArch(MODEL_PRESETS["llama3-8b"].arch)).toMatchObject({ kvHeads: 8, headDim: 128, bias: false, tiedHead: false });
  });

  const bad: Array<[string, Arch, RegExp]> = [
    ["heads not dividing hidden", { ...gpt2Small, heads: 10 }, /arch\.heads \(10\) must divide arch\.hidden \(768\)/],
    ["kvHeads not dividing heads", { ...gpt2Small, kvHeads: 5 }, /arch\.kvHeads \(5\) must divide arch\.heads \(12\)/],
    ["negative layers", { ...gpt2Small, layers: -1 }, /arch\.layers must be a positive integer, got -1/],
    ["fractional hidden", { ...gpt2Small, hidden: 767.5 }, /arch\.hidden must be a positive integer, got 767\.5/],
    ["NaN vocabulary", { ...gpt2Small, vocabSize: Number.NaN }, /arch\.vocabSize must be a positive integer, got NaN/],
    ["zero maxSeqLen", { ...gpt2Small, maxSeqLen: 0 }, /arch\.maxSeqLen must be a positive integer, got 0/],
    ["llama without ffnHidden", { family: "llama", vocabSize: 32000, hidden: 4096, layers: 32, heads: 32, maxSeqLen: 4096 }, /arch\.ffnHidden is required/],
  ];
  for (const [label, arch, message] of bad) {
    it(`throws InputError for ${label}`, () => {
      expect(() => paramCount(arch)).toThrow(InputError);
      expect(() => paramCount(arch)).toThrow(message);
      try {
        paramCount(arch);
      } catch (error) {
        expect((error as InputError).hint).toBeTruthy();
      }
    });
  }

  // Values of the wrong type cannot come from the CLI (its flags are parsed into these types):
  // only a caller's bug gives them, so they are plain errors with a stack.
  it("treats a value of the wrong type as a bug, not a user error", () => {
    expectBug(() => paramCount({ ...gpt2Small, family: "bert" as "gpt" }), /arch\.family must be "gpt" or "llama", got "bert"/);
    expectBug(() => paramCount({ ...gpt2Small, bias: 1 as unknown as boolean }), /arch\.bias must be true or false, got 1/);
  });
});

describe("presets and units", () => {
  it("every model preset names its source and resolves", () => {
    for (const preset of Object.values(MODEL_PRESETS)) {
      expect(preset.source.length).toBeGreaterThan(20);
      expect(() => resolveArch(preset.arch)).not.toThrow();
    }
  });

  it("accelerators carry dense bf16 peaks (half the datasheets' sparse figures), GiB capacities and decimal bandwidths", () => {
    expect(ACCELERATOR_PRESETS["a100-80gb"]).toMatchObject({ peakFlops: 312e12, memoryBytes: 80 * 2 ** 30, bandwidth: 2.039e12 });
    expect(ACCELERATOR_PRESETS["h100-sxm"]).toMatchObject({ peakFlops: 989e12, bandwidth: 3.35e12 });
    expect(ACCELERATOR_PRESETS.h200).toMatchObject({ peakFlops: 989e12, memoryBytes: 141 * 2 ** 30, bandwidth: 4.8e12 });
    for (const gpu of Object.values(ACCELERATOR_PRESETS)) expect(gpu.source).toMatch(/sparsity/);
  });

  it("GB is 10⁹ and GiB is 2³⁰ bytes, and formatBytes always names the unit", () => {
    expect(GB).toBe(1_000_000_000);
    expect(GIB).toBe(1_073_741_824);
    expect(formatBytes(2 ** 31, "GiB")).toBe("2.0 GiB");
    expect(formatBytes(2 ** 31, "GB")).toBe("2.1 GB");
    expect(formatBytes(120e9, "GB", 0)).toBe("120 GB");
    expect(bytesIn(16e9, "GB")).toBe(16);
    // Llama-2-7B weights in fp16: 13.48 GB but 12.55 GiB, the 7.4% gap that mixing them hides
    const bytes = 2 * 6_738_415_616;
    expect(formatBytes(bytes, "GB", 2)).toBe("13.48 GB");
    expect(formatBytes(bytes, "GiB", 2)).toBe("12.55 GiB");
  });

  it("formatBytes rejects negative or non-finite sizes, bad units and bad digits", () => {
    expect(() => formatBytes(-1, "GB")).toThrow(/bytes must be a finite number >= 0, got -1/);
    expect(() => formatBytes(Number.POSITIVE_INFINITY, "GiB")).toThrow(InputError);
    expect(() => formatBytes(1, "MB" as "GB")).toThrow(/unit must be "GB" or "GiB", got "MB"/);
    expect(() => formatBytes(1, "GB", 1.5)).toThrow(/digits must be an integer/);
  });
});

describe("paramCount: per-layer counts of the repeated components", () => {
  it("GPT-2 small: attention 4h² + 4h, MLP 8h² + 5h, norms 4h per layer; none for the embeddings", () => {
    // h = 768: 4·589,824 + 3072 = 2,362,368; 2·768·3072 + 3072 + 768 = 4,722,432; 2·2·768 = 3072.
    const perLayer = Object.fromEntries(paramCount(gpt2Small).components.map((c) => [c.name, c.perLayer]));
    expect(perLayer).toEqual({
      "token embedding": null,
      "position embedding (learned)": null,
      "attention (all layers)": 2_362_368,
      "MLP (all layers, GELU)": 4_722_432,
      "norms (all layers, LayerNorm)": 3072,
      "final norm": null,
    });
  });
});

describe("contextWarning", () => {
  it("is null up to the context and explains the excess by family", () => {
    expect(contextWarning(gpt2Small, 1024)).toBeNull();
    expect(contextWarning(gpt2Small, 1025)).toMatch(/^sequence length 1025 exceeds the model's context of 1024: its learned position table has 1024 rows/);
    expect(contextWarning(MODEL_PRESETS["llama2-7b"].arch, 8192)).toMatch(/context of 4096: it was trained on at most 4096 positions \(RoPE/);
  });
});
