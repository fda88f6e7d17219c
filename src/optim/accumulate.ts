// Gradient accumulation over micro-batches of unequal sizes. The full batch of N examples
// is split into K micro-batches of n_1 + ... + n_K = N examples; backward on micro-batch i
// gives g_i, the gradient of that micro-batch's MEAN loss. The full-batch mean gradient is
//
//   g = Σ_i n_i·g_i / N
//
// so each micro-batch's mean loss must be scaled by w_i = n_i / N before its backward (the
// grads then simply add up). Dividing by K instead, as loss / grad_accum_steps in nanoGPT,
// is right only when every n_i = N/K: a last, smaller micro-batch would count as much as a
// full one, and each of its examples would weigh more than the others'.

/**
 * The factor w_i = n_i / N to multiply micro-batch i's mean loss by, so that the grads
 * accumulated over all micro-batches equal the full-batch mean gradient.
 *
 * @example microBatchLossWeights([3, 1]) // [0.75, 0.25]
 */
export function microBatchLossWeights(sizes: readonly number[]): number[] {
  checkSizes(sizes);
  const total = sizes.reduce((sum, n) => sum + n, 0);
  return sizes.map((n) => n / total);
}

/**
 * The full-batch mean gradient Σ n_i·g_i / N from the micro-batches' mean gradients
 * `microGrads` (K arrays of the same length D) and their sizes n_i, in float64.
 *
 * @example accumulatedMeanGradient([[1, 2], [5, -2]], [3, 1]) // [2, 1]: (3·[1, 2] + [5, −2]) / 4
 */
export function accumulatedMeanGradient(microGrads: readonly ArrayLike<number>[], sizes: readonly number[]): Float64Array {
  if (microGrads.length !== sizes.length) throw new Error(`accumulatedMeanGradient got ${microGrads.length} gradients but ${sizes.length} sizes`);
  const weights = microBatchLossWeights(sizes);
  const out = new Float64Array(microGrads[0].length);
  microGrads.forEach((grad, i) => {
    if (grad.length !== out.length) throw new Error(`accumulatedMeanGradient: gradient ${i} has ${grad.length} values, gradient 0 has ${out.length}`);
    for (let j = 0; j < out.length; j++) out[j] += weights[i] * grad[j];
  });
  return out;
}

function checkSizes(sizes: readonly number[]): void {
  if (sizes.length === 0) throw new Error("gradient accumulation needs at least one micro-batch");
  const bad = sizes.findIndex((n) => !(Number.isInteger(n) && n >= 1));
  if (bad >= 0) throw new Error(`micro-batch ${bad} has size ${sizes[bad]}: sizes are whole numbers >= 1`);
}
