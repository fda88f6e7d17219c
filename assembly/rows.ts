// Row-wise helpers of the linear layer and the step arena (n need not be a multiple of 4):
//   addBias:  C[r, j] += bias[j]                  (y = x·Wᵀ + b, after the matmul)
//   sumRows:  dBias[j] += Σ_r dY[r, j]            (db; row by row, so dBias stays in cache)
//   zero:     n floats at `at` set to 0           (memory.fill, the bulk-memory instruction)
// Both sums are layout.ts's `accumulate` once per row. Each element sees the same float32
// operations in the same order as the TypeScript reference (src/tensor/layout-kernel.ts),
// so the results are identical.
import { accumulate } from "./layout";

export function addBias(c: usize, bias: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) accumulate(c + <usize>r * <usize>n * 4, bias, n);
}

export function sumRows(dBias: usize, dy: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) accumulate(dBias, dy + <usize>r * <usize>n * 4, n);
}

export function zero(at: usize, n: i32): void {
  memory.fill(at, 0, <usize>n * 4);
}
