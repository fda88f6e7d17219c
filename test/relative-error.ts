// How far a computed tensor is from a reference, judged against the reference's own size.

/**
 * ‖actual − expected‖ / ‖expected‖ with Euclidean norms over the whole tensor: a per-tensor
 * relative error, the same for values near 1e-3 or 1e3. 0 for two zero tensors, Infinity
 * when only the reference is zero; NaN anywhere makes it NaN (so `toBeLessThan` fails).
 */
export function relativeNormError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  if (norm === 0) return diff === 0 ? 0 : Infinity;
  return Math.sqrt(diff / norm);
}

/** max|actual − expected| / max|expected|: the worst element's error against the tensor's largest value. */
export function relativeMaxError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  if (scale === 0) return diff === 0 ? 0 : Infinity;
  return diff / scale;
}
