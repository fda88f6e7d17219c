/**
 * Float32Arrays that live inside a WebAssembly.Memory, so the WebAssembly kernels read
 * and write tensors in place instead of copying them in and out on every call.
 *
 * A first-fit free list over the memory from `base` up: `allocate` hands out a zero-filled
 * view of a 64-byte-aligned block (a cache line, so two threads writing neighbouring
 * blocks never share a line), growing the memory when no free block fits; views end below
 * `tensorBytes`, so the rest of the memory stays free for `borrow`ed scratch. Blocks come
 * back in two ways:
 * - `allocate`d views are returned by `free`, or else when JavaScript garbage-collects
 *   them (a FinalizationRegistry), so tensors in this memory are managed like ordinary
 *   arrays; a view must therefore stay referenced while anything reads it (subarrays of a
 *   collected view are not enough). The step arena frees its buffers explicitly: the
 *   collector does not see this memory and may run too late to stop it growing;
 * - `borrow`ed scratch blocks are returned by `release`, at once.
 *
 * Views stay valid when the memory grows: shared memory never detaches its buffer.
 *
 * @example
 * const heap = createWasmHeap(memory, heapBase, { maximumPages: 65536 });
 * const x = heap.allocate(1024)!; // Float32Array in memory.buffer at x.byteOffset
 * heap.owns(x); // true: a kernel can take x.byteOffset directly
 */
import { InputError } from "../errors.js";

const PAGE_BYTES = 65536;
const BLOCK_ALIGN = 64;

export interface WasmHeap {
  /**
   * A zero-filled Float32Array of `length` values in the memory, freed by `free` or when
   * collected; null when it would end past `tensorBytes` (the rest is kept for scratch).
   */
  allocate(length: number): Float32Array | null;
  /**
   * Returns an `allocate`d view's block now instead of when it is collected (the garbage
   * collector does not see WebAssembly memory, so a big buffer nothing uses should be
   * freed explicitly). The view must not be used afterwards. Arrays from elsewhere are ignored.
   */
  free(array: Float32Array): void;
  /** The byte address of a scratch block of `length` floats (contents undefined) until `release`. */
  borrow(length: number): number;
  /** Returns a block from `borrow`. */
  release(address: number): void;
  /** Whether `array` is a view into this memory (so its byteOffset is its address). */
  owns(array: Float32Array): boolean;
  /** Bytes in use (allocated and borrowed blocks). */
  readonly bytesInUse: number;
}

interface Block {
  start: number;
  bytes: number;
}

/** Where a heap may put its blocks. */
export interface WasmHeapLimits {
  /** The memory's declared maximum, in 64 KiB pages: a borrow past it is an InputError naming the size. */
  maximumPages: number;
  /** `allocate`d blocks end at or below this byte address (default: the whole memory). */
  tensorBytes?: number;
}

/** A heap over `memory` from byte `base` (everything below belongs to the module's static data). */
export function createWasmHeap(memory: WebAssembly.Memory, base: number, { maximumPages, tensorBytes = maximumPages * PAGE_BYTES }: WasmHeapLimits): WasmHeap {
  const free: Block[] = []; // sorted by start, never adjacent (coalesced)
  const borrowed = new Map<number, number>(); // address → bytes
  let top = alignUp(base, BLOCK_ALIGN); // everything from top up is unused
  let bytesInUse = 0;
  const buffers = new WeakSet<ArrayBufferLike>([memory.buffer]);
  const collected = new FinalizationRegistry<Block>((block) => giveBack(block.start, block.bytes));

  /** The start of a free block of `bytes` ending at or below `limit`, or null when none fits. */
  function take(bytes: number, limit: number): number | null {
    const size = alignUp(Math.max(bytes, 1), BLOCK_ALIGN);
    const index = free.findIndex((block) => block.bytes >= size && block.start + size <= limit);
    let start: number;
    if (index >= 0) {
      const block = free[index];
      start = block.start;
      if (block.bytes === size) free.splice(index, 1);
      else free[index] = { start: start + size, bytes: block.bytes - size };
    } else {
      start = top;
      if (start + size > limit) return null;
      const needed = Math.ceil((start + size) / PAGE_BYTES);
      const have = memory.buffer.byteLength / PAGE_BYTES;
      if (needed > have) memory.grow(needed - have);
      top = start + size;
    }
    bytesInUse += size;
    return start;
  }

  function giveBack(start: number, bytes: number): void {
    const size = alignUp(Math.max(bytes, 1), BLOCK_ALIGN);
    bytesInUse -= size;
    let index = free.findIndex((block) => block.start > start);
    if (index < 0) index = free.length;
    free.splice(index, 0, { start, bytes: size });
    // Merge with the next block, then with the previous one.
    const next = free[index + 1];
    if (next !== undefined && start + size === next.start) {
      free[index].bytes += next.bytes;
      free.splice(index + 1, 1);
    }
    const previous = free[index - 1];
    if (previous !== undefined && previous.start + previous.bytes === start) {
      previous.bytes += free[index].bytes;
      free.splice(index, 1);
      index--;
    }
    // A free block that ends at the top moves the top down instead.
    const last = free[free.length - 1];
    if (last !== undefined && last.start + last.bytes === top) {
      top = last.start;
      free.pop();
    }
  }

  return {
    allocate(length: number): Float32Array | null {
      const start = take(length * 4, tensorBytes);
      if (start === null) return null;
      const buffer = memory.buffer; // a new object after each grow: remember them all for owns()
      buffers.add(buffer);
      const view = new Float32Array(buffer, start, length);
      view.fill(0); // a reused block holds an old tensor's values
      collected.register(view, { start, bytes: length * 4 }, view);
      return view;
    },
    free(array: Float32Array): void {
      if (!collected.unregister(array)) return; // not a live view from allocate
      giveBack(array.byteOffset, array.byteLength);
    },
    borrow(length: number): number {
      const start = take(length * 4, maximumPages * PAGE_BYTES);
      if (start === null) {
        const wanted = Math.ceil((top + length * 4) / 2 ** 20);
        throw new InputError(`the WebAssembly kernels need ${wanted} MiB of memory, above their ${(maximumPages * PAGE_BYTES) / 2 ** 20} MiB maximum`, "use the TypeScript backend (--backend ts) for models this large");
      }
      borrowed.set(start, length * 4);
      return start;
    },
    release(address: number): void {
      const bytes = borrowed.get(address);
      if (bytes === undefined) throw new Error(`WasmHeap.release: ${address} was not borrowed`);
      borrowed.delete(address);
      giveBack(address, bytes);
    },
    owns: (array) => buffers.has(array.buffer),
    get bytesInUse() {
      return bytesInUse;
    },
  };
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
