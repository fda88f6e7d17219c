import { InputError } from "../errors.js";

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian u64 N, then N bytes of
 * UTF-8 JSON mapping each tensor name to {dtype, shape, data_offsets: [begin, end]} (byte
 * offsets into the data that follows, row-major, little-endian), plus an optional
 * "__metadata__" object of string → string. We pad the JSON with spaces to a multiple of
 * 8 bytes so every tensor starts aligned. Pure bytes in and out: callers do the file I/O.
 */

/** The element types lmdojo reads and writes. */
export type Dtype = "F32" | "F64" | "I32" | "I64";
type TypedArrayOf<D extends Dtype> = D extends "F32" ? Float32Array : D extends "F64" ? Float64Array : D extends "I32" ? Int32Array : BigInt64Array;
export type StoredTensor = { [D in Dtype]: { dtype: D; shape: readonly number[]; data: TypedArrayOf<D> } }[Dtype];

const BYTES: Record<Dtype, number> = { F32: 4, F64: 8, I32: 4, I64: 8 };
/** Larger headers are refused, as the reference implementation does (100 MB). */
const MAX_HEADER = 100_000_000;

/**
 * Encodes named tensors (in the order given) and string metadata as safetensors bytes.
 *
 * @example encodeSafetensors({ "transformer.wte.weight": { dtype: "F32", shape: [65, 128], data } })
 */
export function encodeSafetensors(tensors: Readonly<Record<string, StoredTensor>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = t.data.length * BYTES[t.dtype];
    if (t.data.length !== elementCount(t.shape)) {
      throw new InputError(`tensor ${name}: ${t.data.length} values for shape [${t.shape.join(", ")}]`, "data length must equal the product of the shape");
    }
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const unpadded = new TextEncoder().encode(json).length;
  json += " ".repeat((8 - (unpadded % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of Object.values(tensors)) {
    // Typed arrays are little-endian on every platform Node runs on (x86, ARM).
    const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    out.set(raw, at);
    at += raw.length;
  }
  return out;
}

/**
 * Decodes safetensors bytes, checking everything before trusting it: the header length
 * against the file, the JSON, each dtype and shape, and that the byte ranges tile the data
 * exactly (in order, no gap, no overlap, nothing past the end). `source` names the file in errors.
 */
export function decodeSafetensors(bytes: Uint8Array, source: string): { tensors: Record<string, StoredTensor>; metadata: Record<string, string> } {
  const bad = (message: string): never => {
    throw new InputError(`${source}: ${message}`, "the file is not a complete safetensors file; re-save it or use another checkpoint");
  };
  if (bytes.length < 8) bad(`${bytes.length} bytes, shorter than the 8-byte header length`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > MAX_HEADER || 8 + headerLength > bytes.length) bad(`header length ${headerLength} does not fit in ${bytes.length} bytes`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (err) {
    bad(`header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) bad("header is not a JSON object");
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: Array<{ name: string; dtype: Dtype; shape: number[]; begin: number; end: number }> = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (value === null || typeof value !== "object") bad("__metadata__ is not an object");
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== "string") bad(`__metadata__.${k} is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = info?.dtype;
    if (typeof dtype !== "string" || !(dtype in BYTES)) bad(`tensor ${name}: dtype ${JSON.stringify(dtype)} is not one of ${Object.keys(BYTES).join(", ")}`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) bad(`tensor ${name}: shape must be a list of whole numbers`);
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) bad(`tensor ${name}: data_offsets must be [begin, end]`);
    const [begin, end] = offsets as number[];
    if (end - begin !== elementCount(shape as number[]) * BYTES[dtype as Dtype]) bad(`tensor ${name}: byte range [${begin}, ${end}) does not match ${dtype} [${(shape as number[]).join(", ")}]`);
    entries.push({ name, dtype: dtype as Dtype, shape: shape as number[], begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin);
  let expected = 0;
  for (const e of entries) {
    if (e.begin !== expected) bad(`tensor ${e.name}: starts at byte ${e.begin}, expected ${expected} (gap or overlap)`);
    expected = e.end;
  }
  if (expected !== dataLength) bad(`tensors cover ${expected} bytes of data but the file has ${dataLength} (truncated or padded)`);
  const tensors: Record<string, StoredTensor> = {};
  for (const e of entries) {
    // Copy into a fresh, aligned buffer: the data section need not be aligned in the file.
    // (Uint8Array's slice copies; a Node Buffer's own slice would share the whole file's memory.)
    const raw = Uint8Array.prototype.slice.call(bytes, dataStart + e.begin, dataStart + e.end).buffer;
    const data =
      e.dtype === "F32" ? new Float32Array(raw) : e.dtype === "F64" ? new Float64Array(raw) : e.dtype === "I32" ? new Int32Array(raw) : new BigInt64Array(raw);
    tensors[e.name] = { dtype: e.dtype, shape: e.shape, data } as StoredTensor;
  }
  return { tensors, metadata };
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
