/**
 * LayerNorm and RMSNorm over the last axis, forward and backward side by side (as llm.c's
 * layernorm_forward / layernorm_backward). x [..., C], weight [C], bias [C] or null.
 * LayerNorm's loops are kernels (kernels.ts), so the WebAssembly backend can run them.
 */
import { allocate } from "./arena.js";
import { kernels } from "./kernels.js";
import { gradOf, needsGrad, opOutput, record, type Tensor } from "./tensor.js";

function checkNormArgs(what: string, x: Tensor, weight: Tensor, bias: Tensor | null, eps: number): { rows: number; width: number } {
  const width = x.shape[x.shape.length - 1];
  if (x.shape.length < 1 || width === 0) throw new Error(`${what}: input needs a non-empty last axis, got [${x.shape.join(", ")}]`);
  for (const [label, t] of [["weight", weight], ["bias", bias]] as const) {
    if (t !== null && (t.shape.length !== 1 || t.shape[0] !== width)) {
      throw new Error(`${what}: ${label} must have shape [${width}], got [${t.shape.join(", ")}]`);
    }
  }
  if (!(eps > 0)) throw new Error(`${what}: eps must be positive, got ${eps}`);
  return { rows: x.data.length / width, width };
}

/**
 * LayerNorm (Ba et al. 2016; torch.nn.LayerNorm, biased variance):
 *   x̂ = (x − μ)·rstd, rstd = 1/√(σ² + eps),  y = x̂·w + b
 * Backward, per row with g = dy·w:
 *   dx = rstd·(g − mean(g) − x̂·mean(g·x̂)),  dw += dy·x̂,  db += dy
 */
export function layerNorm(x: Tensor, weight: Tensor, bias: Tensor | null = null, eps = 1e-5): Tensor {
  const { rows, width } = checkNormArgs("layerNorm", x, weight, bias, eps);
  const out = opOutput(x.shape);
  const normalized = allocate(x.data.length); // x̂, kept for backward
  const rstds = allocate(rows);
  kernels().layerNormForward(out.data, normalized, rstds, x.data, weight.data, bias?.data ?? null, width, eps);
  if (needsGrad(x, weight, bias)) {
    record(out, (dOut) => {
      const dx = x.requiresGrad ? gradOf(x) : null;
      const dw = weight.requiresGrad ? gradOf(weight) : null;
      const db = bias !== null && bias.requiresGrad ? gradOf(bias) : null;
      kernels().layerNormBackward(dx, dw, db, dOut, normalized, rstds, weight.data, width);
    });
  }
  return out;
}

/**
 * RMSNorm (Zhang & Sennrich 2019; torch.nn.RMSNorm with eps given):
 *   x̂ = x·rstd, rstd = 1/√(mean(x²) + eps),  y = x̂·w
 * Backward, per row with g = dy·w:  dx = rstd·(g − x̂·mean(g·x̂)),  dw += dy·x̂
 */
export function rmsNorm(x: Tensor, weight: Tensor, eps = 1e-5): Tensor {
  const { rows, width } = checkNormArgs("rmsNorm", x, weight, null, eps);
  const out = opOutput(x.shape);
  const normalized = allocate(x.data.length);
  const rstds = allocate(rows);
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    let meanSquare = 0;
    for (let j = 0; j < width; j++) meanSquare += x.data[start + j] ** 2;
    meanSquare /= width;
    const rstd = 1 / Math.sqrt(meanSquare + eps);
    rstds[r] = rstd;
    for (let j = 0; j < width; j++) {
      normalized[start + j] = x.data[start + j] * rstd;
      out.data[start + j] = normalized[start + j] * weight.data[j];
    }
  }
  if (needsGrad(x, weight)) {
    record(out, (dOut) => {
      const dx = x.requiresGrad ? gradOf(x) : null;
      const dw = weight.requiresGrad ? gradOf(weight) : null;
      for (let r = 0; r < rows; r++) {
        const start = r * width;
        let meanGXhat = 0;
        for (let j = 0; j < width; j++) meanGXhat += dOut[start + j] * weight.data[j] * normalized[start + j];
        meanGXhat /= width;
        for (let j = 0; j < width; j++) {
          const xhat = normalized[start + j];
          if (dw) dw[j] += dOut[start + j] * xhat;
          if (dx) dx[start + j] += rstds[r] * (dOut[start + j] * weight.data[j] - xhat * meanGXhat);
        }
      }
    });
  }
  return out;
}
