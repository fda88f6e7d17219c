// Builds the WebAssembly SIMD kernels: assembly/index.ts and what it exports (AssemblyScript) → build/kernels.wasm,
// and build/kernels.hash, the hash of the assembly/ sources it was built from.
// Runs on `npm install` (the "prepare" script) and `npm run build`; nothing is downloaded.
// The module imports a shared memory (so worker threads can share it) and has no runtime:
// the JavaScript side (src/tensor/wasm-kernels.ts) lays out every buffer itself.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// An install without dev dependencies (npm install --omit=dev) has no compiler: the engine
// then runs on its TypeScript kernels, so say so and do not fail the install.
let asc;
try {
  asc = (await import("assemblyscript/asc")).default;
} catch {
  process.stderr.write("build-wasm: assemblyscript is not installed; skipping the WebAssembly kernels (the TypeScript kernels will be used)\n");
  process.exit(0);
}

const root = fileURLToPath(new URL("..", import.meta.url));
mkdirSync(new URL("../build/", import.meta.url), { recursive: true });
const { error, stderr } = await asc.main(
  [
    "assembly/index.ts",
    "--outFile", "build/kernels.wasm",
    "--enable", "simd,threads",
    "--optimizeLevel", "3",
    "--shrinkLevel", "0",
    "--runtime", "stub",
    "--noAssert",
    "--importMemory",
    "--sharedMemory",
    "--initialMemory", "16",
    "--maximumMemory", "65536", // 4 GiB of 64 KiB pages, all a 32-bit address reaches
  ],
  { stdout: process.stdout, stderr: process.stderr, baseDir: root },
);
if (error) {
  process.stderr.write(`build-wasm: ${error.message}\n${stderr.toString()}`);
  process.exit(1);
}

// Record which sources this module was compiled from: the engine refuses a build whose
// sources have changed since (src/tensor/kernels-build.ts computes the hash, through tsx).
register();
const { assemblySourcesHash, KERNELS_HASH_PATH } = await import("../src/tensor/kernels-build.ts");
writeFileSync(KERNELS_HASH_PATH, assemblySourcesHash() + "\n");
