/**
 * `npm run bench -- matmul`: the WebAssembly SIMD kernel (operands in its memory, as the
 * engine keeps tensors; on one and on two threads; and from plain arrays, which it copies
 * in and out), the register-blocked TypeScript kernel and the naive triple loop (the
 * readable reference), in the same run, on the same square sizes. GFLOP/s = 2·m·k·n /
 * seconds, median of several runs.
 * Targets: blocked ≥ 4 GFLOP/s at 256; the SIMD kernel per core and on both
 * cores against the core's peak for 128-bit SIMD at 256 and 768.
 */
import { readFileSync } from "node:fs";
import { createRng } from "../src/stats/prng.js";
import type { Kernels } from "../src/tensor/kernels.js";
import { matmulBlocked, matmulReference } from "../src/tensor/matmul-kernel.js";
import { createWasmKernels, wasmKernelsAvailable } from "../src/tensor/wasm-kernels.js";
import { median, timeRuns } from "./timing.js";

const REPEATS = 7;
/**
 * FLOPs per cycle of one core with 128-bit SIMD and no fused multiply-add (WebAssembly's
 * SIMD has none): two multiply and two add pipes of 4 float lanes each, as on AMD Zen 4.
 */
const SIMD128_FLOPS_PER_CYCLE = 16;

/** GFLOP/s of `kernel` on size³, with operands made by `allocate` (plain arrays by default). */
function gflops(kernel: Kernels["matmul"], size: number, allocate: (n: number) => Float32Array = (n) => new Float32Array(n)): number {
  const rng = createRng(size);
  const filled = (n: number) => {
    const x = allocate(n);
    for (let i = 0; i < n; i++) x[i] = rng.nextFloat() - 0.5;
    return x;
  };
  const [a, b, out] = [filled(size * size), filled(size * size), allocate(size * size)];
  // Small sizes are repeated inside each timed run so that a run lasts long enough to time.
  const calls = Math.max(1, Math.round((256 / size) ** 3));
  const seconds = median(timeRuns(() => { for (let c = 0; c < calls; c++) kernel(out, a, b, size, size, size); }, REPEATS));
  return (2 * size * size * size * calls) / seconds / 1e9;
}

/** The clock /proc/cpuinfo reports (GHz), or null off Linux. */
function nominalGhz(): number | null {
  try {
    const mhz = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync("/proc/cpuinfo", "utf8"));
    return mhz ? Number(mhz[1]) / 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The clock a busy core actually runs at (GHz; above the nominal one under boost): a chain
 * of dependent 32-bit integer multiplies, 3 cycles each on x86-64 (Zen, and Intel since
 * Sandy Bridge), timed; the loop's own instructions run alongside the chain.
 */
function busyGhz(): number {
  const LINKS = 8;
  const chain = (iterations: number, seed: number) => {
    let x = seed | 1;
    for (let i = 0; i < iterations; i++) {
      x = Math.imul(x, seed); x = Math.imul(x, seed); x = Math.imul(x, seed); x = Math.imul(x, seed);
      x = Math.imul(x, seed); x = Math.imul(x, seed); x = Math.imul(x, seed); x = Math.imul(x, seed);
    }
    return x;
  };
  const iterations = 20_000_000;
  let sink = 0;
  const seconds = median(timeRuns(() => void (sink ^= chain(iterations, 3 + (sink & 1))), 5));
  return (iterations * LINKS * 3) / seconds / 1e9;
}

export function matmulBench(): void {
  const wasm = wasmKernelsAvailable() ? createWasmKernels() : null;
  const wasm2 = wasmKernelsAvailable() ? createWasmKernels({ threads: 2 }) : null;
  const ghz = busyGhz();
  const peak = SIMD128_FLOPS_PER_CYCLE * ghz; // one core
  process.stdout.write(`matmul (GFLOP/s, median of ${REPEATS} runs; one thread unless "2 thr"; "copied": operands in plain arrays, copied in and out)\n`);
  const header = ["size", "wasm 2 thr", "wasm", "wasm copied", "blocked", "naive", "wasm/blocked", "blocked/naive"];
  process.stdout.write(`  ${header[0].padEnd(14)}${header.slice(1).map((h) => h.padStart(14)).join("")}\n`);
  const cell = (x: number, suffix = "") => (Number.isFinite(x) ? x.toFixed(2) + suffix : "n/a");
  const atPeak: string[] = [];
  for (const size of [64, 128, 256, 512, 768]) {
    const simd2 = wasm2 ? gflops(wasm2.matmul, size, wasm2.allocate) : NaN;
    const simd = wasm ? gflops(wasm.matmul, size, wasm.allocate) : NaN;
    const copied = wasm ? gflops(wasm.matmul, size) : NaN;
    const blocked = gflops(matmulBlocked, size);
    const naive = size <= 512 ? gflops(matmulReference, size) : NaN; // the naive loop takes seconds at 768
    const row = [simd2, simd, copied, blocked, naive].map((x) => cell(x)).concat([cell(simd / blocked, "×"), cell(blocked / naive, "×")]);
    process.stdout.write(`  ${`${size}×${size}×${size}`.padEnd(14)}${row.map((c) => c.padStart(14)).join("")}\n`);
    if (size === 256) process.stdout.write(`    target ≥ 4 GFLOP/s at 256 (blocked): ${blocked >= 4 ? "met" : "NOT met"}\n`);
    if (size === 256 || size === 768) {
      atPeak.push(`    ${size}³: one core ${cell(simd)} = ${(simd / peak * 100).toFixed(0)}% of peak; two cores ${cell(simd2)} = ${(simd2 / 2).toFixed(2)} per core = ${(simd2 / (2 * peak) * 100).toFixed(0)}% of peak`);
    }
  }
  if (!wasm) process.stdout.write("  wasm: not built (npm run build)\n");
  void wasm2?.close();
  const nominal = nominalGhz();
  process.stdout.write(`  peak of one core for 128-bit SIMD without FMA: ${SIMD128_FLOPS_PER_CYCLE} FLOPs/cycle × ${ghz.toFixed(2)} GHz (measured busy clock${nominal ? `; /proc/cpuinfo says ${nominal.toFixed(2)}` : ""}) = ${peak.toFixed(1)} GFLOP/s\n`);
  if (wasm) for (const line of atPeak) process.stdout.write(line + "\n");
}
