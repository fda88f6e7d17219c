/**
 * The params, flops and chinchilla calculators: how big a model is, what training it costs in
 * FLOPs and time, and the compute-optimal size for a budget.
 */
import { InputError } from "../errors.js";
import { parseChoice, parsePositiveNumber } from "../flag-values.js";
import { BESIROGLU_2024, chinchillaComparison, HOFFMANN_2022, paramCount, trainingCompute, type ChinchillaFit } from "../systems/index.js";
import type { Calculator } from "./calculator.js";
import {
  calcInput,
  GPU_INPUTS,
  MODEL_INPUTS,
  paramsInput,
  UNIT_INPUT,
  parseSizeFlag,
  resolveGpu,
  resolveModel,
  resolveSeq,
  resolveSize,
  seqWarnings,
  type CalcGpu,
  type CalcModel,
  type CalcSize,
  type GpuFlags,
  type ModelFlags,
  type SizeFlags,
} from "./inputs.js";
import { formatCount, formatFlops, formatPercent, formatSeconds, formatShort, type CalcReport } from "./report.js";

/** params: parameters by component, and the three totals sources use. */
export const PARAMS: Calculator = {
  name: "params",
  description: "parameter count by component: total, non-embedding and the N of 6N",
  inputs: [...MODEL_INPUTS, calcInput("--seq <n>", "int", "context length for explicit sizes (same as --context)", { group: "model" }), UNIT_INPUT],
  examples: ["dojo calc params --model llama2-7b", "dojo calc params --layers 12 --hidden 768 --heads 12 --vocab 50257 --context 1024"],
  report: (values) => paramsReport({ model: resolveModel(values as ModelFlags) }),
};

/** The params calculator's inputs, resolved. */
export interface ParamsInputs {
  model: CalcModel;
}

/** The report of `dojo calc params`. */
export function paramsReport({ model }: ParamsInputs): CalcReport {
  const count = paramCount(model.arch);
  const L = model.resolved.layers;
  const rows = count.components.map((c) => [c.name, c.perLayer === null ? "" : formatCount(c.perLayer), c.perLayer === null ? "" : `× ${L}`, formatCount(c.count), c.formula]);
  rows.push(
    ["total", "", "", formatCount(count.total), `${formatShort(count.total)}; a tied head is counted once`],
    ["non-embedding", "", "", formatCount(count.nonEmbedding), "total − token, position and untied head matrices (Kaplan et al. 2020)"],
    ["N used in 6N", "", "", formatCount(count.flopParams), "total − position table − untied input table (nanoGPT get_num_params)"],
  );
  return {
    command: "params",
    title: `Parameters of ${model.label}`,
    inputs: { model: model.preset, arch: model.resolved },
    results: { ...count },
    tables: [{ header: ["component", "per layer", "layers", "parameters", "formula"], rows, rightAligned: [1, 3] }],
    verdict: [],
    conventions: [count.convention],
  };
}

interface FlopsFlags extends SizeFlags, GpuFlags {
  tokens?: string;
  devices?: string;
  mfu?: string;
  stepTime?: string;
  batch?: string;
}

/** flops: FLOPs per token, for a run, the run's time, or the MFU of a measured step. */
export const FLOPS: Calculator = {
  name: "flops",
  description: "training FLOPs per token (6N + 12·L·H·Q·T), per run, time to train, and MFU",
  inputs: [
    ...MODEL_INPUTS,
    calcInput("--seq <n>", "int", "sequence length T (default: the model's context)", { group: "model" }),
    paramsInput("6N per token without a model (the attention term needs its shape)"),
    calcInput("--tokens <D>", "number", "training tokens D, e.g. 2e12: total FLOPs of the run"),
    calcInput("--devices <n>", "int", "accelerators the run uses", { default: "1" }),
    calcInput("--mfu <fraction>", "number", "model FLOPs utilisation, e.g. 0.4: with --tokens gives the training time"),
    calcInput("--step-time <seconds>", "number", "measured seconds per step: with --batch gives the MFU"),
    calcInput("--batch <n>", "int", "sequences per step over all devices (global batch)"),
    ...GPU_INPUTS,
    UNIT_INPUT,
  ],
  examples: [
    "dojo calc flops --model llama2-7b --tokens 2e12 --gpu a100-80gb --devices 2048 --mfu 0.4",
    "dojo calc flops --model gpt2-small --step-time 0.5 --batch 512 --devices 8 --gpu a100-80gb",
    "dojo calc flops --params 7e9 --tokens 1.4e12 --seq 4096",
  ],
  report: (values) => flopsReport(resolveFlops(values as FlopsFlags)),
};

/** The flops calculator's inputs, resolved: the size, and whatever of the run was given. */
export interface FlopsInputs {
  size: CalcSize;
  /** Whether the parameter count was given (--params) rather than taken from the model. */
  paramsGiven: boolean;
  seq: number | undefined;
  devices: number;
  gpu: CalcGpu | null;
  tokens: number | undefined;
  mfu: number | undefined;
  stepTime: number | undefined;
  batch: number | undefined;
}

