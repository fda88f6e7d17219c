import { describe, expect, it } from "vitest";
import { expectBug } from "./bug-error.js";
import * as optim from "../src/optim/index.js";
import { decayGroups, describeDecayGroups } from "../src/optim/parameter.js";
import { param } from "./optim-helpers.js";

/** nanoGPT's parameters for n_layer blocks of width C, vocab V, block size T, bias on. */
function nanoGptParams(nLayer: number, C: number, V: number, T: number): ReturnType<typeof param>[] {
  const params = [param("transformer.wte.weight", [V, C]), param("transformer.wpe.weight", [T, C])];
  for (let l = 0; l < nLayer; l++) {
    const h = `transformer.h.${l}`;
    params.push(
      param(`${h}.ln_1.weight`, [C]),
      param(`${h}.ln_1.bias`, [C]),
      param(`${h}.attn.c_attn.weight`, [3 * C, C]),
      param(`${h}.attn.c_attn.bias`, [3 * C]),
      param(`${h}.attn.c_proj.weight`, [C, C]),
      param(`${h}.attn.c_proj.bias`, [C]),
      param(`${h}.ln_2.weight`, [C]),
      param(`${h}.ln_2.bias`, [C]),
      param(`${h}.mlp.c_fc.weight`, [4 * C, C]),
      param(`${h}.mlp.c_fc.bias`, [4 * C]),
      param(`${h}.mlp.c_proj.weight`, [C, 4 * C]),
      param(`${h}.mlp.c_proj.bias`, [C]),
    );
  }
  params.push(param("transformer.ln_f.weight", [C]), param("transformer.ln_f.bias", [C]));
  return params;
}

describe("decay groups (nanoGPT configure_optimizers)", () => {
  it("decays 2-D+ tensors only and reports counts as nanoGPT prints them", () => {
    // nanoGPT's baby GPT shape (4 layers, width 128, vocab 65, block 64), here with bias=True.
    // Decayed: wte 65·128 + wpe 64·128 + 4·(3·128² + 128² + 2·4·128²) = 16,512 + 4·196,608 = 802,944 in 2 + 4·4 = 18 tensors.
    // Not decayed: 4·(8 vectors: 2·128 + 3·128 + 128 + 2·128 + 4·128 + 128 = 13·128) + 2·128 = 6,912 in 4·8 + 2 = 34 tensors.
    const groups = decayGroups(nanoGptParams(4, 128, 65, 64));
    expect(groups.decay.length).toBe(18);
    expect(groups.decayElements).toBe(802_944);
    expect(groups.noDecay.length).toBe(34);
    expect(groups.noDecayElements).toBe(6_912);
    expect(groups.noDecay.every((p) => p.name.endsWith("bias") || p.name.includes("ln_"))).toBe(true);
    expect(describeDecayGroups(groups)).toBe(
      "num decayed parameter tensors: 18, with 802,944 parameters\n" +
        "num non-decayed parameter tensors: 34, with 6,912 parameters",
    );
  });

  it("treats 0-d and 1-d tensors as not decayed and 3-d as decayed; formats small and large counts", () => {
    const groups = decayGroups([param("s", []), param("b", [7]), param("w", [2, 3, 4])]);
    expect(groups.decay.map((p) => p.name)).toEqual(["w"]);
    expect(groups.noDecay.map((p) => p.name)).toEqual(["s", "b"]);
    expect(describeDecayGroups({ ...groups, decayElements: 1_234_567_890, noDecayElements: 999 })).toContain(
      "with 1,234,567,890 parameters\nnum non-decayed parameter tensors: 2, with 999 parameters",
    );
  });

  it("rejects malformed parameters as a bug in the caller (parameters come from the model, not from the user)", () => {
    expectBug(() => decayGroups([param("a", [2]), param("a", [3])]), /name "a" is used by two parameters/);
    expectBug(() => decayGroups([{ ...param("a", [2]), shape: [-2] }]), /shape of "a" must be non-negative integers/);
    expectBug(() => decayGroups("nope" as unknown as []), /params must be an array of parameters/);
  });

  it("exports the whole API from the index", () => {
    for (const name of ["adamw", "adamwStep", "sgd", "sgdStep", "clipGradNorm", "warmupCosineLr", "learningRate", "decayGroups"]) {
      expect(typeof (optim as Record<string, unknown>)[name]).toBe("function");
    }
  });
});
