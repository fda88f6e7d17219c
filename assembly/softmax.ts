// WebAssembly SIMD row softmax and the fused softmax cross-entropy, over rows of `width`
// floats (any width: a scalar tail after the whole vectors), as src/tensor/softmax-kernel.ts's
// reference (float64 sums there, float32 here):
//   softmax:        y = exp(x − lse(x)),            dx += y ⊙ (dy − Σ_j dy_j·y_j)
//   cross-entropy:  loss_r = lse(z_r) − z_r[t_r],   dz_r += scale·(softmax(z_r) − onehot(t_r))
// Rows whose target is `ignoreIndex` are skipped (no loss, no gradient, probs untouched).
import { exp4 } from "./exp";
import { sum4 } from "./lanes";

/**
 * dst[0..count) = softmax(scale·src[0..count)) (dst may be src); returns the log-partition
 * log Σ_u exp(scale·src[u]) in float64 (the shifted maximum exactly, plus the log of the
 * float32 sum), so a loss lse − z stays accurate when the logits are large. The row
 * maximum is subtracted before exp.
 */
export function softmaxRow(dst: usize, src: usize, count: i32, scale: f32): f64 {
  const vectors = count & ~3;
  let maxV = f32x4.splat(-Infinity);
  for (let u = 0; u < vectors; u += 4) maxV = f32x4.pmax(maxV, v128.load(src + <usize>u * 4));
  let maximum = max(max(f32x4.extract_lane(maxV, 0), f32x4.extract_lane(maxV, 1)), max(f32x4.extract_lane(maxV, 2), f32x4.extract_lane(maxV, 3)));
  for (let u = vectors; u < count; u++) maximum = max(maximum, load<f32>(src + <usize>u * 4));
  const shift = maximum * scale;
  const shiftV = f32x4.splat(shift);
  const scaleV = f32x4.splat(scale);
  let sumV = f32x4.splat(0);
  for (let u = 0; u < vectors; u += 4) {
    const at = <usize>u * 4;
    const e = exp4(f32x4.sub(f32x4.mul(v128.load(src + at), scaleV), shiftV));
    v128.store(dst + at, e);
    sumV = f32x4.add(sumV, e);
  }
  let total = sum4(sumV);
  for (let u = vectors; u < count; u++) {
    const at = <usize>u * 4;
    const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(src + at) * scale - shift)), 0);
    store<f32>(dst + at, e);
    total += e;
  }
  const inverse = f32x4.splat(1 / total);
  for (let u = 0; u < vectors; u += 4) {
    const at = dst + <usize>u * 4;
    v128.store(at, f32x4.mul(v128.load(at), inverse));
  }
  for (let u = vectors; u < count; u++) {
    const at = dst + <usize>u * 4;
    store<f32>(at, load<f32>(at) / total);
  }
  return <f64>shift + Math.log(<f64>total);
}

export function softmaxForward(y: usize, x: usize, rows: i32, width: i32): void {
  const rowBytes = <usize>width * 4;
  for (let r = 0; r < rows; r++) softmaxRow(y + <usize>r * rowBytes, x + <usize>r * rowBytes, width, 1);
}

export function softmaxBackward(dx: usize, y: usize, dy: usize, rows: i32, width: i32): void {
  const rowBytes = <usize>width * 4;
  const vectors = width & ~3;
  for (let r = 0; r < rows; r++) {
    const at = <usize>r * rowBytes;
    let dotV = f32x4.splat(0);
    for (let j = 0; j < vectors; j += 4) dotV = f32x4.add(dotV, f32x4.mul(v128.load(dy + at + <usize>j * 4), v128.load(y + at + <usize>j * 4)));
    let dot = sum4(dotV);
    for (let j = vectors; j < width; j++) dot += load<f32>(dy + at + <usize>j * 4) * load<f32>(y + at + <usize>j * 4);
    const dotS = f32x4.splat(dot);
    for (let j = 0; j < vectors; j += 4) {
      const o = at + <usize>j * 4;
      v128.store(dx + o, f32x4.add(v128.load(dx + o), f32x4.mul(v128.load(y + o), f32x4.sub(v128.load(dy + o), dotS))));
    }
    for (let j = vectors; j < width; j++) {
      const o = at + <usize>j * 4;
      store<f32>(dx + o, load<f32>(dx + o) + load<f32>(y + o) * (load<f32>(dy + o) - dot));
    }
  }
}

/** Writes the softmax of each scored row into probs; returns Σ over scored rows of lse − z[t], in float64. */
export function crossEntropyForward(probs: usize, logits: usize, targets: usize, rows: i32, width: i32, ignoreIndex: i32): f64 {
  const rowBytes = <usize>width * 4;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const t = load<i32>(targets + <usize>r * 4);
    if (t == ignoreIndex) continue;
    const row = logits + <usize>r * rowBytes;
    const lse = softmaxRow(probs + <usize>r * rowBytes, row, width, 1);
    total += lse - <f64>load<f32>(row + <usize>t * 4);
  }
  return total;
}

/** dz[r] += scale·(probs[r] − onehot(t_r)) for each scored row. */
export function crossEntropyBackward(dz: usize, probs: usize, targets: usize, rows: i32, width: i32, ignoreIndex: i32, scale: f32): void {
  const rowBytes = <usize>width * 4;
  const vectors = width & ~3;
  const scaleV = f32x4.splat(scale);
  for (let r = 0; r < rows; r++) {
    const t = load<i32>(targets + <usize>r * 4);
    if (t == ignoreIndex) continue;
    const at = <usize>r * rowBytes;
    let j = 0;
    for (; j < vectors; j += 4) {
      const o = at + <usize>j * 4;
      v128.store(dz + o, f32x4.add(v128.load(dz + o), f32x4.mul(scaleV, v128.load(probs + o))));
    }
    for (; j < width; j++) {
      const o = at + <usize>j * 4;
      store<f32>(dz + o, load<f32>(dz + o) + scale * load<f32>(probs + o));
    }
    const o = dz + at + <usize>t * 4;
    store<f32>(o, load<f32>(o) - scale);
  }
}
