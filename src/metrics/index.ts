/**
 * Evaluation metrics, each matching its official reference implementation:
 * SQuAD v1.1/v2.0 answer metrics, HumanEval's pass@k, trec_eval's ranking measures,
 * AlpacaEval's win rate, and token/word/byte perplexities (HF evaluate, lm-evaluation-harness).
 */
export { exactMatch, normalizeAnswer, tokenF1, type SquadOptions, type SquadRules } from "./squad.js";
export { meanPassAtK, passAtK } from "./pass-at-k.js";
export {
  hitAtK,
  meanHitAtK,
  meanNdcgAtK,
  meanPrecisionAtK,
  meanRecallAtK,
  meanReciprocalRank,
  ndcgAtK,
  precisionAtK,
  rankDocuments,
  recallAtK,
  reciprocalRank,
  type Qrels,
  type Query,
  type RankingOptions,
  type Run,
} from "./ranking.js";
export { winRate, type WinRateResult } from "./win-rate.js";
export {
  bitsPerByte,
  bytePerplexity,
  corpusPerplexity,
  countBytes,
  countWords,
  meanSequencePerplexity,
  nll,
  sequencePerplexities,
  wordPerplexity,
  type ScoredDocument,
} from "./perplexity.js";
export { isPythonWhitespace, pythonRegexSplitWhitespace, pythonSplit } from "./python-text.js";
