/**
 * The encoder and decoder shared by every byte-level BPE tokenizer here (our trained BPE and
 * the tiktoken encodings): split the text with a regex, turn each piece into UTF-8 bytes,
 * then merge adjacent tokens, lowest rank first, until no adjacent pair has a merge.
 *
 * The merge rule is tiktoken's `byte_pair_encode` (openai/tiktoken src/lib.rs): repeatedly
 * merge the leftmost adjacent pair whose merged token has the lowest id. For a vocabulary
 * trained by BPE it gives minbpe's result too (minbpe merges every occurrence of the lowest
 * pair at once): a merge creates a token whose id is higher than the pair just merged, so
 * the remaining occurrences of that pair stay the lowest and are merged next, left to right.
 */
import { InputError, describeValue } from "../errors.js";
import { mergePiece, type PairMerges } from "./merge.js";

/** Which special tokens `encode` recognizes (minbpe's `allowed_special`). */
export type AllowedSpecial = "all" | "none" | "none-raise" | readonly string[];

export interface EncodeOptions {
  /**
   * "none-raise" (default, as minbpe and tiktoken): an InputError if the text contains a
   * special token's text. "none": special texts are encoded as ordinary text. "all": every
   * special token's text becomes its id. A list: only those; the others are ordinary text.
   */
  allowedSpecial?: AllowedSpecial;
}

/** A byte-level tokenizer: text ↔ token ids. */
export interface Tokenizer {
  /** One more than the largest token id (special tokens included). */
  readonly vocabSize: number;
  /** Token ids of `text`. */
  encode(text: string, options?: EncodeOptions): number[];
  /** The text of `ids`; a byte sequence that is not valid UTF-8 decodes to U+FFFD (as minbpe's errors="replace"). */
  decode(ids: ArrayLike<number>): string;
  /** The raw bytes of `ids`. */
  decodeBytes(ids: ArrayLike<number>): Uint8Array;
}

/** Everything a byte-level tokenizer is made of. */
export interface ByteLevelSpec {
  /** Split regex source (compiled with "gu"), or null to treat the whole text as one piece. */
  pattern: string | null;
  /** Token id of each byte value 0..255. */
  byteIds: Int32Array;
  /** pairKey(a, b) → id of the token that merging a and b makes. */
  pairMerges: PairMerges;
  /** Bytes of each token id (undefined where an id is unused). */
  tokenBytes: ReadonlyArray<Uint8Array | undefined>;
  /** Special token text → id. */
  specialTokens: ReadonlyMap<string, number>;
  /**
   * Optional shortcut of tiktoken: a piece whose whole byte string is a token becomes that
   * token, without merging. Keys are byte strings (one char per byte, see `byteString`).
   */
  wholePieces?: ReadonlyMap<string, number>;
}

/** A byte array as a string of char codes 0..255, usable as a Map key. */
export function byteString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * Writes the UTF-8 bytes of `text` into `out` (grown if needed) and returns [out, length].
 * A lone surrogate becomes U+FFFD (EF BF BD), as TextEncoder does and as tiktoken's
 * Python `encode` does before encoding ("surrogatepass" then "replace").
 */
