// The WebAssembly kernels module: everything src/tensor/wasm-kernels.ts calls.
export { heapBase, matmulPanels, matmulShared, packedFloats, packPanels, transpose } from "./matmul";
export { geluBackward, geluForward } from "./gelu";
export { geluTanhBackward, geluTanhForward } from "./gelu-tanh";
export { layerNormBackward, layerNormForward } from "./layernorm";
export { addBias, sumRows, zero } from "./rows";
export { adamwUpdate } from "./adamw";
export { attentionBackward, attentionForward, attentionScratchBytes } from "./attention";
export { accumulate, add, swapAxes } from "./layout";
export { crossEntropyBackward, crossEntropyForward, softmaxBackward, softmaxForward } from "./softmax";
