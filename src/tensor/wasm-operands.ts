/**
 * How a WebAssembly kernel call gets the byte addresses of its operands.
 *
 * An array that lives in the kernels' memory (from the heap's `allocate`) is used in place:
 * its byteOffset is its address. Any other array is copied into a block borrowed from the
 * heap, and an output is copied back when the call succeeds. The same array given twice
 * (say as dq, dk and dv of one attention backward) gets one block, so contributions to it
 * add up as they do in place. Every borrowed block is released when the call ends, also
 * when it throws.
 *
 * @example
 * const withOperands = createOperands(heap, memory);
 * withOperands((call) => wasm.add(call.output(out, false), call.input(a), call.input(b), out.length));
 */
import type { WasmHeap } from "./wasm-heap.js";

/** The operands of one call (see the module comment). */
export interface OperandCall {
  /** The address of an array the kernel only reads. */
  input(array: Float32Array): number;
  /** The address of an array the kernel writes; `readFirst` when it also reads it (accumulates into it). */
  output(array: Float32Array, readFirst: boolean): number;
  /** A borrowed block of `length` floats (contents undefined) for the call's own use. */
  scratch(length: number): number;
  /** The address of a copy of an Int32Array (class ids), which the kernel only reads. */
  int32(array: Int32Array): number;
}

/** Options of a call: `padTo4` for kernels that run whole vectors of 4 (GELU). */
export interface OperandOptions {
  /**
   * Arrays whose length is not a multiple of 4 are then copied into blocks padded to one,
   * so the padding lanes never touch memory past an array's end.
   */
  padTo4?: boolean;
}

/** A runner of kernel calls over `heap` in `memory`. */
export function createOperands(heap: WasmHeap, memory: WebAssembly.Memory) {
  return function withOperands<T>(run: (call: OperandCall) => T, { padTo4 = false }: OperandOptions = {}): T {
    const borrowed: number[] = [];
    const staged = new Map<Float32Array, { at: number; filled: boolean }>(); // array → its block (and whether its values are in it yet)
    const copyBack: Float32Array[] = [];
    const scratch = (length: number): number => {
      const at = heap.borrow(padTo4 ? (length + 3) & ~3 : length);
      borrowed.push(at);
      return at;
    };
    const inPlace = (array: Float32Array) => heap.owns(array) && (!padTo4 || array.length % 4 === 0);
    // An array's block is filled with its values the first time the kernel will read it
    // (as an input or an accumulated output), whatever order its roles were given in.
    const stage = (array: Float32Array, read: boolean): number => {
      let block = staged.get(array);
      if (block === undefined) {
        block = { at: scratch(array.length), filled: false };
        staged.set(array, block);
      }
      if (read && !block.filled) {
        new Float32Array(memory.buffer, block.at, array.length).set(array);
        block.filled = true;
      }
      return block.at;
    };
    const call: OperandCall = {
      input: (array) => (inPlace(array) ? array.byteOffset : stage(array, true)),
      output(array, readFirst) {
        if (inPlace(array)) return array.byteOffset;
        const at = stage(array, readFirst);
        if (!copyBack.includes(array)) copyBack.push(array);
        return at;
      },
      scratch,
      int32(array) {
        const at = scratch(array.length);
        new Int32Array(memory.buffer, at, array.length).set(array);
        return at;
      },
    };
    try {
      const result = run(call);
      for (const array of copyBack) array.set(new Float32Array(memory.buffer, staged.get(array)!.at, array.length));
      return result;
    } finally {
      for (const at of borrowed) heap.release(at);
    }
  };
}
