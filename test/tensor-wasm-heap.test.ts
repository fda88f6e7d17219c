import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createWasmHeap } from "../src/tensor/wasm-heap.js";

const PAGE = 65536;
const newMemory = (maximum = 64) => new WebAssembly.Memory({ initial: 1, maximum, shared: true });

describe("WasmHeap", () => {
  it("hands out zero-filled, 64-byte-aligned views above the base, growing the memory on demand", () => {
    const memory = newMemory();
    const heap = createWasmHeap(memory, 100, { maximumPages: 64 });
    const a = heap.allocate(10)!;
    const b = heap.allocate(PAGE)!; // 4 pages of floats: the memory grows
    expect(a.byteOffset).toBe(128); // 100 rounded up to 64
    expect(b.byteOffset).toBe(192); // after a's 40 bytes, rounded up to 64
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(192 + PAGE * 4);
    expect(Array.from(a)).toEqual(new Array(10).fill(0));
    expect(heap.owns(a) && heap.owns(b)).toBe(true); // a's buffer predates the growth: still owned
    expect(heap.owns(new Float32Array(4))).toBe(false);
    a.fill(3);
    expect(new Float32Array(memory.buffer, 128, 10)[9]).toBe(3); // a view, not a copy
  });

  it("reuses released blocks first-fit, merges with the previous and the next free block, and lowers the top", () => {
    const heap = createWasmHeap(newMemory(), 0, { maximumPages: 64 });
    const [x, y, z, w] = [heap.borrow(16), heap.borrow(16), heap.borrow(16), heap.borrow(16)]; // 64 bytes each
    expect([x, y, z, w]).toEqual([0, 64, 128, 192]);
    heap.release(x);
    heap.release(y); // merges with x's block (the previous one): 128 free bytes at 0
    expect(heap.borrow(32)).toBe(0); // 128 bytes fit in the merged block
    heap.release(z); // free: [128, 192)
    heap.release(0); // merges with z's block (the next one): [0, 192) free
    expect(heap.borrow(48)).toBe(0); // 192 bytes fit only in the doubly merged block
    heap.release(0);
    heap.release(w); // the free block now reaches the top: the top drops to 0
    expect(heap.bytesInUse).toBe(0);
    expect(heap.borrow(1000)).toBe(0);
    expect(() => heap.release(12345)).toThrow(/not borrowed/);
  });

  it("zeroes a reused block and refuses scratch past the memory's maximum with an InputError", () => {
    const memory = newMemory(4);
    const heap = createWasmHeap(memory, 0, { maximumPages: 4 });
    const at = heap.borrow(8);
    new Float32Array(memory.buffer, at, 8).fill(9);
    heap.release(at);
    const again = heap.allocate(8)!;
    expect(again.byteOffset).toBe(at);
    expect(Array.from(again)).toEqual(new Array(8).fill(0));
    expect(() => heap.borrow(4 * PAGE)).toThrow(/above their 0.25 MiB maximum/);
    expect(heap.borrow(4)).toBeGreaterThan(0); // still usable afterwards
  });

  it("keeps tensors below tensorBytes: past it allocate gives null and scratch still fits", () => {
    const heap = createWasmHeap(newMemory(4), 0, { maximumPages: 4, tensorBytes: PAGE });
    expect(heap.allocate(PAGE / 8)).not.toBeNull(); // half the tensor space
    expect(heap.allocate(PAGE / 4)).toBeNull(); // would end past 64 KiB
    expect(heap.borrow(PAGE / 4)).toBe(PAGE / 2); // scratch may go above
    const high = heap.borrow(PAGE / 8); // [96 KiB, 128 KiB): above the limit, not at the top once the next is taken
    heap.borrow(4);
    heap.release(high);
    expect(heap.allocate(PAGE / 16)).toBeNull(); // the free block above the limit is not for tensors
  });

  it("frees an allocated view at once, once, and ignores arrays it did not hand out", () => {
    const heap = createWasmHeap(newMemory(), 0, { maximumPages: 64 });
    const a = heap.allocate(100)!;
    const before = heap.bytesInUse;
    heap.free(a);
    expect(heap.bytesInUse).toBe(before - 448); // 400 bytes rounded up to 64
    heap.free(a); // a second free changes nothing
    heap.free(new Float32Array(100));
    expect(heap.bytesInUse).toBe(0);
    expect(heap.allocate(50)!.byteOffset).toBe(a.byteOffset); // the block is reused
  });

  it("gives back the blocks of views nothing references once the garbage collector has run, and keeps the rest", () => {
    const script = fileURLToPath(new URL("fixtures/wasm-heap-gc.mts", import.meta.url));
    const run = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { before: number; after: number; keptOffset: number; keptValue: number; reusedOffset: number };
    expect(result.before).toBe(100 * 4032 + 64); // 100 views of 4,000 bytes (rounded to 4,032) and the kept one
    expect(result.after).toBe(64); // only the kept view's block
    expect(result.keptValue).toBe(7);
    expect(result.reusedOffset).toBe(0); // the collected blocks are free again
    expect(result.keptOffset).toBe(100 * 4032);
  });
});
