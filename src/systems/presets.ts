// Named model shapes and accelerators for the calculators and the CLI's --model / --gpu flags.
// Each entry says where its numbers come from. Model shapes are the published paper tables or
// the Hugging Face config.json of the released checkpoint; accelerators are NVIDIA datasheets.

import type { Arch } from "./architecture.js";
import { GIB } from "./units.js";

/** A named model shape. */
export interface ModelPreset {
  name: string;
  arch: Arch;
  /** Where the shape comes from. */
  source: string;
}

/** A named accelerator: the three numbers a back-of-envelope estimate needs. */
export interface AcceleratorPreset {
  name: string;
  /** Dense (not 2:4-sparse) bf16 tensor-core peak, FLOP/s. */
  peakFlops: number;
  /** HBM capacity in bytes. The datasheet's "80GB" is binary (80 GiB of HBM); see the entries. */
  memoryBytes: number;
  /** HBM bandwidth, bytes/s (datasheet GB/s and TB/s are decimal). */
  bandwidth: number;
  source: string;
}

// GPT-2: openai-community/gpt2{,-medium,-large,-xl} config.json (n_embd, n_layer, n_head;
// vocab_size 50257, n_positions 1024); biases on, head tied to wte (Radford et al. 2019).
const gpt2 = (hidden: number, layers: number, heads: number): Arch => ({ family: "gpt", vocabSize: 50257, hidden, layers, heads, maxSeqLen: 1024 });

/** Model shapes keyed by short id (`gpt2-small`, `llama2-7b`, ...). */
export const MODEL_PRESETS = {
  "gpt2-small": { name: "GPT-2 small (124M)", arch: gpt2(768, 12, 12), source: "openai-community/gpt2 config.json: n_embd 768, n_layer 12, n_head 12, n_positions 1024, vocab_size 50257" },
  "gpt2-medium": { name: "GPT-2 medium (355M)", arch: gpt2(1024, 24, 16), source: "openai-community/gpt2-medium config.json: n_embd 1024, n_layer 24, n_head 16" },
  "gpt2-large": { name: "GPT-2 large (774M)", arch: gpt2(1280, 36, 20), source: "openai-community/gpt2-large config.json: n_embd 1280, n_layer 36, n_head 20" },
  "gpt2-xl": { name: "GPT-2 XL (1.5B)", arch: gpt2(1600, 48, 25), source: "openai-community/gpt2-xl config.json: n_embd 1600, n_layer 48, n_head 25" },
  // Brown et al. 2020, Table 2.1 ("GPT-3 175B"): n_layers 96, d_model 12288, n_heads 96,
  // d_head 128, n_ctx 2048; the GPT-2 BPE vocabulary (50257); d_ff = 4·d_model; GPT-2 blocks.
  "gpt3-175b": {
    name: "GPT-3 175B",
    arch: { family: "gpt", vocabSize: 50257, hidden: 12288, layers: 96, heads: 96, maxSeqLen: 2048 },
    source: "Brown et al. 2020, Table 2.1: 96 layers, d_model 12288, 96 heads of 128, context 2048; GPT-2 vocabulary 50257",
  },
  // Llama 2 (Touvron et al. 2023): meta-llama/Llama-2-*-hf config.json.
  "llama2-7b": {
    name: "Llama-2-7B",
    arch: { family: "llama", vocabSize: 32000, hidden: 4096, layers: 32, heads: 32, kvHeads: 32, ffnHidden: 11008, maxSeqLen: 4096 },
    source: "meta-llama/Llama-2-7b-hf config.json: hidden_size 4096, intermediate_size 11008, num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 32, vocab_size 32000, max_position_embeddings 4096",
  },
  "llama2-13b": {
    name: "Llama-2-13B",
    arch: { family: "llama", vocabSize: 32000, hidden: 5120, layers: 40, heads: 40, kvHeads: 40, ffnHidden: 13824, maxSeqLen: 4096 },
    source: "meta-llama/Llama-2-13b-hf config.json: hidden_size 5120, intermediate_size 13824, num_hidden_layers 40, num_attention_heads 40, num_key_value_heads 40, vocab_size 32000, max_position_embeddings 4096",
  },
  "llama2-70b": {
    name: "Llama-2-70B",
    arch: { family: "llama", vocabSize: 32000, hidden: 8192, layers: 80, heads: 64, kvHeads: 8, ffnHidden: 28672, maxSeqLen: 4096 },
    source: "meta-llama/Llama-2-70b-hf config.json: hidden_size 8192, intermediate_size 28672, num_hidden_layers 80, num_attention_heads 64, num_key_value_heads 8, vocab_size 32000, max_position_embeddings 4096",
  },
  // Llama 3 (Meta, April 2024): meta-llama/Meta-Llama-3-*B config.json; 128K-token vocabulary.
  "llama3-8b": {
    name: "Llama-3-8B",
    arch: { family: "llama", vocabSize: 128256, hidden: 4096, layers: 32, heads: 32, kvHeads: 8, ffnHidden: 14336, maxSeqLen: 8192 },
    source: "meta-llama/Meta-Llama-3-8B config.json: hidden_size 4096, intermediate_size 14336, num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 8, vocab_size 128256, max_position_embeddings 8192",
  },
  "llama3-70b": {
    name: "Llama-3-70B",
    arch: { family: "llama", vocabSize: 128256, hidden: 8192, layers: 80, heads: 64, kvHeads: 8, ffnHidden: 28672, maxSeqLen: 8192 },
    source: "meta-llama/Meta-Llama-3-70B config.json: hidden_size 8192, intermediate_size 28672, num_hidden_layers 80, num_attention_heads 64, num_key_value_heads 8, vocab_size 128256, max_position_embeddings 8192",
  },
  // Mistral 7B (Jiang et al. 2023, Table 1): same block as Llama with GQA and a 4096-token
  // sliding window, which changes no parameter count.
  "mistral-7b": {
    name: "Mistral-7B-v0.1",
    arch: { family: "llama", vocabSize: 32000, hidden: 4096, layers: 32, heads: 32, kvHeads: 8, ffnHidden: 14336, maxSeqLen: 32768 },
    source: "mistralai/Mistral-7B-v0.1 config.json: hidden_size 4096, intermediate_size 14336, num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 8, vocab_size 32000, max_position_embeddings 32768, sliding_window 4096",
  },
} satisfies Record<string, ModelPreset>;

