/**
 * Byte-level BPE as in minbpe (Karpathy; Sennrich et al. 2016 "Neural Machine Translation of
 * Rare Words with Subword Units"; GPT-2's byte-level variant): the vocabulary starts as the
 * 256 byte values, and training repeatedly replaces the most frequent adjacent pair of tokens
 * with a new token, id 256, 257, ...
 *
 * Saved JSON format (`saveBpe` / `loadBpe`), version 1:
 *
 *   {
 *     "format": "lmdojo-bpe",
 *     "version": 1,
 *     "pattern": "<split regex source for the flags \"gu\">" | null,   // null: no splitting
 *     "merges": [[a, b], ...],            // merges[i] joins tokens a and b into token 256 + i
 *     "specialTokens": { "<|endoftext|>": 768, ... }   // text → id, ids ≥ 256 + merges.length
 *   }
 *
 * A token's bytes follow from the merges (bytes(256 + i) = bytes(a) + bytes(b)), so they are
 * not stored.
 */
import { InputError, describeValue } from "../errors.js";
import { createByteLevelTokenizer, type Tokenizer } from "./byte-level.js";
import { MAX_TOKEN_ID, pairKey } from "./merge.js";
import { GPT4_SPLIT_PATTERN } from "./split-pattern.js";

/** A trained BPE tokenizer as plain data; `createBpeTokenizer` makes it encode and decode. */
export interface BpeModel {
  /** Split regex source (flags "gu"), or null to merge across the whole text. */
  pattern: string | null;
  /** merges[i] = [a, b]: tokens a and b merge into token 256 + i. */
  merges: Array<[number, number]>;
  /** Special token text → id (ids above the merged tokens, as minbpe's register_special_tokens). */
  specialTokens: Record<string, number>;
}

export interface TrainBpeOptions {
  /** 256 byte tokens + the number of merges to learn (768 → 512 merges), as minbpe's vocab_size. */
  vocabSize: number;
  /** Split regex source; default GPT4_SPLIT_PATTERN; null trains on the text as one sequence (minbpe's BasicTokenizer). */
  pattern?: string | null;
}

const BYTE_TOKENS = 256;
const FORMAT = "lmdojo-bpe";

/** A unique piece of the training text, as token ids, with how often the piece occurs. */
interface Chunk {
  ids: Int32Array;
  length: number;
  count: number;
}

function checkPattern(pattern: unknown): string | null {
  if (pattern === null) return null;
  if (typeof pattern !== "string" || pattern === "") throw new InputError(`pattern must be a regex source string or null, got ${describeValue(pattern)}`);
  try {
    new RegExp(pattern, "gu");
  } catch (error) {
    throw new InputError(`pattern ${describeValue(pattern)} is not a valid JavaScript regex: ${(error as Error).message}`);
  }
  return pattern;
}

/** The unique pieces of `text` in order of first appearance, as UTF-8 bytes with counts. */
function uniqueChunks(text: string, pattern: string | null): Chunk[] {
  const encoder = new TextEncoder();
  const pieces = pattern === null ? [text] : (text.match(new RegExp(pattern, "gu")) ?? []);
  const counts = new Map<string, number>();
  for (const piece of pieces) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  const chunks: Chunk[] = [];
  for (const [piece, count] of counts) {
    const bytes = encoder.encode(piece);
    if (bytes.length > 0) chunks.push({ ids: Int32Array.from(bytes), length: bytes.length, count });
  }
  return chunks;
}

/**
 * Learns `vocabSize − 256` merges from `text`, as minbpe's `train`, and stops early when no
 * adjacent pair is left. Each step merges the most frequent pair; among equally frequent
 * pairs, the one that occurs first in the text (minbpe: the first key of `get_stats`' dict
 * that has the maximum count).
 *
 * The text is split into pieces that are counted once each, and pair counts are updated
 * only where a merge changes a piece, so a step costs the size of what it changes, not of
 * the whole text.
 *
 * @example
 * const model = trainBpe("aaabdaaabac", { vocabSize: 259, pattern: null });
 * createBpeTokenizer(model).encode("aaabdaaabac"); // [258, 100, 258, 97, 99]
 */
