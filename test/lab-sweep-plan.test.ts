import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { planSweep, sweepJobs, sweepRunConfig, type SweepRequest } from "../src/lab/sweep-plan.js";

const plan = (request: SweepRequest = {}) => planSweep(request, "ts");

/** The InputError message a request gives. */
function errorOf(request: SweepRequest): string {
  try {
    plan(request);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message;
  }
  throw new Error(`no error for ${JSON.stringify(request)}`);
}

describe("sweep plan", () => {
  it("defaults to the full sweep: six learning rates, four variants, two seeds, 300 steps of tiny", () => {
    const p = plan();
    expect(p).toMatchObject({ preset: "tiny", steps: 300, lrs: [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1], variants: ["baseline", "qk-norm", "z-loss", "qk-norm+z-loss"], seeds: [1, 2], quick: false });
    expect(sweepJobs(p)).toHaveLength(48);
    expect(sweepJobs(p).slice(0, 5)).toEqual([
      { variant: "baseline", lr: 1e-3, seed: 1 },
      { variant: "qk-norm", lr: 1e-3, seed: 1 },
      { variant: "z-loss", lr: 1e-3, seed: 1 },
      { variant: "qk-norm+z-loss", lr: 1e-3, seed: 1 },
      { variant: "baseline", lr: 3e-3, seed: 1 },
    ]);
  });

  it("--quick: four learning rates, one seed, 200 steps; flags given still apply", () => {
    expect(plan({ quick: true })).toMatchObject({ lrs: [1e-3, 1e-2, 1e-1, 3e-1], seeds: [1], steps: 200, quick: true });
    expect(plan({ quick: true, steps: "20", lr: "0.3, 1e-3" })).toMatchObject({ lrs: [1e-3, 0.3], steps: 20, seeds: [1] });
    expect(plan({ preset: "baby", quick: true }).steps).toBe(50);
  });

  it("derives each run's config: the variant's switches, the lr, the paper's recipe, one thread, one evaluation", () => {
    const p = plan({ lr: "1e-6,1e-2", steps: "400" });
    const config = sweepRunConfig(p, { variant: "qk-norm+z-loss", lr: 1e-2, seed: 2 });
    expect(config.model).toMatchObject({ qkNorm: true, zLoss: 1e-4 });
    expect(config.optimizer).toMatchObject({ lr: 1e-2, minLr: 1e-5, warmupSteps: 20, decaySteps: 400, beta2: 0.95, weightDecay: 1e-4, weightDecayMode: "independent", gradClip: 1 });
    expect(config).toMatchObject({ seed: 2, steps: 400, threads: 1, backend: "ts", eval: { every: 400, arithmeticPrompts: 0, samples: 0 }, log: { layerStatsEvery: 10 } });
    expect(sweepRunConfig(p, { variant: "baseline", lr: 1e-2, seed: 1 }).model).toMatchObject({ qkNorm: false, zLoss: 0 });
    expect(sweepRunConfig(p, { variant: "z-loss", lr: 1e-2, seed: 1 }).model).toMatchObject({ qkNorm: false, zLoss: 1e-4 });
    // A peak lr below the cosine floor decays to itself.
    expect(sweepRunConfig(p, { variant: "qk-norm", lr: 1e-6, seed: 1 }).optimizer.minLr).toBe(1e-6);
  });

  it("refuses bad flags with one line naming the flag", () => {
    expect(errorOf({ lr: "" })).toBe("--lr: no learning rates given");
    expect(errorOf({ lr: "1e-3,abc" })).toBe('--lr: "abc" is not a number');
    expect(errorOf({ lr: "1e-3,,1e-2" })).toBe('--lr: "" is not a number');
    expect(errorOf({ lr: "0,1e-3" })).toBe("--lr: 0 is not a learning rate in (0, 10]");
    expect(errorOf({ lr: "1e-3,-1" })).toBe("--lr: -1 is not a learning rate in (0, 10]");
    expect(errorOf({ lr: "1e-3,0.001" })).toBe("--lr: 0.001 is listed twice");
    expect(errorOf({ lr: "1e-3" })).toBe("--lr: one learning rate; a sweep needs at least two");
    expect(errorOf({ variants: "baseline,qknorm" })).toBe('--variants: unknown variant "qknorm"');
    expect(errorOf({ variants: "z-loss, z-loss" })).toBe("--variants: z-loss is listed twice");
    expect(errorOf({ variants: " , " })).toBe("--variants: no variants given");
    expect(errorOf({ seeds: "0" })).toBe('--seeds: expected a whole number of at least 1, got "0"');
    expect(errorOf({ seeds: "two" })).toBe('--seeds: expected a whole number of at least 1, got "two"');
    expect(errorOf({ steps: "1.5" })).toBe('--steps: expected a whole number of at least 1, got "1.5"');
    expect(errorOf({ preset: "huge" })).toBe('--preset: expected one of tiny, baby, got "huge"');
    expect(errorOf({ seeds: "100" })).toMatch(/^the sweep would train 2400 runs \(6 learning rates × 4 variants × 100 seeds\), more than 2000$/);
  });

  it("reports a bad base config before any run", () => {
    expect(() => planSweep({}, "ts", { model: { nLayer: 0 } })).toThrow(/the sweep's base config: config field model.nLayer/);
  });
});
