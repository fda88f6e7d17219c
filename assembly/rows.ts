// Row-wise helpers of the linear layer and the step arena, 4 floats a step with a scalar
// tail (n need not be a multiple of 4):
//   addBias:  C[r, j] += bias[j]                  (y = x·Wᵀ + b, after the matmul)
//   sumRows:  dBias[j] += Σ_r dY[r, j]            (db; row by row, so dBias stays in cache)
//   zero:     n floats at `at` set to 0           (memory.fill, the bulk-memory instruction)
// Each element sees the same float32 operations in the same order as the TypeScript
// reference (src/tensor/layout-kernel.ts), so the results are identical.

export function addBias(c: usize, bias: usize, rows: i32, n: i32): void {
  const vectors = n & ~3;
  for (let r = 0; r < rows; r++) {
    const row = c + <usize>r * <usize>n * 4;
    let j = 0;
    for (; j < vectors; j += 4) {
      const at = row + <usize>j * 4;
      v128.store(at, f32x4.add(v128.load(at), v128.load(bias + <usize>j * 4)));
    }
    for (; j < n; j++) {
      const at = row + <usize>j * 4;
      store<f32>(at, load<f32>(at) + load<f32>(bias + <usize>j * 4));
    }
  }
}

export function sumRows(dBias: usize, dy: usize, rows: i32, n: i32): void {
  const vectors = n & ~3;
  for (let r = 0; r < rows; r++) {
    const row = dy + <usize>r * <usize>n * 4;
    let j = 0;
    for (; j < vectors; j += 4) {
      const at = dBias + <usize>j * 4;
      v128.store(at, f32x4.add(v128.load(at), v128.load(row + <usize>j * 4)));
    }
    for (; j < n; j++) {
      const at = dBias + <usize>j * 4;
      store<f32>(at, load<f32>(at) + load<f32>(row + <usize>j * 4));
    }
  }
}

export function zero(at: usize, n: i32): void {
  memory.fill(at, 0, <usize>n * 4);
}
