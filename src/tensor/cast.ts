/**
 * A tensor held in half precision, as autocast holds a matmul's output: the forward value is
 * rounded to bf16 or fp16, and so is the gradient that flows back into it (the backward of a
 * half-precision matmul produces a half-precision gradient). This is where fp16's underflow
 * bites: small activation gradients flush to zero unless the loss was scaled up first.
 */
import { gradOf, needsGrad, opOutput, record, type Tensor } from "./tensor.js";
import { roundToBf16, roundToFp16, type Precision } from "./precision.js";

/**
 * x rounded to `precision` on the way forward and its gradient rounded on the way back; x itself for "fp32".
 *
 * @example cast(linear(x, w), "fp16") // a matmul output as fp16 autocast leaves it
 */
export function cast(x: Tensor, precision: Precision): Tensor {
  if (precision === "fp32") return x;
  const round = precision === "bf16" ? roundToBf16 : roundToFp16;
  const out = opOutput(x.shape);
  for (let i = 0; i < out.data.length; i++) out.data[i] = round(x.data[i]);
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let i = 0; i < dx.length; i++) dx[i] += round(dOut[i]);
    });
  }
  return out;
}
