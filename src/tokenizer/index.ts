/**
 * Tokenizers for the Lab: nanoGPT's character tokenizer, minbpe-style byte-level BPE
 * (training, special tokens, JSON save/load) and OpenAI's tiktoken encodings
 * (cl100k_base, o200k_base) giving the same ids as js-tiktoken.
 */
export { trainCharTokenizer, charTokenizerFromVocab, type CharTokenizer } from "./char.js";
export { createBpeTokenizer, loadBpe, saveBpe, trainBpe, type BpeModel, type TrainBpeOptions } from "./bpe.js";
export { type AllowedSpecial, type EncodeOptions, type Tokenizer } from "./byte-level.js";
export { GPT4_SPLIT_PATTERN, O200K_SPLIT_PATTERN, splitText } from "./split-pattern.js";
export { loadTiktoken, tiktokenFromRanks, TIKTOKEN_SPLIT_PATTERNS, type TiktokenEncodingName, type TiktokenRankData } from "./tiktoken-ranks.js";
