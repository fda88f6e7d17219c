/**
 * ReLU (Nair and Hinton 2010; torch.relu), elementwise on any shape:
 *   y = max(x, 0),  dx += dy where x > 0 and nothing where x ≤ 0
 * At x = 0 the gradient is 0, the subgradient PyTorch picks.
 */
import { gradOf, needsGrad, opOutput, record, type Tensor } from "./tensor.js";

/** max(x, 0) elementwise. @example relu(add(matmul(x, w1), b1)) // a two-layer MLP's hidden layer */
export function relu(x: Tensor): Tensor {
  const out = opOutput(x.shape);
  for (let i = 0; i < out.data.length; i++) out.data[i] = x.data[i] > 0 ? x.data[i] : 0;
  if (needsGrad(x)) {
    record(out, (dOut) => {
      const dx = gradOf(x);
      for (let i = 0; i < dx.length; i++) if (x.data[i] > 0) dx[i] += dOut[i];
    });
  }
  return out;
}
