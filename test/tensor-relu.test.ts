import { describe, expect, it } from "vitest";
import { relu } from "../src/tensor/relu.js";
import { backward, tensor } from "../src/tensor/tensor.js";
import { checkGradients, randomTensor } from "./tensor-gradcheck.js";

describe("relu", () => {
  it("agrees with torch.relu, forward and backward, with gradient 0 at x = 0", () => {
    // /usr/bin/python3: x = torch.tensor([-2., -0.5, 0., 0.5, 3.], requires_grad=True)
    // y = torch.relu(x); y.backward(torch.tensor([1., 2, 3, 4, 5]))
    // y -> [0, 0, 0, 0.5, 3], x.grad -> [0, 0, 0, 4, 5]
    const x = tensor([-2, -0.5, 0, 0.5, 3], [5], { requiresGrad: true });
    const y = relu(x);
    expect(Array.from(y.data)).toEqual([0, 0, 0, 0.5, 3]);
    backward(y, [1, 2, 3, 4, 5]);
    expect(Array.from(x.grad!)).toEqual([0, 0, 0, 4, 5]);
  });

  it("keeps the shape and its gradient matches finite differences", () => {
    const x = randomTensor([3, 4], 7);
    expect(relu(x).shape).toEqual([3, 4]);
    const result = checkGradients(([t]) => relu(t), [x]);
    expect(result.largestGradient).toBeGreaterThan(1e-2);
    expect(result.worst).toBeLessThanOrEqual(1);
  });

  it("adds to a gradient that is already there", () => {
    const x = tensor([1, -1], [2], { requiresGrad: true });
    x.grad = Float32Array.of(10, 10);
    backward(relu(x), [1, 1]);
    expect(Array.from(x.grad)).toEqual([11, 10]);
  });
});
