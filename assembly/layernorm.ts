// WebAssembly SIMD LayerNorm over rows of `width` floats (width a multiple of 4), forward
// and backward, as src/tensor/layernorm-kernel.ts's reference (float32 sums here, float64 there):
//   x̂ = (x − μ)·rstd, rstd = 1/√(σ² + eps),  y = x̂·w + b
//   backward per row, g = dy·w:  dx += rstd·(g − mean(g) − x̂·mean(g·x̂)),  dw += dy·x̂,  db += dy
// A null pointer (0) for b, dx, dw or db skips it.
import { sum4 } from "./lanes";

export function layerNormForward(y: usize, xhat: usize, rstds: usize, x: usize, w: usize, b: usize, rows: i32, width: i32, eps: f32): void {
  const rowBytes = <usize>width * 4;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    let total = f32x4.splat(0);
    for (let j = 0; j < width; j += 4) total = f32x4.add(total, v128.load(xr + <usize>j * 4));
    const mu = sum4(total) / <f32>width;
    const muV = f32x4.splat(mu);
    let squares = f32x4.splat(0);
    for (let j = 0; j < width; j += 4) {
      const d = f32x4.sub(v128.load(xr + <usize>j * 4), muV);
      squares = f32x4.add(squares, f32x4.mul(d, d));
    }
    const rstd: f32 = 1 / Mathf.sqrt(sum4(squares) / <f32>width + eps);
    store<f32>(rstds + <usize>r * 4, rstd);
    const rstdV = f32x4.splat(rstd);
    const yr = y + <usize>r * rowBytes;
    const hr = xhat + <usize>r * rowBytes;
    for (let j = 0; j < width; j += 4) {
      const offset = <usize>j * 4;
      const h = f32x4.mul(f32x4.sub(v128.load(xr + offset), muV), rstdV);
      v128.store(hr + offset, h);
      let out = f32x4.mul(h, v128.load(w + offset));
      if (b) out = f32x4.add(out, v128.load(b + offset));
      v128.store(yr + offset, out);
    }
  }
}

export function layerNormBackward(dx: usize, dw: usize, db: usize, dy: usize, xhat: usize, rstds: usize, w: usize, rows: i32, width: i32): void {
  const rowBytes = <usize>width * 4;
  for (let r = 0; r < rows; r++) {
    const dyr = dy + <usize>r * rowBytes;
    const hr = xhat + <usize>r * rowBytes;
    let gSum = f32x4.splat(0);
    let gxSum = f32x4.splat(0);
    for (let j = 0; j < width; j += 4) {
      const offset = <usize>j * 4;
      const g = f32x4.mul(v128.load(dyr + offset), v128.load(w + offset));
      gSum = f32x4.add(gSum, g);
      gxSum = f32x4.add(gxSum, f32x4.mul(g, v128.load(hr + offset)));
    }
    const meanG = f32x4.splat(sum4(gSum) / <f32>width);
    const meanGX = f32x4.splat(sum4(gxSum) / <f32>width);
    const rstd = f32x4.splat(load<f32>(rstds + <usize>r * 4));
    for (let j = 0; j < width; j += 4) {
      const offset = <usize>j * 4;
      const d = v128.load(dyr + offset);
      const h = v128.load(hr + offset);
      if (dw) v128.store(dw + offset, f32x4.add(v128.load(dw + offset), f32x4.mul(d, h)));
      if (db) v128.store(db + offset, f32x4.add(v128.load(db + offset), d));
      if (dx) {
        const at = dx + <usize>r * rowBytes + offset;
        const g = f32x4.mul(d, v128.load(w + offset));
        v128.store(at, f32x4.add(v128.load(at), f32x4.mul(rstd, f32x4.sub(f32x4.sub(g, meanG), f32x4.mul(h, meanGX)))));
      }
    }
  }
}
