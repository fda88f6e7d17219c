// Dynamic loss scaling with PyTorch GradScaler's rule (torch.amp's _amp_update_scale_),
// sequences worked by hand.
import { describe, expect, it } from "vitest";
import { GRAD_SCALER_DEFAULTS, hasNonFinite, initialLossScale, nextLossScale, type LossScale } from "../src/train/loss-scaler.js";

const options = { ...GRAD_SCALER_DEFAULTS, growthInterval: 3 };
const run = (start: LossScale, infs: boolean[]) => {
  const seen: Array<[number, number, boolean]> = [];
  let s = start;
  for (const inf of infs) {
    const next = nextLossScale(s, inf, options);
    seen.push([next.scale, next.growthTracker, next.skipStep]);
    s = next;
  }
  return seen;
};

describe("the fp16 loss scaler", () => {
  it("starts at 2^16 with torch's factors", () => {
    expect(initialLossScale()).toEqual({ scale: 65536, growthTracker: 0 });
    expect(GRAD_SCALER_DEFAULTS).toEqual({ initScale: 65536, growthFactor: 2, backoffFactor: 0.5, growthInterval: 2000 });
  });

  it("halves and skips the step on an overflow, doubles after growthInterval clean steps, and an overflow restarts the count", () => {
    expect(run(initialLossScale(options), [false, false, false, true, false, false, true, true, false, false, false])).toEqual([
      [65536, 1, false],
      [65536, 2, false],
      [131072, 0, false], // third clean step in a row: ×2
      [65536, 0, true], // overflow: ×0.5, step skipped
      [65536, 1, false],
      [65536, 2, false],
      [32768, 0, true], // the count restarts: no growth before this overflow
      [16384, 0, true],
      [16384, 1, false],
      [16384, 2, false],
      [32768, 0, false],
    ]);
  });

  it("does not grow the scale past float range", () => {
    expect(nextLossScale({ scale: Number.MAX_VALUE, growthTracker: 2 }, false, options)).toEqual({ scale: Number.MAX_VALUE, growthTracker: 0, skipStep: false });
  });

  it("finds inf or NaN in any gradient", () => {
    expect(hasNonFinite([Float32Array.of(1, 2), Float32Array.of(3)])).toBe(false);
    expect(hasNonFinite([Float32Array.of(1, 2), Float32Array.of(Infinity)])).toBe(true);
    expect(hasNonFinite([Float32Array.of(NaN)])).toBe(true);
  });
});
