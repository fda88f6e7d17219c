// WebAssembly SIMD causal attention, forward and backward, over `heads` = B·H independent
// (b, h) slices of q, k, v [heads, T, D], as src/tensor/attention-kernel.ts's reference:
//
//   S = Q·Kᵀ,  P = causal row softmax of S/√D (zero past the diagonal),  O = P·V
//   dV += Pᵀ·dO,  dP = dO·Vᵀ,  dS = P ⊙ (dP − rowsum(P ⊙ dP)) / √D,  dQ += dS·K,  dK += dSᵀ·Q
//
// Each product runs in the matmul micro-kernel (matmul.ts) on the full T×T (twice the
// causal FLOPs, at several times the speed of per-position dot products); Pᵀ and dSᵀ are
// read in place through matmulPanels' strides. Threads take slices from an atomic counter,
// each with its own `scratch`: packed panels of one operand, then dP [T, T] in backward.
import { sum4 } from "./lanes";
import { matmulPanels, packedFloats, packPanels } from "./matmul";
import { softmaxRow } from "./softmax";

/** out, weights (P, kept for backward) from q, k, v; the counter hands out slices. */
export function attentionForward(out: usize, weights: usize, q: usize, k: usize, v: usize, heads: i32, T: i32, D: i32, counter: usize, scratch: usize): void {
  const scale: f32 = 1 / Mathf.sqrt(<f32>D);
  const slice = <usize>T * <usize>D * 4;
  const square = <usize>T * <usize>T * 4;
  while (true) {
    const bh = atomic.add<i32>(counter, 1);
    if (bh >= heads) return;
    const p = weights + <usize>bh * square;
    const at = <usize>bh * slice;
    packPanels(k + at, D, T, 1, scratch); // Kᵀ [D, T] from K stored [T, D]
    matmulPanels(p, q + at, D * 4, 4, scratch, T, D, T, 0, T, 0); // S = Q·Kᵀ
    for (let t = 0; t < T; t++) causalSoftmaxRow(p + <usize>t * <usize>T * 4, t, T, scale);
    packPanels(v + at, T, D, 0, scratch); // V [T, D]
    matmulPanels(out + at, p, T * 4, 4, scratch, T, T, D, 0, T, 0); // O = P·V
  }
}

/** Adds into dq, dk, dv (0 skips one) from dOut and the kept weights. */
export function attentionBackward(dq: usize, dk: usize, dv: usize, dOut: usize, weights: usize, q: usize, k: usize, v: usize, heads: i32, T: i32, D: i32, counter: usize, scratch: usize): void {
  const scale: f32 = 1 / Mathf.sqrt(<f32>D);
  const slice = <usize>T * <usize>D * 4;
  const square = <usize>T * <usize>T * 4;
  const dp = scratch + panelBytes(T, D);
  while (true) {
    const bh = atomic.add<i32>(counter, 1);
    if (bh >= heads) return;
    const p = weights + <usize>bh * square;
    const at = <usize>bh * slice;
    const dO = dOut + at;
    if (dv) {
      packPanels(dO, T, D, 0, scratch); // dO [T, D]
      matmulPanels(dv + at, p, 4, T * 4, scratch, T, T, D, 0, T, 1); // dV += Pᵀ·dO
    }
    packPanels(v + at, D, T, 1, scratch); // Vᵀ [D, T]
    matmulPanels(dp, dO, D * 4, 4, scratch, T, D, T, 0, T, 0); // dP = dO·Vᵀ
    for (let t = 0; t < T; t++) {
      const row = <usize>t * <usize>T * 4;
      causalSoftmaxBackwardRow(dp + row, p + row, t, T, scale);
    }
    if (dq) {
      packPanels(k + at, T, D, 0, scratch); // K [T, D]
      matmulPanels(dq + at, dp, T * 4, 4, scratch, T, T, D, 0, T, 1); // dQ += dS·K
    }
    if (dk) {
      packPanels(q + at, T, D, 0, scratch); // Q [T, D]
      matmulPanels(dk + at, dp, 4, T * 4, scratch, T, T, D, 0, T, 1); // dK += dSᵀ·Q
    }
  }
}

/** Bytes of the largest panel packing either kernel does: Kᵀ or Vᵀ ([D, T]) or a [T, D] operand. */
function panelBytes(T: i32, D: i32): usize {
  return <usize>max(packedFloats(D, T), packedFloats(T, D)) * 4;
}

/** Scratch bytes one thread needs: the panels, and in backward dP [T, T] after them. */
export function attentionScratchBytes(T: i32, D: i32, backward: i32): usize {
  return panelBytes(T, D) + (backward ? <usize>T * <usize>T * 4 : 0);
}

/** Row t of S (T floats at `row`) becomes p[u] = softmax(scale·s[0..t])[u] for u ≤ t, 0 past. */
// @ts-ignore: AssemblyScript decorator
@inline
function causalSoftmaxRow(row: usize, t: i32, T: i32, scale: f32): void {
  softmaxRow(row, row, t + 1, scale);
  memory.fill(row + <usize>(t + 1) * 4, 0, <usize>(T - t - 1) * 4);
}

/** In place on row t of dP (at `dpRow`), with row t of P: dS[u] = P[u]·(dP[u] − Σ P·dP)·scale for u ≤ t, 0 past. */
// @ts-ignore: AssemblyScript decorator
@inline
function causalSoftmaxBackwardRow(dpRow: usize, pRow: usize, t: i32, T: i32, scale: f32): void {
  const count = t + 1;
  const vectors = count & ~3;
  let weightedV = f32x4.splat(0);
  for (let u = 0; u < vectors; u += 4) weightedV = f32x4.add(weightedV, f32x4.mul(v128.load(pRow + <usize>u * 4), v128.load(dpRow + <usize>u * 4)));
  let weighted = sum4(weightedV);
  for (let u = vectors; u < count; u++) weighted += load<f32>(pRow + <usize>u * 4) * load<f32>(dpRow + <usize>u * 4);
  const weightedS = f32x4.splat(weighted);
  const scaleV = f32x4.splat(scale);
  for (let u = 0; u < vectors; u += 4) {
    const at = <usize>u * 4;
    v128.store(dpRow + at, f32x4.mul(f32x4.mul(v128.load(pRow + at), f32x4.sub(v128.load(dpRow + at), weightedS)), scaleV));
  }
  for (let u = vectors; u < count; u++) {
    const at = <usize>u * 4;
    store<f32>(dpRow + at, load<f32>(pRow + at) * (load<f32>(dpRow + at) - weighted) * scale);
  }
  memory.fill(dpRow + <usize>count * 4, 0, <usize>(T - count) * 4);
}
