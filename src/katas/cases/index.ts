/**
 * Every kata's case generator, by the name kata.md's `tests.generator` gives. One file per
 * kata; the list is explicit so that the CLI's bundle holds them all.
 */
import { NotFoundError } from "../../errors.js";
import type { CaseGenerator } from "../case-generator.js";
import adamwStep from "./adamw-step.js";
import beamSearch from "./beam-search.js";
import bootstrapPercentile from "./bootstrap-percentile.js";
import bpeTrainEncode from "./bpe-train-encode.js";
import bradleyTerryLoss from "./bradley-terry-loss.js";
import causalAttention from "./causal-attention.js";
import clipGradNorm from "./clip-grad-norm.js";
import crossEntropyIgnoreIndex from "./cross-entropy-ignore-index.js";
import documentWindows from "./document-windows.js";
import dpoLoss from "./dpo-loss.js";
import gelu from "./gelu.js";
import gradientAccumulation from "./gradient-accumulation.js";
import groupedQueryAttention from "./grouped-query-attention.js";
import grpoAdvantages from "./grpo-advantages.js";
import klEstimators from "./kl-estimators.js";
import kvCacheBytes from "./kv-cache-bytes.js";
import kvCacheDecodeStep from "./kv-cache-decode-step.js";
import layernormForwardBackward from "./layernorm-forward-backward.js";
import loraMerge from "./lora-merge.js";
import minhashJaccard from "./minhash-jaccard.js";
import mlpManualBackprop from "./mlp-manual-backprop.js";
import multiHeadAttention from "./multi-head-attention.js";
import ngramContamination from "./ngram-contamination.js";
import passAtK from "./pass-at-k.js";
import perplexity from "./perplexity.js";
import ppoGae from "./ppo-gae.js";
import recallMrrTies from "./recall-mrr-ties.js";
import ringAllreduceTime from "./ring-allreduce-time.js";
import rmsnorm from "./rmsnorm.js";
import rope from "./rope.js";
import speculativeAccept from "./speculative-accept.js";
import squadEmF1 from "./squad-em-f1.js";
import stableSoftmax from "./stable-softmax.js";
import temperatureMinP from "./temperature-min-p.js";
import topKTopP from "./top-k-top-p.js";
import transformerBlock from "./transformer-block.js";
import utf8PartialDecode from "./utf8-partial-decode.js";
import warmupCosineLr from "./warmup-cosine-lr.js";
import winRateSe from "./win-rate-se.js";

export const CASE_GENERATORS: Readonly<Record<string, CaseGenerator>> = {
  "adamw-step": adamwStep,
  "beam-search": beamSearch,
  "bootstrap-percentile": bootstrapPercentile,
  "bpe-train-encode": bpeTrainEncode,
  "bradley-terry-loss": bradleyTerryLoss,
  "causal-attention": causalAttention,
  "clip-grad-norm": clipGradNorm,
  "cross-entropy-ignore-index": crossEntropyIgnoreIndex,
  "document-windows": documentWindows,
  "dpo-loss": dpoLoss,
  gelu,
  "gradient-accumulation": gradientAccumulation,
  "grouped-query-attention": groupedQueryAttention,
  "grpo-advantages": grpoAdvantages,
  "kl-estimators": klEstimators,
  "kv-cache-bytes": kvCacheBytes,
  "kv-cache-decode-step": kvCacheDecodeStep,
  "layernorm-forward-backward": layernormForwardBackward,
  "lora-merge": loraMerge,
  "minhash-jaccard": minhashJaccard,
  "mlp-manual-backprop": mlpManualBackprop,
  "multi-head-attention": multiHeadAttention,
  "ngram-contamination": ngramContamination,
  "pass-at-k": passAtK,
  perplexity,
  "ppo-gae": ppoGae,
  "recall-mrr-ties": recallMrrTies,
  "ring-allreduce-time": ringAllreduceTime,
  rmsnorm,
  rope,
  "speculative-accept": speculativeAccept,
  "squad-em-f1": squadEmF1,
  "stable-softmax": stableSoftmax,
  "temperature-min-p": temperatureMinP,
  "top-k-top-p": topKTopP,
  "transformer-block": transformerBlock,
  "utf8-partial-decode": utf8PartialDecode,
  "warmup-cosine-lr": warmupCosineLr,
  "win-rate-se": winRateSe,
};

/** The generator named `name`; an unknown name is a NotFoundError. */
export function caseGenerator(name: string): CaseGenerator {
  const generator = CASE_GENERATORS[name];
  if (!generator) throw new NotFoundError(`no case generator "${name}"`, "see src/katas/cases/index.ts");
  return generator;
}
