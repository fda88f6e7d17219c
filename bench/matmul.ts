/**
 * `npm run bench -- matmul`: the register-blocked TypeScript matmul kernel against the naive
 * triple loop (the readable reference), in the same run, on the same square sizes.
 * GFLOP/s = 2·m·k·n / seconds, median of several runs. Target: blocked ≥ 4 GFLOP/s at 256.
 */
import { createRng } from "../src/stats/prng.js";
import { matmulBlocked, matmulReference } from "../src/tensor/kernels.js";
import { median, timeRuns } from "./timing.js";

const REPEATS = 7;

function gflops(kernel: typeof matmulBlocked, size: number): number {
  const rng = createRng(size);
  const a = Float32Array.from({ length: size * size }, () => rng.nextFloat() - 0.5);
  const b = Float32Array.from({ length: size * size }, () => rng.nextFloat() - 0.5);
  const out = new Float32Array(size * size);
  // Small sizes are repeated inside each timed run so that a run lasts long enough to time.
  const calls = Math.max(1, Math.round((256 / size) ** 3));
  const seconds = median(timeRuns(() => { for (let c = 0; c < calls; c++) kernel(out, a, b, size, size, size); }, REPEATS));
  return (2 * size * size * size * calls) / seconds / 1e9;
}

export function matmulBench(): void {
  process.stdout.write(`matmul, single thread (GFLOP/s, median of ${REPEATS} runs; ratio = blocked / naive)\n`);
  process.stdout.write(`  ${"size".padEnd(16)} ${"blocked".padStart(10)} ${"naive".padStart(10)} ${"ratio".padStart(8)}\n`);
  for (const size of [64, 128, 256, 512]) {
    const blocked = gflops(matmulBlocked, size);
    const naive = gflops(matmulReference, size);
    const label = `${size}×${size}×${size}`;
    process.stdout.write(`  ${label.padEnd(16)} ${blocked.toFixed(2).padStart(10)} ${naive.toFixed(2).padStart(10)} ${(blocked / naive).toFixed(2).padStart(7)}×\n`);
    if (size === 256) process.stdout.write(`    target ≥ 4 GFLOP/s at 256: ${blocked >= 4 ? "met" : "NOT met"}\n`);
  }
}
