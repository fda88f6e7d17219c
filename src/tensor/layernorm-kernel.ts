/**
 * The readable reference of the LayerNorm kernels (the WebAssembly backend runs
 * assembly/layernorm.ts instead).
 */

/**
 * LayerNorm (Ba et al. 2016; torch.nn.LayerNorm, biased variance) over rows of `width`,
 * sums in float64:  x̂ = (x − μ)·rstd, rstd = 1/√(σ² + eps),  y = x̂·w + b.
 * x̂ and rstd (one per row) are kept for the backward pass.
 */
export function layerNormForward(y: Float32Array, xhat: Float32Array, rstds: Float32Array, x: Float32Array, w: Float32Array, b: Float32Array | null, width: number, eps: number): void {
  for (let r = 0; r < rstds.length; r++) {
    const start = r * width;
    let mu = 0;
    for (let j = 0; j < width; j++) mu += x[start + j];
    mu /= width;
    let variance = 0;
    for (let j = 0; j < width; j++) variance += (x[start + j] - mu) ** 2;
    variance /= width;
    const rstd = 1 / Math.sqrt(variance + eps);
    rstds[r] = rstd;
    for (let j = 0; j < width; j++) {
      const h = (x[start + j] - mu) * rstd;
      xhat[start + j] = h;
      y[start + j] = h * w[j] + (b === null ? 0 : b[j]);
    }
  }
}

/** LayerNorm backward per row, g = dy·w:  dx += rstd·(g − mean(g) − x̂·mean(g·x̂)),  dw += dy·x̂,  db += dy. */
export function layerNormBackward(dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null, dy: Float32Array, xhat: Float32Array, rstds: Float32Array, w: Float32Array, width: number): void {
  for (let r = 0; r < rstds.length; r++) {
    const start = r * width;
    let meanG = 0;
    let meanGXhat = 0;
    for (let j = 0; j < width; j++) {
      const g = dy[start + j] * w[j];
      meanG += g;
      meanGXhat += g * xhat[start + j];
    }
    meanG /= width;
    meanGXhat /= width;
    for (let j = 0; j < width; j++) {
      const h = xhat[start + j];
      const d = dy[start + j];
      if (dw) dw[j] += d * h;
      if (db) db[j] += d;
      if (dx) dx[start + j] += rstds[r] * (d * w[j] - meanG - h * meanGXhat);
    }
  }
}
