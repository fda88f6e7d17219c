/**
 * OpenAI's tiktoken encodings (cl100k_base for GPT-4, o200k_base for GPT-4o), from the rank
 * files that the npm package js-tiktoken ships, encoded by our own byte-level BPE.
 *
 * A tiktoken rank file maps byte strings to ranks; the rank of a token is its id, and BPE
 * merges two adjacent tokens when their concatenated bytes are a token, lowest rank first
 * (openai/tiktoken src/lib.rs, `byte_pair_encode`).
 */
import { InputError, describeValue } from "../errors.js";
import { byteString, createByteLevelTokenizer, type Tokenizer } from "./byte-level.js";
import { MAX_TOKEN_ID, pairKey } from "./merge.js";
import { GPT4_SPLIT_PATTERN, O200K_SPLIT_PATTERN } from "./split-pattern.js";

export type TiktokenEncodingName = "cl100k_base" | "o200k_base";

/** js-tiktoken's rank data (`js-tiktoken/ranks/<name>`'s default export). */
export interface TiktokenRankData {
  pat_str: string;
  special_tokens: Record<string, number>;
  /**
   * Lines "<name> <first rank> <base64 token> <base64 token> ...": the tokens of a line have
   * consecutive ranks starting at <first rank> (js-tiktoken's compressed form of the
   * `.tiktoken` file, which has one "<base64 token> <rank>" per line).
   */
  bpe_ranks: string;
}

/** Our split pattern for each encoding (see split-pattern.ts for the rewrite). */
export const TIKTOKEN_SPLIT_PATTERNS: Record<TiktokenEncodingName, string> = {
  cl100k_base: GPT4_SPLIT_PATTERN,
  o200k_base: O200K_SPLIT_PATTERN,
};

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A tokenizer from rank data and a split pattern (regex source for the "gu" flags).
 *
 * The merge table lists, for every token of two or more bytes, each way of cutting its bytes
 * into two halves that are both tokens: (left id, right id) → token id. During encoding every
 * part is a token, so "the concatenated bytes of two adjacent parts are a token" is exactly
 * "their pair is in the table", and encoding needs no byte-string lookups per merge.
 */
export function tiktokenFromRanks(data: TiktokenRankData, pattern: string): Tokenizer {
  const rankOfBytes = new Map<string, number>();
  const tokenBytes: Uint8Array[] = [];
  for (const line of data.bpe_ranks.split("\n")) {
    if (!line) continue;
    const fields = line.split(" ");
    const first = Number(fields[1]);
    if (!Number.isInteger(first) || first < 0) throw new InputError(`tiktoken ranks: bad first rank ${describeValue(fields[1])}`);
    for (let i = 2; i < fields.length; i++) {
      const bytes = decodeBase64(fields[i]);
      const rank = first + i - 2;
      if (rank >= MAX_TOKEN_ID) throw new InputError(`tiktoken ranks: rank ${rank} is too large (limit ${MAX_TOKEN_ID})`);
      rankOfBytes.set(byteString(bytes), rank);
      tokenBytes[rank] = bytes;
    }
  }
  const byteIds = new Int32Array(256);
  for (let b = 0; b < 256; b++) {
    const id = rankOfBytes.get(String.fromCharCode(b));
    if (id === undefined) throw new InputError(`tiktoken ranks: byte ${b} has no token`, "every single byte must be a token for byte-level BPE");
    byteIds[b] = id;
  }
  const pairMerges = new Map<number, number>();
  for (const [bytes, rank] of rankOfBytes) {
    for (let cut = 1; cut < bytes.length; cut++) {
      const left = rankOfBytes.get(bytes.slice(0, cut));
      const right = rankOfBytes.get(bytes.slice(cut));
      if (left !== undefined && right !== undefined) pairMerges.set(pairKey(left, right), rank);
    }
  }
  return createByteLevelTokenizer({
    pattern,
    byteIds,
    pairMerges,
    tokenBytes,
    specialTokens: new Map(Object.entries(data.special_tokens)),
    wholePieces: rankOfBytes,
  });
}

/**
 * Loads a tiktoken encoding from the js-tiktoken package (a devDependency: install it to use
 * this). Loading cl100k_base takes a few hundred milliseconds; keep the result.
 *
 * @example
 * const cl100k = await loadTiktoken("cl100k_base");
 * cl100k.encode("hello world"); // [15339, 1917]
 */
export async function loadTiktoken(name: TiktokenEncodingName): Promise<Tokenizer> {
  let data: TiktokenRankData;
  if (name === "cl100k_base") data = (await import("js-tiktoken/ranks/cl100k_base")).default;
  else if (name === "o200k_base") data = (await import("js-tiktoken/ranks/o200k_base")).default;
  else throw new InputError(`unknown tiktoken encoding ${describeValue(name)}`, 'use "cl100k_base" or "o200k_base"');
  return tiktokenFromRanks(data, TIKTOKEN_SPLIT_PATTERNS[name]);
}
