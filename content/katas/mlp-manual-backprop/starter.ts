/** The loss and the gradient of each parameter, each the shape of its parameter. */
export interface MlpGradients {
  loss: number;
  dW1: number[][];
  db1: number[];
  dW2: number[][];
  db2: number[];
}

/** Mean squared error of relu(x W1 + b1) W2 + b2 against y, and its gradients: {loss, dW1, db1, dW2, db2}. */
export function mlpForwardBackward(x: number[][], W1: number[][], b1: number[], W2: number[][], b2: number[], y: number[][]): MlpGradients {
  throw new Error("not implemented");
}
