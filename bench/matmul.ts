/**
 * `npm run bench -- matmul`: the WebAssembly SIMD kernel, the register-blocked TypeScript
 * kernel and the naive triple loop (the readable reference), in the same run, on the same
 * square sizes. GFLOP/s = 2·m·k·n / seconds, median of several runs, one thread.
 * Targets: blocked ≥ 4 GFLOP/s at 256 (issue 4); the SIMD kernel against the core's peak
 * for 128-bit SIMD (issue 7).
 */
import { readFileSync } from "node:fs";
import { createRng } from "../src/stats/prng.js";
import { matmulBlocked, matmulReference, type Kernels } from "../src/tensor/kernels.js";
import { createWasmKernels, wasmKernelsAvailable } from "../src/tensor/wasm-kernels.js";
import { median, timeRuns } from "./timing.js";

const REPEATS = 7;
/**
 * FLOPs per cycle of one core with 128-bit SIMD and no fused multiply-add (WebAssembly's
 * SIMD has none): two multiply and two add pipes of 4 float lanes each, as on AMD Zen 4.
 */
const SIMD128_FLOPS_PER_CYCLE = 16;

function gflops(kernel: Kernels["matmul"], size: number): number {
  const rng = createRng(size);
  const a = Float32Array.from({ length: size * size }, () => rng.nextFloat() - 0.5);
  const b = Float32Array.from({ length: size * size }, () => rng.nextFloat() - 0.5);
  const out = new Float32Array(size * size);
  // Small sizes are repeated inside each timed run so that a run lasts long enough to time.
  const calls = Math.max(1, Math.round((256 / size) ** 3));
  const seconds = median(timeRuns(() => { for (let c = 0; c < calls; c++) kernel(out, a, b, size, size, size); }, REPEATS));
  return (2 * size * size * size * calls) / seconds / 1e9;
}

/** The clock /proc/cpuinfo reports (GHz), or null off Linux. */
function cpuGhz(): number | null {
  try {
    const mhz = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync("/proc/cpuinfo", "utf8"));
    return mhz ? Number(mhz[1]) / 1000 : null;
  } catch {
    return null;
  }
}

export function matmulBench(): void {
  const wasm = wasmKernelsAvailable() ? createWasmKernels() : null;
  const wasm2 = wasmKernelsAvailable() ? createWasmKernels({ threads: 2 }) : null;
  process.stdout.write(`matmul (GFLOP/s, median of ${REPEATS} runs; one thread unless "2 threads")\n`);
  process.stdout.write(`  ${"size".padEnd(16)} ${"wasm 2 thr".padStart(10)} ${"wasm simd".padStart(10)} ${"blocked".padStart(10)} ${"naive".padStart(10)} ${"wasm/blocked".padStart(13)} ${"blocked/naive".padStart(14)}\n`);
  for (const size of [64, 128, 256, 512, 768]) {
    const simd2 = wasm2 ? gflops(wasm2.matmul, size) : NaN;
    const simd = wasm ? gflops(wasm.matmul, size) : NaN;
    const blocked = gflops(matmulBlocked, size);
    const naive = size <= 512 ? gflops(matmulReference, size) : NaN; // the naive loop takes seconds at 768
    const label = `${size}×${size}×${size}`;
    const cell = (x: number, suffix = "") => (Number.isFinite(x) ? x.toFixed(2) + suffix : "n/a");
    process.stdout.write(`  ${label.padEnd(16)} ${cell(simd2).padStart(10)} ${cell(simd).padStart(10)} ${cell(blocked).padStart(10)} ${cell(naive).padStart(10)} ${cell(simd / blocked, "×").padStart(13)} ${cell(blocked / naive, "×").padStart(14)}\n`);
    if (size === 256) process.stdout.write(`    target ≥ 4 GFLOP/s at 256 (blocked): ${blocked >= 4 ? "met" : "NOT met"}\n`);
  }
  if (!wasm) process.stdout.write("  wasm: not built (npm run build)\n");
  void wasm2?.close();
  const ghz = cpuGhz();
  if (ghz) {
    const peak = SIMD128_FLOPS_PER_CYCLE * ghz;
    process.stdout.write(`  peak of one core for 128-bit SIMD without FMA: ${SIMD128_FLOPS_PER_CYCLE} FLOPs/cycle × ${ghz.toFixed(2)} GHz (/proc/cpuinfo) = ${peak.toFixed(1)} GFLOP/s\n`);
  }
}