export function trainBpe(text: string, options: TrainBpeOptions): BpeModel {
  if (typeof text !== "string") throw new Error(`text must be a string, got ${describeValue(text)}`);
  const { vocabSize } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < BYTE_TOKENS || vocabSize > MAX_TOKEN_ID) {
    throw new InputError(`vocabSize must be an integer in [256, ${MAX_TOKEN_ID}], got ${describeValue(vocabSize)}`, "vocabSize = 256 byte tokens + the number of merges");
  }
  const pattern = checkPattern(options.pattern === undefined ? GPT4_SPLIT_PATTERN : options.pattern);
  const chunks = uniqueChunks(text, pattern);

  // pairCounts: pairKey → occurrences in the text; pairChunks: pairKey → chunks that may contain it.
  const pairCounts = new Map<number, number>();
  const pairChunks = new Map<number, Set<number>>();
  const addPair = (key: number, delta: number): void => {
    const count = (pairCounts.get(key) ?? 0) + delta;
    if (count === 0) pairCounts.delete(key);
    else pairCounts.set(key, count);
  };
  const notePairIn = (key: number, chunk: number): void => {
    let set = pairChunks.get(key);
    if (!set) pairChunks.set(key, (set = new Set()));
    set.add(chunk);
  };
  chunks.forEach((chunk, c) => {
    for (let i = 0; i + 1 < chunk.length; i++) {
      const key = pairKey(chunk.ids[i], chunk.ids[i + 1]);
      addPair(key, chunk.count);
      notePairIn(key, c);
    }
  });

  const merges: Array<[number, number]> = [];
  for (let id = BYTE_TOKENS; id < vocabSize; id++) {
    const key = mostFrequentPair(pairCounts, chunks);
    if (key === undefined) break;
    const a = Math.floor(key / MAX_TOKEN_ID);
    const b = key - a * MAX_TOKEN_ID;
    merges.push([a, b]);
    for (const c of pairChunks.get(key) ?? []) mergeInChunk(chunks[c], c, a, b, id, addPair, notePairIn);
    pairChunks.delete(key);
  }
  return { pattern, merges, specialTokens: {} };
}

/** The most frequent pair; ties go to the pair that occurs first (chunks are in text order). */
function mostFrequentPair(pairCounts: Map<number, number>, chunks: Chunk[]): number | undefined {
  let best = 0;
  let tied: number[] = [];
  for (const [key, count] of pairCounts) {
    if (count > best) {
      best = count;
      tied = [key];
    } else if (count === best) tied.push(key);
  }
  if (tied.length <= 1) return tied[0];
  const candidates = new Set(tied);
  for (const chunk of chunks) {
    for (let i = 0; i + 1 < chunk.length; i++) {
      const key = pairKey(chunk.ids[i], chunk.ids[i + 1]);
      if (candidates.has(key)) return key;
    }
  }
  return tied[0];
}

/**
 * Replaces every (a, b) in the chunk with `id`, left to right without overlap (minbpe's
 * `merge`: "aaa" with (a, a) → [id, a]), in place, and updates the pair counts: each merge
 * removes the pairs (left, a), (a, b), (b, right) and adds (left, id), (id, right), where
 * left is the token already written (possibly a new `id`) and right the next unread one.
 */
function mergeInChunk(
  chunk: Chunk,
  c: number,
  a: number,
  b: number,
  id: number,
  addPair: (key: number, delta: number) => void,
  notePairIn: (key: number, chunk: number) => void,
): void {
  const { ids, length, count } = chunk;
  let written = 0;
  for (let i = 0; i < length; ) {
    if (i + 1 < length && ids[i] === a && ids[i + 1] === b) {
      addPair(pairKey(a, b), -count);
      if (written > 0) {
        const left = ids[written - 1];
        addPair(pairKey(left, a), -count);
        addPair(pairKey(left, id), count);
        notePairIn(pairKey(left, id), c);
      }
      if (i + 2 < length) {
        const right = ids[i + 2];
        addPair(pairKey(b, right), -count);
        addPair(pairKey(id, right), count);
        notePairIn(pairKey(id, right), c);
      }
      ids[written++] = id;
      i += 2;
    } else {
      ids[written++] = ids[i++];
    }
  }
  chunk.length = written;
}

