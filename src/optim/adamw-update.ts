/**
 * The AdamW update of one parameter (Loshchilov & Hutter 2019), the readable reference
 * behind the kernel interface's `adamwUpdate` (the WebAssembly backend runs
 * assembly/adamw.ts instead). Per element, in float64, stored to float32:
 *
 *   θ ← decayFactor·θ − γ·m̂ / (√v̂ + ε),  decayFactor = 1 − γλ
 *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
 */

/** The scalars of one update: what adamwStep (adamw.ts) works out per step and parameter. */
export interface AdamWUpdate {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1 − γλ, or 1 for a parameter without weight decay. */
  decayFactor: number;
  /** 1 − β1^t and 1 − β2^t, the bias corrections at step t. */
  correction1: number;
  correction2: number;
}

/** Updates θ, m and v in place from the gradient (see the module comment). */
export function adamwUpdate(theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, u: AdamWUpdate): void {
  const { lr, beta1, beta2, eps, decayFactor, correction1, correction2 } = u;
  for (let j = 0; j < theta.length; j++) {
    const g = grad[j];
    m[j] = beta1 * m[j] + (1 - beta1) * g;
    v[j] = beta2 * v[j] + (1 - beta2) * g * g;
    const mHat = m[j] / correction1;
    const vHat = v[j] / correction2;
    theta[j] = decayFactor * theta[j] - (lr * mHat) / (Math.sqrt(vHat) + eps);
  }
}
