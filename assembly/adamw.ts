// WebAssembly SIMD AdamW update of one parameter (Loshchilov & Hutter 2019), float32,
// as src/optim/adamw-update.ts's reference (which computes in float64):
//   θ ← (1 − γλ)·θ − γ·m̂ / (√v̂ + ε),  m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,
//   m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
// `decayFactor` is 1 − γλ (1 for parameters without weight decay); the caller passes the
// bias corrections 1 − β^t. n need not be a multiple of 4 (scalar tail).

export function adamwUpdate(theta: usize, grad: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, decayFactor: f32, correction1: f32, correction2: f32): void {
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2), c2 = f32x4.splat(1 - beta2);
  const lrV = f32x4.splat(lr), epsV = f32x4.splat(eps), decayV = f32x4.splat(decayFactor);
  const k1 = f32x4.splat(correction1), k2 = f32x4.splat(correction2);
  const vectors = n & ~3;
  let j = 0;
  for (; j < vectors; j += 4) {
    const offset = <usize>j * 4;
    const g = v128.load(grad + offset);
    const mj = f32x4.add(f32x4.mul(b1, v128.load(m + offset)), f32x4.mul(c1, g));
    const vj = f32x4.add(f32x4.mul(b2, v128.load(v + offset)), f32x4.mul(f32x4.mul(c2, g), g));
    v128.store(m + offset, mj);
    v128.store(v + offset, vj);
    const step = f32x4.div(f32x4.mul(lrV, f32x4.div(mj, k1)), f32x4.add(f32x4.sqrt(f32x4.div(vj, k2)), epsV));
    v128.store(theta + offset, f32x4.sub(f32x4.mul(decayV, v128.load(theta + offset)), step));
  }
  for (; j < n; j++) {
    const offset = <usize>j * 4;
    const g = load<f32>(grad + offset);
    const mj = beta1 * load<f32>(m + offset) + (1 - beta1) * g;
    const vj = beta2 * load<f32>(v + offset) + (1 - beta2) * g * g;
    store<f32>(m + offset, mj);
    store<f32>(v + offset, vj);
    store<f32>(theta + offset, decayFactor * load<f32>(theta + offset) - (lr * (mj / correction1)) / (Mathf.sqrt(vj / correction2) + eps));
  }
}
