/**
 * The readable reference of the row-softmax kernels (the WebAssembly backend runs
 * assembly/softmax.ts instead), over rows of `width` values, sums in float64 with the row
 * maximum subtracted first so exp never overflows:
 *   softmax:        y = exp(x − lse(x)),            dx += y ⊙ (dy − Σ_j dy_j·y_j)
 *   cross-entropy:  loss_r = lse(z_r) − z_r[t_r],   dz_r += scale·(softmax(z_r) − onehot(t_r))
 * Rows whose target is `ignoreIndex` are skipped (no loss, no gradient, probs untouched).
 */

/** log Σ_j exp(x[start + j]) over `width` values, stable (max subtracted). */
export function logSumExp(data: Float32Array, start: number, width: number): number {
  let maxValue = -Infinity;
  for (let j = 0; j < width; j++) maxValue = Math.max(maxValue, data[start + j]);
  let total = 0;
  for (let j = 0; j < width; j++) total += Math.exp(data[start + j] - maxValue);
  return maxValue + Math.log(total);
}

/** y = softmax of each row of x. */
export function softmaxForward(y: Float32Array, x: Float32Array, width: number): void {
  for (let start = 0; start < x.length; start += width) {
    const lse = logSumExp(x, start, width);
    for (let j = 0; j < width; j++) y[start + j] = Math.exp(x[start + j] - lse);
  }
}

/** dx += y ⊙ (dy − Σ_j dy_j·y_j), per row. */
export function softmaxBackward(dx: Float32Array, y: Float32Array, dy: Float32Array, width: number): void {
  for (let start = 0; start < y.length; start += width) {
    let dot = 0;
    for (let j = 0; j < width; j++) dot += dy[start + j] * y[start + j];
    for (let j = 0; j < width; j++) dx[start + j] += y[start + j] * (dy[start + j] - dot);
  }
}

/** Writes softmax(z_r) into probs for each scored row; returns Σ over scored rows of lse(z_r) − z_r[t_r]. */
export function crossEntropyForward(probs: Float32Array, logits: Float32Array, targets: Int32Array, ignoreIndex: number, width: number): number {
  let total = 0;
  targets.forEach((t, r) => {
    if (t === ignoreIndex) return;
    const start = r * width;
    const lse = logSumExp(logits, start, width);
    for (let j = 0; j < width; j++) probs[start + j] = Math.exp(logits[start + j] - lse);
    total += lse - logits[start + t];
  });
  return total;
}

/** dz_r += scale·(probs_r − onehot(t_r)) for each scored row. */
export function crossEntropyBackward(dz: Float32Array, probs: Float32Array, targets: Int32Array, ignoreIndex: number, width: number, scale: number): void {
  targets.forEach((t, r) => {
    if (t === ignoreIndex) return;
    const start = r * width;
    for (let j = 0; j < width; j++) dz[start + j] += scale * probs[start + j];
    dz[start + t] -= scale;
  });
}
