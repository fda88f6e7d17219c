/**
 * The readable reference of the GELU kernels (the WebAssembly backend runs
 * assembly/gelu.ts instead).
 */

const GELU_SCALE = Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh form (Hendrycks & Gimpel 2016, §2; GPT-2's `gelu`, PyTorch `approximate="tanh"`),
 * in float64 per element:
 *   y = ½·x·(1 + tanh u),  u = √(2/π)·(x + 0.044715·x³)
 * tanh u is stored in `tanhU` (when given) for the backward pass: Math.tanh is the costly part.
 */
export function geluForward(y: Float32Array, x: Float32Array, tanhU: Float32Array | null): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = Math.tanh(GELU_SCALE * (v + 0.044715 * v * v * v));
    if (tanhU) tanhU[i] = t;
    y[i] = 0.5 * v * (1 + t);
  }
}

/** dx += dy · dy/dx with dy/dx = ½·(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh u. */
export function geluBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, tanhU: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = tanhU[i];
    dx[i] += dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_SCALE * (1 + 3 * 0.044715 * v * v));
  }
}