/** Checks a model (merges refer to existing tokens, special ids are unused and unique). */
function checkModel(model: BpeModel): void {
  checkPattern(model.pattern);
  if (!Array.isArray(model.merges)) throw new InputError(`merges must be an array of [a, b] pairs, got ${describeValue(model.merges)}`);
  const seen = new Set<number>();
  model.merges.forEach((pair, i) => {
    const id = BYTE_TOKENS + i;
    const ok = Array.isArray(pair) && pair.length === 2 && pair.every((t) => Number.isInteger(t) && t >= 0 && t < id);
    if (!ok) throw new InputError(`merges[${i}] must be [a, b] with token ids below ${id}, got ${describeValue(pair)}`);
    const key = pairKey(pair[0], pair[1]);
    if (seen.has(key)) throw new InputError(`merges[${i}] repeats the pair ${describeValue(pair)}`);
    seen.add(key);
  });
  const firstFree = BYTE_TOKENS + model.merges.length;
  if (firstFree > MAX_TOKEN_ID) throw new InputError(`too many merges (${model.merges.length}); the limit is ${MAX_TOKEN_ID - BYTE_TOKENS}`);
  if (typeof model.specialTokens !== "object" || model.specialTokens === null || Array.isArray(model.specialTokens)) {
    throw new InputError(`specialTokens must be an object of text → id, got ${describeValue(model.specialTokens)}`);
  }
  const used = new Set<number>();
  for (const [text, id] of Object.entries(model.specialTokens)) {
    if (text === "") throw new InputError("a special token's text must not be empty");
    if (!Number.isInteger(id) || id < firstFree || id >= MAX_TOKEN_ID || used.has(id)) {
      throw new InputError(`special token ${describeValue(text)} has id ${describeValue(id)}`, `special ids must be distinct integers ≥ ${firstFree} (after the merged tokens)`);
    }
    used.add(id);
  }
}

/**
 * The encoder/decoder of a BPE model.
 *
 * @example
 * const tok = createBpeTokenizer({ ...trainBpe(text, { vocabSize: 768 }), specialTokens: { "<|endoftext|>": 768 } });
 * tok.decode(tok.encode("hello<|endoftext|>", { allowedSpecial: "all" })); // "hello<|endoftext|>"
 */
export function createBpeTokenizer(model: BpeModel): Tokenizer {
  checkModel(model);
  const byteIds = Int32Array.from({ length: BYTE_TOKENS }, (_, b) => b);
  const tokenBytes: Uint8Array[] = Array.from({ length: BYTE_TOKENS }, (_, b) => Uint8Array.of(b));
  const pairMerges = new Map<number, number>();
  model.merges.forEach(([a, b], i) => {
    const id = BYTE_TOKENS + i;
    const bytes = new Uint8Array(tokenBytes[a].length + tokenBytes[b].length);
    bytes.set(tokenBytes[a]);
    bytes.set(tokenBytes[b], tokenBytes[a].length);
    tokenBytes.push(bytes);
    pairMerges.set(pairKey(a, b), id);
  });
  return createByteLevelTokenizer({
    pattern: model.pattern,
    byteIds,
    pairMerges,
    tokenBytes,
    specialTokens: new Map(Object.entries(model.specialTokens)),
  });
}

/** The model as JSON text, in the format described at the top of this file. */
export function saveBpe(model: BpeModel): string {
  checkModel(model);
  const merges = model.merges.map((pair) => JSON.stringify(pair)).join(",\n    ");
  return (
    `{\n  "format": "${FORMAT}",\n  "version": 1,\n  "pattern": ${JSON.stringify(model.pattern)},\n` +
    `  "merges": [\n    ${merges}\n  ],\n  "specialTokens": ${JSON.stringify(model.specialTokens)}\n}\n`
  );
}

/** Reads a model saved by `saveBpe`; InputError naming the field when the JSON is not one. */
export function loadBpe(json: string): BpeModel {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new InputError(`BPE model is not valid JSON: ${(error as Error).message}`);
  }
  const record = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  if (record.format !== FORMAT) throw new InputError(`BPE model: format must be "${FORMAT}", got ${describeValue(record.format)}`);
  if (record.version !== 1) throw new InputError(`BPE model: version must be 1, got ${describeValue(record.version)}`, "this lmdojo reads version 1");
  const model = { pattern: record.pattern, merges: record.merges, specialTokens: record.specialTokens } as BpeModel;
  checkModel(model);
  return model;
}
