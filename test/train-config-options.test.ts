// The architecture and optimizer options a run may choose (RoPE, RMSNorm, qk-layernorm,
// z-loss, an untied head, Adam's ε, independent weight decay), and how stored configs made
// before them read.
import { describe, expect, it } from "vitest";
import { resolveConfig, trainConfigSchema } from "../src/train/config.js";
import { createRunModel } from "../src/train/model.js";
import { adamwOptionsOf } from "../src/train/optimizer-options.js";

describe("a run's architecture and optimizer options", () => {
  it("read as GPT-2's choices and torch's ε in a config stored before they existed", () => {
    const stored = JSON.parse(JSON.stringify(resolveConfig("tiny", []))) as Record<string, Record<string, unknown>>;
    for (const key of ["norm", "positions", "qkNorm", "tiedHead", "zLoss"]) delete stored.model[key];
    for (const key of ["eps", "weightDecayMode"]) delete stored.optimizer[key];
    const read = trainConfigSchema.parse(stored);
    expect(read.model).toMatchObject({ norm: "layernorm", positions: "learned", qkNorm: false, tiedHead: true, zLoss: 0 });
    expect(read.optimizer).toMatchObject({ eps: 1e-8, weightDecayMode: "coupled" });
  });

  it("build the model a config file asks for", () => {
    const config = resolveConfig("tiny", [{ source: "f.json", overrides: { model: { norm: "rmsnorm", positions: "rotary", qkNorm: true, tiedHead: false, zLoss: 1e-4 } } }]);
    const model = createRunModel(config, 65);
    const names = model.parameters.map((p) => p.name);
    expect(names).toContain("lm_head.weight"); // untied: its own head
    expect(names.some((n) => n.includes("wpe"))).toBe(false); // rotary: no position table
    expect(names.filter((n) => n.endsWith(".bias"))).toEqual([]); // RMSNorm has no bias (and bias is off)
    expect(model.config).toMatchObject({ norm: "rmsnorm", positions: "rotary", qkNorm: true, tiedHead: false, zLoss: 1e-4 });
  });

  it("refuse values outside their ranges, naming the field", () => {
    expect(() => resolveConfig("tiny", [{ source: "f.json", overrides: { model: { norm: "batchnorm" } as never } }])).toThrow(/model\.norm/);
    expect(() => resolveConfig("tiny", [{ source: "f.json", overrides: { optimizer: { eps: 0 } } }])).toThrow(/optimizer\.eps/);
    expect(() => resolveConfig("tiny", [{ source: "f.json", overrides: { optimizer: { weightDecayMode: "l2" } as never } }])).toThrow(/optimizer\.weightDecayMode/);
  });

  it("apply independent weight decay as λ·η_t/η_max per step, coupled as λ·η_t", () => {
    const { optimizer } = resolveConfig("tiny", [{ source: "f", overrides: { optimizer: { lr: 1e-3, weightDecay: 1e-4, weightDecayMode: "independent", eps: 1e-6 } } }]);
    const options = adamwOptionsOf(optimizer);
    // AdamW decays by η_t·λ' per step; with λ' = 1e-4 / 1e-3 = 0.1 that is 1e-4 at the peak η_t = 1e-3 and 5e-5 at η_t = 5e-4.
    expect(options.weightDecay).toBeCloseTo(0.1, 12);
    expect(5e-4 * options.weightDecay).toBeCloseTo(5e-5, 15);
    expect(options.eps).toBe(1e-6);
    expect(adamwOptionsOf({ ...optimizer, weightDecayMode: "coupled" }).weightDecay).toBe(1e-4);
  });
});
