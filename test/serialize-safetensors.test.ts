import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors } from "../src/serialize/safetensors.js";

/** A file built by hand from the format's definition, independent of our encoder. */
function handMade(headerJson: string, data: number[]): Uint8Array {
  const header = new TextEncoder().encode(headerJson);
  const out = new Uint8Array(8 + header.length + data.length * 4);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  const view = new DataView(out.buffer, 8 + header.length);
  data.forEach((x, i) => view.setFloat32(4 * i, x, true));
  return out;
}

describe("safetensors", () => {
  it("reads a file laid out as the format defines it", () => {
    const bytes = handMade('{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}', [1, 2, 3, 4, 5, 6]);
    const { tensors, metadata } = decodeSafetensors(bytes, "m.safetensors");
    expect(metadata).toEqual({ format: "pt" });
    expect(tensors.a).toEqual({ dtype: "F32", shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) });
    expect(tensors.b.data).toEqual(new Float32Array([5, 6]));
  });

  it("writes the header length, space-padded JSON to 8 bytes, then the data in order", () => {
    const bytes = encodeSafetensors(
      { "transformer.wte.weight": { dtype: "F32", shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }, step: { dtype: "I64", shape: [1], data: new BigInt64Array([7n]) } },
      { config: "{}" },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { config: "{}" },
      "transformer.wte.weight": { dtype: "F32", shape: [2, 3], data_offsets: [0, 24] },
      step: { dtype: "I64", shape: [1], data_offsets: [24, 32] },
    });
    const round = decodeSafetensors(bytes, "x");
    expect(round.tensors["transformer.wte.weight"].data).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
    expect(round.tensors.step.data).toEqual(new BigInt64Array([7n]));
  });

  it("reads from a Node Buffer (as readFileSync returns) without aliasing the file", () => {
    const bytes = encodeSafetensors({ a: { dtype: "F32", shape: [2], data: new Float32Array([1, 2]) }, b: { dtype: "F32", shape: [1], data: new Float32Array([3]) } });
    const { tensors } = decodeSafetensors(Buffer.from(bytes), "x");
    expect(tensors.a.data).toEqual(new Float32Array([1, 2]));
    expect(tensors.b.data).toEqual(new Float32Array([3]));
  });

  it("refuses truncated, overlapping or inconsistent files with the file name", () => {
    const good = encodeSafetensors({ w: { dtype: "F32", shape: [4], data: new Float32Array([1, 2, 3, 4]) } });
    expect(() => decodeSafetensors(good.subarray(0, good.length - 1), "ckpt.safetensors")).toThrow(/^ckpt\.safetensors: tensors cover 16 bytes of data but the file has 15/);
    expect(() => decodeSafetensors(good.subarray(0, 5), "c")).toThrow(/shorter than the 8-byte header length/);
    expect(() => decodeSafetensors(handMade('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}', [1, 2, 3]), "c")).toThrow(/tensor b: starts at byte 4, expected 8/);
    expect(() => decodeSafetensors(handMade('{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}', [1]), "c")).toThrow(/dtype "F16" is not one of/);
    expect(() => decodeSafetensors(handMade('{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', [1, 2]), "c")).toThrow(/does not match F32 \[3\]/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => decodeSafetensors(huge, "c")).toThrow(/header length \d+ does not fit/);
    expect(() => encodeSafetensors({ w: { dtype: "F32", shape: [3], data: new Float32Array(2) } })).toThrow(/2 values for shape \[3\]/);
  });
});
