/**
 * decode_stream(chunks): UTF-8 arriving in chunks, split characters held back, invalid
 * bytes replaced by U+FFFD. Expected values from src/tokenizer/utf8-stream.ts (WHATWG's
 * streaming TextDecoder, which agrees with Python's incremental decoder with
 * errors="replace" on everything but encoded surrogates, ED A0-BF: no case holds those).
 */
import type { Rng } from "../../stats/prng.js";
import { decodeUtf8Chunks } from "../../tokenizer/utf8-stream.js";
import type { CaseGenerator, KataCase } from "../case-generator.js";
import { integer, pick } from "./draw.js";

// Characters of 1 to 4 bytes ("한" starts with ED, whose second byte must be 80-9F).
const CHARACTERS = [..."hello world, é ñ ß € 日本 한국 😀 🙂 𝔘"];
// Byte runs that are not valid UTF-8: lone continuations, bytes that never start a sequence,
// a lead byte with an out-of-range second byte, and sequences cut short.
const INVALID = [[0x80], [0xbf], [0xc0], [0xc1], [0xf5], [0xff], [0xe0, 0x80], [0xf0, 0x80], [0xf4, 0x90], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98]];

const encoder = new TextEncoder();

function randomBytes(rng: Rng): number[] {
  const bytes: number[] = [];
  const length = integer(rng, 0, 24);
  const invalidRate = pick(rng, [0, 0.1, 0.3]);
  for (let i = 0; i < length; i++) bytes.push(...(rng.nextFloat() < invalidRate ? pick(rng, INVALID) : encoder.encode(pick(rng, CHARACTERS))));
  return bytes;
}

/** bytes cut at `cuts` random places (repeats make empty chunks). */
function cutInto(rng: Rng, bytes: number[], cuts: number): number[][] {
  const at = Array.from({ length: cuts }, () => integer(rng, 0, bytes.length)).sort((a, b) => a - b);
  return [0, ...at].map((start, i) => bytes.slice(start, i < at.length ? at[i] : bytes.length));
}

const call = (chunks: number[][], name?: string): KataCase => ({ fn: "decode_stream", args: [chunks], ...(name ? { name } : {}) });
const chunksOf = (c: KataCase) => c.args[0] as number[][];
const decodeWhole = (bytes: number[]) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(Uint8Array.from(bytes));

/** A hand-written hold-back that trusts the lead byte's bit pattern and checks no ranges (so E0 80 waits). */
function decodeWithUncheckedHold(chunks: number[][]): string[] {
  const length = (lead: number) => (lead >> 5 === 0b110 ? 2 : lead >> 4 === 0b1110 ? 3 : lead >> 3 === 0b11110 ? 4 : 0);
  const unfinished = (buf: number[]): number => {
    for (let start = Math.max(buf.length - 3, 0); start < buf.length; start++) {
      const rest = buf.slice(start + 1);
      if (length(buf[start]) > rest.length + 1 && rest.every((b) => b >= 0x80 && b <= 0xbf)) return buf.length - start;
    }
    return 0;
  };
  let held: number[] = [];
  return chunks.map((chunk, i) => {
    const buf = [...held, ...chunk];
    const keep = i === chunks.length - 1 ? 0 : unfinished(buf);
    held = buf.slice(buf.length - keep);
    return decodeWhole(buf.slice(0, buf.length - keep));
  });
}

const generator: CaseGenerator = {
  random(rng) {
    const bytes = randomBytes(rng);
    return call(cutInto(rng, bytes, integer(rng, 0, Math.min(5, bytes.length + 1))));
  },
  edges: () => [
    call([[0x68, 0x69, 0xf0], [0x9f, 0x98, 0x80, 0x21]], "an emoji split 1+3"),
    call([[0xf0, 0x9f], [0x98, 0x80], [0x21]], "an emoji split 2+2"),
    call([[0x61, 0xc3], [0x28, 0x62]], "an invalid continuation byte"),
    call([[0x41, 0xe0, 0x80], [0x42]], "a second byte out of range"),
    call([[0x41, 0x42], [0xe2, 0x82]], "cut off by the end of the stream"),
    call([[0x68, 0x65, 0x6c], [], [0x6c, 0x6f]], "ASCII only"),
    call([], "no chunks"),
  ],
  expected: (c) => decodeUtf8Chunks(chunksOf(c)),
  bugs: {
    "each-chunk-alone": (c) => chunksOf(c).map(decodeWhole),
    // Streaming to the end without a final flush: what is held after the last chunk is lost.
    "drops-held-bytes": (c) => {
      const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
      return chunksOf(c).map((chunk) => decoder.decode(Uint8Array.from(chunk), { stream: true }));
    },
    "unchecked-hold": (c) => decodeWithUncheckedHold(chunksOf(c)),
  },
};

export default generator;