/** The flops inputs from their text; an InputError names the flag of a bad or missing value. */
export function resolveFlops(flags: FlopsFlags): FlopsInputs {
  const size = resolveSize(flags);
  const { model } = size;
  const seq = model ? resolveSeq(flags, model) : flags.seq === undefined ? undefined : parseSizeFlag("--seq", flags.seq);
  const devices = parseSizeFlag("--devices", flags.devices ?? "1");
  if ((flags.stepTime === undefined) !== (flags.batch === undefined)) throw new InputError("--step-time and --batch go together", "MFU = (FLOPs per token × batch × seq / step time) / (devices × peak)");
  if (flags.mfu !== undefined && flags.tokens === undefined) throw new InputError("--mfu needs --tokens", "training time = (FLOPs per token × tokens) / (devices × peak × MFU)");
  const usesGpu = flags.mfu !== undefined || flags.stepTime !== undefined;
  const gpu = usesGpu ? resolveGpu(flags) : null;
  if (seq === undefined && flags.batch !== undefined) throw new InputError("--batch needs --seq without a model", "a step processes batch × seq tokens");
  return {
    size,
    paramsGiven: flags.params !== undefined,
    seq,
    devices,
    gpu,
    mfu: flags.mfu === undefined ? undefined : parsePositiveNumber("--mfu", flags.mfu, "a fraction of peak, e.g. 0.4"),
    tokens: flags.tokens === undefined ? undefined : parsePositiveNumber("--tokens", flags.tokens, "training tokens, e.g. 2e12"),
    stepTime: flags.stepTime === undefined ? undefined : parsePositiveNumber("--step-time", flags.stepTime, "seconds per training step"),
    batch: flags.batch === undefined ? undefined : parseSizeFlag("--batch", flags.batch),
  };
}

/** The report of `dojo calc flops`. */
export function flopsReport(inputs: FlopsInputs): CalcReport {
  const { size, seq, devices, gpu } = inputs;
  const { model } = size;
  const compute = trainingCompute({
    arch: model?.arch,
    params: inputs.paramsGiven ? size.params : undefined,
    seqLen: seq,
    tokens: inputs.tokens,
    devices,
    peakFlops: gpu?.peakFlops,
    mfu: inputs.mfu,
    stepTime: inputs.stepTime,
    batch: inputs.batch,
  });
  const { perToken, run, time, step } = compute;
  const rows: string[][] = [["6N (weights)", formatFlops(perToken.paramFlops), `6 × ${formatCount(perToken.params)}`]];
  if (model) {
    const { layers: L, heads: H, headDim: Q } = model.resolved;
    rows.push(["12·L·H·Q·T (attention)", formatFlops(perToken.attentionFlops), `12 × ${L} × ${H} × ${Q} × ${seq}`]);
  }
  rows.push(["per token", formatFlops(perToken.flopsPerToken), perToken.formula]);
  const conventions = [perToken.convention];
  const verdict: string[] = [];
  if (run) {
    rows.push(["run, 6·N·D", formatFlops(run.flops), `${run.formula}, D = ${formatShort(run.tokens)} tokens`]);
    if (model) rows.push([`run, (${perToken.formula})·D`, formatFlops(run.flopsWithAttention), "per token × D"]);
    conventions.push(run.convention);
  }
  if (time && gpu && run) {
    rows.push(["training time", formatSeconds(time.seconds), `${time.formula}; ${devices} × ${gpu.name} at ${formatFlops(gpu.peakFlops)} FLOP/s`]);
    conventions.push(`${time.convention}; uses (${perToken.formula})·D`);
    verdict.push(`Training on ${formatShort(run.tokens)} tokens takes ${formatSeconds(time.seconds)} on ${devices} × ${gpu.name} at MFU ${formatPercent(time.mfu)}.`);
  }
  if (step && gpu) {
    rows.push(
      ["per step", formatFlops(step.flopsPerIteration), `per token × ${step.batch} sequences × ${seq} tokens`],
      ["MFU", formatPercent(step.utilization), `${step.formula}; ${devices} × ${formatFlops(gpu.peakFlops)} FLOP/s`],
    );
    conventions.push(step.convention);
    verdict.push(`MFU ${formatPercent(step.utilization)}: ${formatFlops(step.achievedFlopsPerDevice)} FLOP/s per device of ${formatFlops(gpu.peakFlops)} peak.`);
  }
  return {
    command: "flops",
    title: `Training FLOPs of ${size.label}${seq === undefined ? "" : ` at T = ${seq}`}`,
    inputs: { model: model?.preset ?? null, arch: model?.resolved ?? null, params: size.params, seqLen: seq, devices, ...(gpu ? { gpu } : {}) },
    results: { ...compute },
    tables: [{ header: ["quantity", "FLOPs", "formula"], rows, rightAligned: [1] }],
    verdict,
    conventions,
    warnings: model && seq !== undefined ? seqWarnings(model, seq) : [],
  };
}

const FITS: Record<string, ChinchillaFit> = { hoffmann: HOFFMANN_2022, besiroglu: BESIROGLU_2024 };

interface ChinchillaFlags {
  compute: string;
  fit: string;
  tokensPerParam: string;
  params?: string;
  tokens?: string;
}

