import { describe, expect, it } from "vitest";
import { parseConfigFile, PRESETS, resolveConfig, trainConfigSchema } from "../src/train/config.js";

describe("resolveConfig", () => {
  it("baby is nanoGPT's baby GPT recipe", () => {
    const baby = resolveConfig("baby", []);
    // train.py: bias = False; model.py's MLP: nn.GELU(), the exact form
    // and GPT-2's architecture: LayerNorm, learned positions, a tied head, no qk-layernorm, no z-loss
    expect(baby.model).toEqual({ nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, dropout: 0, bias: false, activation: "gelu", norm: "layernorm", positions: "learned", qkNorm: false, tiedHead: true, zLoss: 0 });
    expect(baby.batchSize).toBe(12);
    expect(baby.steps).toBe(2000);
    expect(baby.optimizer).toEqual({ lr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 2000, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, weightDecayMode: "coupled", gradClip: 1, decayParameters: "matrices" });
  });

  it("overlays a file, then flags; --steps moves the end of the decay unless the decay is set", () => {
    const config = resolveConfig("tiny", [
      { source: "file.json", overrides: { model: { nLayer: 3 }, optimizer: { lr: 1e-3 } } },
      { source: "flags", overrides: { steps: 100, seed: 9 } },
    ]);
    expect(config.model).toEqual({ ...PRESETS.tiny.model, nLayer: 3 });
    expect(config.optimizer).toMatchObject({ lr: 1e-3, decaySteps: 100, warmupSteps: PRESETS.tiny.optimizer.warmupSteps });
    expect(config.seed).toBe(9);
    expect(resolveConfig("tiny", [{ source: "f", overrides: { steps: 100, optimizer: { decaySteps: 80 } } }]).optimizer.decaySteps).toBe(80);
    expect(PRESETS.tiny.model.nLayer).toBe(2); // the preset itself is untouched
  });

  it("takes the activation from a file: exact gelu by default, gelu_tanh when asked, nothing else", () => {
    expect(resolveConfig("tiny", []).model.activation).toBe("gelu");
    expect(resolveConfig("tiny", [{ source: "f", overrides: { model: { activation: "gelu_tanh" } } }]).model.activation).toBe("gelu_tanh");
    expect(() => resolveConfig("tiny", [{ source: "f", overrides: { model: { activation: "relu" } as never } }])).toThrow(/config field model\.activation/);
  });

  it("reads a stored config without model.activation as gelu_tanh (what such runs trained with), and keeps a stored one", () => {
    const stored = structuredClone(resolveConfig("tiny", [])) as unknown as { model: Record<string, unknown> };
    delete stored.model.activation;
    expect(trainConfigSchema.parse(stored).model.activation).toBe("gelu_tanh");
    stored.model.activation = "gelu";
    expect(trainConfigSchema.parse(stored).model.activation).toBe("gelu");
  });

  it("names the field and its source for bad values", () => {
    expect(() => resolveConfig("tiny", [{ source: "f", overrides: { model: { nLayer: 0 } } }])).toThrow(/^f: config field model\.nLayer: .*>=1/);
    expect(() => resolveConfig("tiny", [{ source: "relu.json", overrides: { model: { activation: "relu" } as never } }])).toThrow(/^relu\.json: config field model\.activation/);
    // The last layer that sets the field is named: here the flag, not the file under it.
    const layers = [
      { source: "run.json", overrides: { steps: 0 } },
      { source: "--steps", overrides: { steps: -1 } },
    ];
    expect(() => resolveConfig("tiny", layers)).toThrow(/^--steps: config field steps/);
    expect(() => resolveConfig("tiny", [{ source: "f", overrides: { optimizer: { minLr: 1 } } }])).toThrow(/optimizer\.minLr 1 is above optimizer\.lr 0\.003/);
    expect(() => resolveConfig("tiny", [{ source: "f", overrides: { model: { nHead: 3 } } }])).toThrow(/nEmbd 64 is not divisible by model\.nHead 3/);
    expect(() => resolveConfig("tiny", [{ source: "my.json", overrides: { model: 3 } as never }])).toThrow(/my\.json: field model must be an object/);
    expect(() => resolveConfig("tiny", [{ source: "f", overrides: { colour: "blue" } as never }])).toThrow(/colour|unrecognized/i);
    expect(() => resolveConfig("tiny", [{ source: "f", overrides: { steps: 40, optimizer: { warmupSteps: 50 } } }])).toThrow(/decaySteps 40 must exceed optimizer\.warmupSteps 50/);
  });
});

describe("parseConfigFile", () => {
  it("reads one JSON object, and names the file otherwise", () => {
    expect(parseConfigFile('{"steps": 5}', "a.json")).toEqual({ steps: 5 });
    expect(() => parseConfigFile("{steps: 5}", "a.json")).toThrow(/a\.json: not valid JSON/);
    expect(() => parseConfigFile("[1]", "a.json")).toThrow(/a\.json: expected a JSON object/);
  });
});