function utf8Encode(text: string, out: Uint8Array): [Uint8Array, number] {
  if (out.length < text.length * 3) out = new Uint8Array(text.length * 3 + 16);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair: code point = 0x10000 + (high − 0xD800)·2^10 + (low − 0xDC00).
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 63);
        out[n++] = 0x80 | ((c >> 6) & 63);
        out[n++] = 0x80 | (c & 63);
        continue;
      }
      c = 0xfffd; // lone surrogate
    }
    out[n++] = 0xe0 | (c >> 12);
    out[n++] = 0x80 | ((c >> 6) & 63);
    out[n++] = 0x80 | (c & 63);
  }
  return [out, n];
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** Builds the encoder and decoder of `spec`. */
export function createByteLevelTokenizer(spec: ByteLevelSpec): Tokenizer {
  const { byteIds, pairMerges, tokenBytes, specialTokens, wholePieces } = spec;
  const splitRegex = spec.pattern === null ? null : new RegExp(spec.pattern, "gu");
  let largestId = tokenBytes.length - 1;
  for (const id of specialTokens.values()) largestId = Math.max(largestId, id);
  const idToSpecial = new Map<number, Uint8Array>();
  for (const [text, id] of specialTokens) idToSpecial.set(id, new TextEncoder().encode(text));
  // Scratch buffers reused across pieces: its UTF-8 bytes, then its token ids while merging.
  let bytes: Uint8Array = new Uint8Array(256);
  let parts = new Int32Array(256);

  /** Appends the tokens of one piece: bytes → ids, then merges, lowest merged id first. */
  function encodePiece(piece: string, out: number[]): void {
    if (wholePieces) {
      const whole = wholePieces.get(isAscii(piece) ? piece : utf8Bytes(piece));
      if (whole !== undefined) {
        out.push(whole);
        return;
      }
    }
    let n: number;
    [bytes, n] = utf8Encode(piece, bytes);
    if (parts.length < n) parts = new Int32Array(n * 2);
    for (let i = 0; i < n; i++) parts[i] = byteIds[bytes[i]];
    n = mergePiece(parts, n, pairMerges);
    for (let i = 0; i < n; i++) out.push(parts[i]);
  }

  function utf8Bytes(piece: string): string {
    let n: number;
    [bytes, n] = utf8Encode(piece, bytes);
    return byteString(bytes, 0, n);
  }

  function encodeOrdinary(text: string, out: number[]): void {
    if (text.length === 0) return;
    if (splitRegex === null) return encodePiece(text, out);
    splitRegex.lastIndex = 0;
    for (let m = splitRegex.exec(text); m !== null; m = splitRegex.exec(text)) encodePiece(m[0], out);
  }

  function encode(text: string, options: EncodeOptions = {}): number[] {
    if (typeof text !== "string") throw new Error(`text must be a string, got ${describeValue(text)}`);
    const allowed = options.allowedSpecial ?? "none-raise";
    const names = [...specialTokens.keys()];
    let recognized: string[];
    if (allowed === "all") recognized = names;
    else if (allowed === "none" || allowed === "none-raise") recognized = [];
    else if (Array.isArray(allowed)) {
      for (const name of allowed) {
        if (!specialTokens.has(name)) {
          throw new InputError(`allowedSpecial names ${describeValue(name)}, which is not a special token of this tokenizer`, `special tokens: ${names.join(", ") || "(none)"}`);
        }
      }
      recognized = [...allowed];
    } else throw new InputError(`allowedSpecial must be "all", "none", "none-raise" or a list of special tokens, got ${describeValue(allowed)}`);
    if (allowed === "none-raise") {
      const found = names.find((name) => text.includes(name));
      if (found !== undefined) {
        throw new InputError(`text contains the special token ${describeValue(found)}`, 'pass allowedSpecial: "all" to encode it as a special token, or "none" to encode it as text');
      }
    }
    const out: number[] = [];
    if (recognized.length === 0) {
      encodeOrdinary(text, out);
      return out;
    }
    // Longest first, so that a special token that is a prefix of another never wins over it.
    recognized.sort((a, b) => b.length - a.length);
    const specialRegex = new RegExp(recognized.map(escapeRegex).join("|"), "g");
    let start = 0;
    for (const m of text.matchAll(specialRegex)) {
      encodeOrdinary(text.slice(start, m.index), out);
      out.push(specialTokens.get(m[0]) as number);
      start = (m.index as number) + m[0].length;
    }
    encodeOrdinary(text.slice(start), out);
    return out;
  }

  function decodeBytes(ids: ArrayLike<number>): Uint8Array {
    const pieces: Uint8Array[] = [];
    let length = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const piece = (Number.isInteger(id) && id >= 0 ? tokenBytes[id] : undefined) ?? idToSpecial.get(id);
      if (piece === undefined) {
        throw new InputError(`token id ${describeValue(id)} at position ${i} is not in the vocabulary`, `ids are integers in [0, ${largestId}]`);
      }
      pieces.push(piece);
      length += piece.length;
    }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const piece of pieces) {
      out.set(piece, offset);
      offset += piece.length;
    }
    return out;
  }

  // ignoreBOM keeps a leading U+FEFF in the text instead of dropping it, so it round-trips.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  return {
    vocabSize: largestId + 1,
    encode,
    decode: (ids) => decoder.decode(decodeBytes(ids)),
    decodeBytes,
  };
}