/** chinchilla: compute-optimal N and D for a budget, and the 20-tokens rule of thumb. */
export const CHINCHILLA: Calculator = {
  name: "chinchilla",
  description: "compute-optimal parameters and tokens for a FLOP budget (Hoffmann et al. 2022)",
  inputs: [
    calcInput("--compute <flops>", "number", "training compute C in FLOPs, e.g. 1e23", { required: true }),
    calcInput("--fit <fit>", "choice", "hoffmann (Hoffmann et al. 2022, Approach 3) or besiroglu (Besiroglu et al. 2024 refit)", { default: "hoffmann", choices: ["hoffmann", "besiroglu"] }),
    calcInput("--tokens-per-param <r>", "number", "r of the rule of thumb D = r·N", { default: "20" }),
    calcInput("--params <N>", "number", "also predict the loss of this model size (with --tokens)"),
    calcInput("--tokens <D>", "number", "also predict the loss at this token count (with --params)"),
    UNIT_INPUT,
  ],
  examples: ["dojo calc chinchilla --compute 1e23", "dojo calc chinchilla --compute 5.76e23 --fit besiroglu --params 70e9 --tokens 1.4e12"],
  report: (values) => chinchillaReport(resolveChinchilla(values as unknown as ChinchillaFlags)),
};

/** The chinchilla calculator's inputs, resolved. */
export interface ChinchillaInputs {
  compute: number;
  fitName: "hoffmann" | "besiroglu";
  tokensPerParam: number;
  /** A model size and token count to predict the loss of, when given. */
  given: { params: number; tokens: number } | undefined;
}

/** The chinchilla inputs from their text; an InputError names the flag of a bad value. */
export function resolveChinchilla(flags: ChinchillaFlags): ChinchillaInputs {
  const compute = parsePositiveNumber("--compute", flags.compute, "training FLOPs, e.g. 1e23");
  const fitName = parseChoice("--fit", flags.fit, ["hoffmann", "besiroglu"]);
  const r = parsePositiveNumber("--tokens-per-param", flags.tokensPerParam, "Chinchilla trained 20 tokens per parameter");
  if ((flags.params === undefined) !== (flags.tokens === undefined)) throw new InputError("--params and --tokens go together", "the loss L(N, D) needs both");
  const given =
    flags.params === undefined || flags.tokens === undefined
      ? undefined
      : { params: parsePositiveNumber("--params", flags.params, "a parameter count, e.g. 70e9"), tokens: parsePositiveNumber("--tokens", flags.tokens, "a token count, e.g. 1.4e12") };
  return { compute, fitName, tokensPerParam: r, given };
}

/** The report of `dojo calc chinchilla`. */
export function chinchillaReport({ compute, fitName, tokensPerParam: r, given }: ChinchillaInputs): CalcReport {
  const comparison = chinchillaComparison(compute, FITS[fitName], r, given);
  const { fit, optimum, ruleOfThumb: rule } = comparison;
  const row = (label: string, n: number, d: number, loss: number, formula: string) => [label, formatShort(n), formatShort(d), formatShort(d / n), loss.toFixed(3), formula];
  const rows = [
    row(`optimum, ${fit.name} fit`, optimum.params, optimum.tokens, optimum.loss, optimum.formula),
    row(`rule of thumb, ${rule.tokensPerParam} tokens/param`, rule.params, rule.tokens, rule.loss, `${rule.formula}; loss from the ${fit.name} fit`),
  ];
  if (comparison.given) {
    const g = comparison.given;
    rows.push(row("given N and D", g.params, g.tokens, g.loss, `${g.formula}; 6ND = ${formatFlops(g.computeFlops)} FLOPs`));
  }
  return {
    command: "chinchilla",
    title: `Compute-optimal model for C = ${formatFlops(compute)} FLOPs (C = 6ND), fit: ${fit.name}`,
    inputs: { computeFlops: compute, fit, tokensPerParam: r, ...(given ?? {}) },
    results: { optimum, ruleOfThumb: rule, ...(comparison.given ? { given: comparison.given } : {}) },
    tables: [{ header: ["", "params N", "tokens D", "D/N", "loss (nats)", "formula"], rows, rightAligned: [1, 2, 3, 4] }],
    verdict: [
      `Fit used: ${fit.name} (E = ${fit.E}, A = ${fit.A}, B = ${fit.B}, α = ${fit.alpha}, β = ${fit.beta}); --fit ${fitName === "hoffmann" ? "besiroglu" : "hoffmann"} for the other.`,
      `It puts ${formatShort(optimum.params)} parameters on ${formatShort(optimum.tokens)} tokens (${formatShort(optimum.tokensPerParam)} tokens/param); ` +
        `the ${rule.tokensPerParam}-tokens-per-parameter rule says ${formatShort(rule.params)} on ${formatShort(rule.tokens)}.`,
    ],
    conventions: [optimum.convention, `fit: ${fit.source}`, rule.convention, "loss is in nats per token on Hoffmann et al.'s MassiveText evaluation set; it does not transfer to other data"],
  };
}
