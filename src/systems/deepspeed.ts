// DeepSpeed's memory estimators for ZeRO-2 and ZeRO-3 with CPU offload: model-state bytes per GPU
// and CPU RAM per node, written from the definitions in DeepSpeed's "Memory Requirements" page
// (docs/code-docs/source/memory.rst) and its estimate_zero2_model_states_mem_needs (stage_1_and_2.py)
// and estimate_zero3_model_states_mem_needs (stage3.py). Activations and temporary buffers are
// not included. Symbols: Ψ parameters, λ the largest layer's parameters (the most parameters any
// one module holds itself), n GPUs per node, N = n × nodes GPUs in all, f the CPU buffer factor
// (1.5 "to be conservative"), g = 1/nodes.
//
// ZeRO-2 (fp16 weights kept on every GPU):
//   offload_optimizer=cpu    GPU 2Ψ                 CPU Ψ·max(4N, 16)·f
//   offload_optimizer=none   GPU 4Ψ + 16Ψ/N         CPU Ψ·4n·f
//   16 = fp32 weights, gradients, momentum and variance, 4 bytes each; 4n = every process on a
//   node first builds the model in fp32. With offload, estimate_zero2_model_states_mem_needs
//   takes max(4 * total_gpus, 16), all N GPUs rather than a node's n (the docs' prose says n; on
//   one node the two agree), and this follows the function. The GPU figure without offload is the one the docs page
//   prints (t5-3b on 8 GPUs: 15.93 GB); newer DeepSpeed source counts 2Ψ + 18Ψ/N there.
// ZeRO-3 (weights partitioned too; 4λ gathers the largest layer's fp16 weights and gradients):
//   offload param + optimizer   GPU 4λ               CPU zero_init: 18Ψ·g·f,  else Ψ·max(4n, 18g)·f
//   offload optimizer only      GPU 4λ + 2Ψ/N        CPU zero_init: 16Ψ·g·f,  else Ψ·max(4n, 16g)·f
//   no offload                  GPU 4λ + 18Ψ/N       CPU zero_init: 4λ·n·f,   else 4Ψ·n·f
//   18 = the 16 above + 2 for the fp16 weights when they live on the CPU.
// DeepSpeed prints these as "GB" but divides by 2³⁰: they are GiB. Results are truncated to whole
// bytes, as DeepSpeed's int() does.

import { InputError } from "../errors.js";
import { checkInteger, checkNumber } from "../optim/check.js";
import { resolveArch, type Arch } from "./architecture.js";

/** What the estimators take. */
export interface OffloadEstimateInput {
  /** Ψ: parameters of the whole model. */
  params: number;
  /** λ: parameters of the largest single layer (ZeRO-3 only). */
  largestLayerParams?: number;
  /** n: GPUs per node (default 1). */
  gpusPerNode?: number;
  /** Nodes (default 1). */
  nodes?: number;
  /** f: buffer factor on the CPU figures (default 1.5, DeepSpeed's additional_buffer_factor). */
  bufferFactor?: number;
}

/** One DeepSpeed configuration and the memory it needs. */
export interface OffloadRow {
  offloadParam: "cpu" | "none";
  offloadOptimizer: "cpu" | "none";
  /** ZeRO-3's zero.Init (the model is built already partitioned); null for ZeRO-2. */
  zeroInit: boolean | null;
  /** CPU RAM per node, bytes. */
  cpuBytesPerNode: number;
  /** Memory per GPU, bytes. */
  gpuBytesPerGpu: number;
  cpuFormula: string;
  gpuFormula: string;
}

/** What the estimators return: one row per configuration, in DeepSpeed's print order. */
export interface OffloadEstimate {
  stage: 2 | 3;
  params: number;
  largestLayerParams: number | null;
  gpusPerNode: number;
  nodes: number;
  bufferFactor: number;
  rows: OffloadRow[];
  convention: string;
}

const SOURCE = 'DeepSpeed "Memory Requirements" (estimate_zero2/zero3_model_states_mem_needs); buffer factor on CPU figures; model states only';

function checkInput(input: OffloadEstimateInput) {
  return {
    params: checkNumber("params", input.params, 0),
    n: checkInteger("gpusPerNode", input.gpusPerNode ?? 1, 1, "GPUs on each node"),
    nodes: checkInteger("nodes", input.nodes ?? 1, 1, "machines, each with gpusPerNode GPUs"),
    f: checkNumber("bufferFactor", input.bufferFactor ?? 1.5, 1, Infinity, "DeepSpeed uses 1.5"),
  };
}

