import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import {
  constantLr,
  inverseSqrtLr,
  learningRate,
  warmupCosineLr,
  warmupLinearLr,
  type LrSchedule,
  type WarmupDecayOptions,
} from "../src/optim/schedule.js";

const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(1e-15 * Math.max(1, expected));
};

const decay: WarmupDecayOptions = { lr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 1000 };

describe("constantLr", () => {
  it("is lr at every step", () => {
    for (const step of [0, 1, 100, 10 ** 9]) expect(constantLr(step, { lr: 3e-4 })).toBe(3e-4);
  });
});

describe("warmupCosineLr (nanoGPT get_lr)", () => {
  it("has the documented values at key steps", () => {
    close(warmupCosineLr(0, decay), 1e-3 / 101); // warmup: lr·(0 + 1)/(100 + 1)
    close(warmupCosineLr(99, decay), (1e-3 * 100) / 101);
    close(warmupCosineLr(100, decay), 1e-3); // peak at the end of warmup
    close(warmupCosineLr(325, decay), 1e-4 + 0.5 * (1 + Math.SQRT1_2) * 9e-4); // quarter: cos(π/4)
    close(warmupCosineLr(550, decay), 5.5e-4); // mid: (lr + minLr)/2
    close(warmupCosineLr(1000, decay), 1e-4); // end: minLr
    close(warmupCosineLr(1001, decay), 1e-4); // past the end
    close(warmupCosineLr(10 ** 7, decay), 1e-4);
    close(warmupCosineLr(0, { ...decay, warmupSteps: 0 }), 1e-3); // no warmup: starts at the peak
  });

  it("rises during warmup and falls during decay, staying at most lr and, after warmup, at least minLr", () => {
    for (let step = 1; step <= 1200; step++) {
      const [previous, current] = [warmupCosineLr(step - 1, decay), warmupCosineLr(step, decay)];
      if (step <= 100) expect(current).toBeGreaterThan(previous);
      else expect(current).toBeLessThanOrEqual(previous);
      if (step >= 100) expect(current).toBeGreaterThanOrEqual(1e-4); // warmup starts near 0, below minLr
      expect(current).toBeLessThanOrEqual(1e-3 + 1e-18);
    }
  });
});

describe("warmupLinearLr", () => {
  it("has the documented values at key steps", () => {
    const linear = { ...decay, minLr: 0 };
    close(warmupLinearLr(0, linear), 1e-3 / 101);
    close(warmupLinearLr(100, linear), 1e-3);
    close(warmupLinearLr(550, linear), 5e-4);
    close(warmupLinearLr(775, linear), 2.5e-4);
    expect(warmupLinearLr(1000, linear)).toBe(0);
    expect(warmupLinearLr(5000, linear)).toBe(0);
    close(warmupLinearLr(550, decay), 5.5e-4); // with minLr: half way between lr and minLr
    close(warmupLinearLr(1000, decay), 1e-4);
  });
});

describe("inverseSqrtLr", () => {
  it("rises linearly to lr at warmupSteps, then falls as 1/√step", () => {
    const options = { lr: 1e-3, warmupSteps: 100 };
    close(inverseSqrtLr(0, options), 1e-5); // step 0 counts as 1: lr·1/100
    close(inverseSqrtLr(1, options), 1e-5);
    close(inverseSqrtLr(50, options), 5e-4);
    close(inverseSqrtLr(100, options), 1e-3); // peak = lr
    close(inverseSqrtLr(400, options), 5e-4); // lr·√(100/400)
    close(inverseSqrtLr(10000, options), 1e-4);
    // Proportional to Vaswani et al.'s d^-0.5·min(s^-0.5, s·W^-1.5) at every step (here d = 512).
    const vaswani = (s: number): number => 512 ** -0.5 * Math.min(s ** -0.5, s * 100 ** -1.5);
    for (const s of [1, 7, 99, 100, 101, 1234, 99999]) {
      expect(inverseSqrtLr(s, options) / vaswani(s)).toBeCloseTo(1e-3 / vaswani(100), 12);
    }
  });
});

describe("learningRate (schedules as data)", () => {
  it("dispatches on kind", () => {
    const schedules: [LrSchedule, number][] = [
      [{ kind: "constant", lr: 2e-4 }, 2e-4],
      [{ kind: "cosine", ...decay }, 5.5e-4],
      [{ kind: "linear", ...decay }, 5.5e-4],
      [{ kind: "inverse-sqrt", lr: 1e-3, warmupSteps: 550 }, 1e-3],
    ];
    for (const [schedule, expected] of schedules) close(learningRate(schedule, 550), expected);
  });

  it("rejects bad steps and options with InputError", () => {
    const bad: [LrSchedule, number][] = [
      [{ kind: "cosine", ...decay }, -1],
      [{ kind: "cosine", ...decay }, 1.5],
      [{ kind: "constant", lr: 1e-3 }, NaN],
      [{ kind: "constant", lr: -1e-3 }, 0],
      [{ kind: "cosine", ...decay, minLr: 2e-3 }, 0],
      [{ kind: "cosine", ...decay, decaySteps: 100 }, 0],
      [{ kind: "linear", ...decay, warmupSteps: 2.5 }, 0],
      [{ kind: "linear", ...decay, minLr: NaN }, 0],
      [{ kind: "inverse-sqrt", lr: 1e-3, warmupSteps: 0 }, 0],
      [{ kind: "step" } as unknown as LrSchedule, 0],
    ];
    for (const [schedule, step] of bad) {
      expect(() => learningRate(schedule, step), JSON.stringify(schedule)).toThrow(InputError);
    }
  });
});