/** A key of MODEL_PRESETS. */
export type ModelPresetId = keyof typeof MODEL_PRESETS;

// HBM capacities: NVIDIA's "80GB" is 80 GiB of HBM (5 stacks of 16 GiB); a process sees a
// little less (PyTorch reports total_memory 85,056,798,720 bytes ≈ 79.2 GiB on an
// A100-SXM4-80GB). We store the datasheet figure in GiB and say so.
/** Accelerators keyed by short id. Peaks are dense bf16: NVIDIA datasheets print 2× these "with sparsity". */
export const ACCELERATOR_PRESETS = {
  "a100-80gb": {
    name: "NVIDIA A100 80GB SXM",
    peakFlops: 312e12,
    memoryBytes: 80 * GIB,
    bandwidth: 2039e9,
    source: "NVIDIA A100 datasheet: BF16 Tensor Core 312 TFLOPS dense (624 with sparsity); 80GB HBM2e; 2,039 GB/s (SXM)",
  },
  "h100-sxm": {
    name: "NVIDIA H100 SXM 80GB",
    peakFlops: 989e12,
    memoryBytes: 80 * GIB,
    bandwidth: 3.35e12,
    source: "NVIDIA H100 datasheet: BF16 Tensor Core 1,979 TFLOPS with sparsity, so 989 dense; 80GB HBM3; 3.35 TB/s (SXM)",
  },
  h200: {
    name: "NVIDIA H200 SXM 141GB",
    peakFlops: 989e12,
    memoryBytes: 141 * GIB,
    bandwidth: 4.8e12,
    source: "NVIDIA H200 datasheet: BF16 Tensor Core 1,979 TFLOPS with sparsity, so 989 dense; 141GB HBM3e; 4.8 TB/s",
  },
} satisfies Record<string, AcceleratorPreset>;

/** A key of ACCELERATOR_PRESETS. */
export type AcceleratorPresetId = keyof typeof ACCELERATOR_PRESETS;
