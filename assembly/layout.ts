// Elementwise sums and the axis swap of transpose, 4 floats a step with scalar tails:
//   add:         out = a + b                    (the residual stream, same shapes)
//   accumulate:  into += from                   (gradients through add, reshape, split)
//   swapAxes:    to[o, j, m, i, :] (+)= from[o, i, m, j, :]   for from [outer, p, mid, q, inner]
// Each element sees the same float32 operation as the TypeScript reference
// (src/tensor/layout-kernel.ts), so results are identical.

export function add(out: usize, a: usize, b: usize, n: i32): void {
  const vectors = n & ~3;
  let i = 0;
  for (; i < vectors; i += 4) {
    const at = <usize>i * 4;
    v128.store(out + at, f32x4.add(v128.load(a + at), v128.load(b + at)));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    store<f32>(out + at, load<f32>(a + at) + load<f32>(b + at));
  }
}

export function accumulate(into: usize, from: usize, n: i32): void {
  add(into, into, from, n);
}

export function swapAxes(from: usize, to: usize, outer: i32, p: i32, mid: i32, q: i32, inner: i32, accumulateInto: i32): void {
  const run = <usize>inner * 4; // bytes of one contiguous run
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < q; j++) {
      for (let m = 0; m < mid; m++) {
        for (let i = 0; i < p; i++) {
          const source = from + <usize>(((o * p + i) * mid + m) * q + j) * run;
          const target = to + <usize>(((o * q + j) * mid + m) * p + i) * run;
          if (accumulateInto) add(target, target, source, inner);
          else memory.copy(target, source, run);
        }
      }
    }
  }
}
