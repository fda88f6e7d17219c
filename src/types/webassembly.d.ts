// The part of the WebAssembly JavaScript API that src/tensor/wasm-kernels.ts uses. Node 20
// has it at run time, but @types/node 20 and TypeScript's ES libraries do not declare it
// (TypeScript ships it only with the DOM library).
declare namespace WebAssembly {
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
