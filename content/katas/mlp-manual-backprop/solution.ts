/** The loss and the gradient of each parameter, each the shape of its parameter. */
export interface MlpGradients {
  loss: number;
  dW1: number[][];
  db1: number[];
  dW2: number[][];
  db2: number[];
}

/** a [M, K] · b [K, N] → [M, N]. */
const matmul = (a: number[][], b: number[][]): number[][] => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
/** a [M, N] → aᵀ [N, M]; `width` is N, so that an empty a still gives N rows. */
const transpose = (a: number[][], width: number): number[][] => Array.from({ length: width }, (_, j) => a.map((row) => row[j]));
/** Sum over the rows (axis 0): a [M, N] → [N]. */
const sumRows = (a: number[][]): number[] => a[0].map((_, j) => a.reduce((s, row) => s + row[j], 0));

/** Mean squared error of relu(x W1 + b1) W2 + b2 against y, and its gradients: {loss, dW1, db1, dW2, db2}. */
export function mlpForwardBackward(x: number[][], W1: number[][], b1: number[], W2: number[][], b2: number[], y: number[][]): MlpGradients {
  const [D, H, O] = [W1.length, W2.length, b2.length];
  // Forward, keeping what the backward pass needs.
  const pre = matmul(x, W1).map((row) => row.map((v, j) => v + b1[j])); // [N, H]
  const h = pre.map((row) => row.map((v) => Math.max(v, 0))); // [N, H]
  const diff = matmul(h, W2).map((row, i) => row.map((v, j) => v + b2[j] - y[i][j])); // [N, O]
  const count = diff.length * O;
  const loss = diff.flat().reduce((s, v) => s + v * v, 0) / count; // over all N·O elements

  // Backward, one layer at a time, each gradient the shape of its parameter.
  const dOut = diff.map((row) => row.map((v) => (2 * v) / count)); // the mean's 1/(N·O) is part of the gradient
  const dPre = matmul(dOut, transpose(W2, O)).map((row, i) => row.map((v, j) => (pre[i][j] > 0 ? v : 0))); // ReLU's mask
  return {
    loss,
    dW1: matmul(transpose(x, D), dPre), // [D, H]
    db1: sumRows(dPre), // b1 was broadcast over the N rows, so its gradient sums over them
    dW2: matmul(transpose(h, H), dOut), // [H, O]
    db2: sumRows(dOut),
  };
}