/**
 * ZeRO-2 model-state memory with and without optimizer offload to CPU (see the file comment).
 *
 * @example zero2OffloadEstimates({ params: 2851e6, gpusPerNode: 8 }).rows[0].cpuBytesPerNode / 2 ** 30 // 127.45 (t5-3b)
 */
export function zero2OffloadEstimates(input: OffloadEstimateInput): OffloadEstimate {
  const { params: P, n, nodes, f } = checkInput(input);
  const total = n * nodes;
  const rows: OffloadRow[] = [
    {
      offloadParam: "none",
      offloadOptimizer: "cpu",
      zeroInit: null,
      cpuBytesPerNode: Math.trunc(P * Math.max(4 * total, 16) * f),
      gpuBytesPerGpu: Math.trunc(2 * P),
      cpuFormula: "Ψ·max(4N, 16)·f",
      gpuFormula: "2Ψ",
    },
    {
      offloadParam: "none",
      offloadOptimizer: "none",
      zeroInit: null,
      cpuBytesPerNode: Math.trunc(P * 4 * n * f),
      gpuBytesPerGpu: Math.trunc(4 * P + (16 * P) / total),
      cpuFormula: "4Ψ·n·f",
      gpuFormula: "4Ψ + 16Ψ/N",
    },
  ];
  return { stage: 2, params: P, largestLayerParams: null, gpusPerNode: n, nodes, bufferFactor: f, rows, convention: SOURCE };
}

/**
 * ZeRO-3 model-state memory for the six configurations DeepSpeed prints (parameter and optimizer
 * offload, with and without zero.Init); see the file comment.
 *
 * @example zero3OffloadEstimates({ params: 2851e6, largestLayerParams: 32e6, gpusPerNode: 8 }).rows[0].cpuBytesPerNode / 2 ** 30 // 71.69 (t5-3b)
 */
export function zero3OffloadEstimates(input: OffloadEstimateInput): OffloadEstimate {
  const { params: P, n, nodes, f } = checkInput(input);
  const largest = checkNumber("largestLayerParams", input.largestLayerParams, 0, Infinity, "the most parameters one layer holds, e.g. the embedding table V·h");
  if (largest > P) throw new InputError(`the largest layer (${largest} parameters) is larger than the whole model (${P})`, "one layer cannot hold more than the whole model (--largest-layer, --params)");
  const total = n * nodes;
  const g = 1 / nodes;
  const gather = 4 * largest;
  const row = (offloadParam: "cpu" | "none", offloadOptimizer: "cpu" | "none", zeroInit: boolean, cpu: number, gpu: number, cpuFormula: string, gpuFormula: string): OffloadRow => ({
    offloadParam,
    offloadOptimizer,
    zeroInit,
    cpuBytesPerNode: Math.trunc(cpu),
    gpuBytesPerGpu: Math.trunc(gpu),
    cpuFormula,
    gpuFormula,
  });
  const rows = [
    row("cpu", "cpu", true, 18 * P * g * f, gather, "18Ψ·g·f", "4λ"),
    row("cpu", "cpu", false, P * Math.max(4 * n, 18 * g) * f, gather, "Ψ·max(4n, 18g)·f", "4λ"),
    row("none", "cpu", true, 16 * P * g * f, gather + (2 * P) / total, "16Ψ·g·f", "4λ + 2Ψ/N"),
    row("none", "cpu", false, P * Math.max(4 * n, 16 * g) * f, gather + (2 * P) / total, "Ψ·max(4n, 16g)·f", "4λ + 2Ψ/N"),
    row("none", "none", true, 4 * largest * n * f, gather + (18 * P) / total, "4λ·n·f", "4λ + 18Ψ/N"),
    row("none", "none", false, 4 * P * n * f, gather + (18 * P) / total, "4Ψ·n·f", "4λ + 18Ψ/N"),
  ];
  return { stage: 3, params: P, largestLayerParams: largest, gpusPerNode: n, nodes, bufferFactor: f, rows, convention: SOURCE };
}

/**
 * λ for a model: the largest parameter tensor one module holds, as DeepSpeed counts a live model
 * (each module's own parameters): the token embedding or untied head V·h, or an MLP matrix h·f
 * (with its bias), or an attention projection h·h (with its bias).
 *
 * @example largestLayerParams(gpt2Small) // 50257·768 = 38,597,376: the token embedding
 */
export function largestLayerParams(arch: Arch): number {
  const a = resolveArch(arch);
  const bias = a.bias ? 1 : 0;
  return Math.max(a.vocabSize * a.hidden, a.hidden * a.ffnHidden + bias * a.ffnHidden, a.hidden * a.hidden + bias * a.hidden);
}
