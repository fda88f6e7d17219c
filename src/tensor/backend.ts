/**
 * Kernel backends: "ts", the readable TypeScript kernels (src/tensor/kernels.ts, with a
 * second thread for large matmuls when asked: threaded-kernels.ts), and "wasm", the
 * WebAssembly SIMD kernels (wasm-kernels.ts, also with an optional second thread),
 * several times faster where built.
 * "auto" picks the fastest available: wasm when build/kernels.wasm exists, else ts. A build
 * that no longer matches its sources is refused (kernels-build.ts).
 */
import { InputError } from "../errors.js";
import { setKernels, typescriptKernels, type Kernels } from "./kernels.js";
import { assertKernelsFresh } from "./kernels-build.js";
import { createThreadedKernels } from "./threaded-kernels.js";
import { createWasmKernels, wasmKernelsAvailable } from "./wasm-kernels.js";

export const BACKEND_NAMES = ["ts", "wasm"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * The backend to use: `requested` (a flag or config value), else `fromEnvironment`
 * (LMDOJO_BACKEND), else "auto"; "auto" becomes wasm when it is built, else ts.
 *
 * @example resolveBackend(undefined, process.env.LMDOJO_BACKEND) // "wasm" after npm install
 */
export function resolveBackend(requested: string | undefined, fromEnvironment?: string): BackendName {
  const choice = requested ?? fromEnvironment ?? "auto";
  if (choice === "auto") {
    if (!wasmKernelsAvailable()) return "ts";
    assertKernelsFresh(); // a stale build is refused, not replaced by the slower kernels in silence
    return "wasm";
  }
  if (!(BACKEND_NAMES as readonly string[]).includes(choice)) {
    throw new InputError(`unknown backend "${choice}"${requested === undefined ? " (from LMDOJO_BACKEND)" : ""}`, `choose one of ${BACKEND_NAMES.join(", ")} or auto`);
  }
  if (choice === "wasm" && !wasmKernelsAvailable()) throw new InputError("the wasm backend is not built", "run npm run build, or use --backend ts");
  if (choice === "wasm") assertKernelsFresh();
  return choice as BackendName;
}

/** An active backend; `close` restores the previous kernels and stops any worker. */
export interface ActiveBackend {
  name: BackendName;
  threads: number;
  close(): Promise<void>;
}

/**
 * Makes `name` the kernels every op uses until `close()`. `threads` > 1 gives the
 * backend a worker thread that shares the large matmuls (and, on wasm, attention).
 *
 * @example const backend = useBackend("wasm", 1); try { train(...) } finally { await backend.close(); }
 */
export function useBackend(name: BackendName, threads: number): ActiveBackend {
  if (name === "wasm") {
    const wasm = createWasmKernels({ threads });
    const previous = setKernels(wasm);
    return {
      name,
      threads: wasm.threads,
      close: async () => {
        setKernels(previous);
        await wasm.close();
      },
    };
  }
  if (threads > 1) {
    const threaded = createThreadedKernels();
    const previous = setKernels(threaded);
    return {
      name,
      threads: 2,
      close: async () => {
        setKernels(previous);
        await threaded.close();
      },
    };
  }
  const previous: Kernels = setKernels(typescriptKernels);
  return { name, threads: 1, close: async () => void setKernels(previous) };
}
