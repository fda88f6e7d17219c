/**
 * The readable reference of the GELU kernels, both forms (the WebAssembly backend runs
 * assembly/gelu.ts and assembly/gelu-tanh.ts instead), in float64 per element.
 */
import { erfc } from "./erfc.js";

const GELU_SCALE = Math.sqrt(2 / Math.PI);
/** 1/√(2π), the standard normal density at 0. */
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * GELU, exact form (Hendrycks & Gimpel 2016, §2; PyTorch `nn.GELU()`, nanoGPT's MLP):
 *   y = x·Φ(x),  Φ(x) = ½·erfc(−x/√2)  (the standard normal CDF; erfc.ts)
 * Φ(x) is stored in `cdf` (when given) for the backward pass.
 */
export function geluForward(y: Float32Array, x: Float32Array, cdf: Float32Array | null): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const phi = 0.5 * erfc(-v * Math.SQRT1_2);
    if (cdf) cdf[i] = phi;
    y[i] = v * phi;
  }
}

/** dx += dy · (Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π), from the kept Φ(x). */
export function geluBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, cdf: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    dx[i] += dy[i] * (cdf[i] + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
  }
}

/**
 * GELU, tanh form (Hendrycks & Gimpel 2016, §2; GPT-2's `gelu`, PyTorch `approximate="tanh"`):
 *   y = ½·x·(1 + tanh u),  u = √(2/π)·(x + 0.044715·x³)
 * tanh u is stored in `tanhU` (when given) for the backward pass: Math.tanh is the costly part.
 */
export function geluTanhForward(y: Float32Array, x: Float32Array, tanhU: Float32Array | null): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = Math.tanh(GELU_SCALE * (v + 0.044715 * v * v * v));
    if (tanhU) tanhU[i] = t;
    y[i] = 0.5 * v * (1 + t);
  }
}

/** dx += dy · dy/dx with dy/dx = ½·(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh u. */
export function geluTanhBackward(dx: Float32Array, dy: Float32Array, x: Float32Array, tanhU: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = tanhU[i];
    dx[i] += dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_SCALE * (1 + 3 * 0.044715 * v * v));
  }
}
