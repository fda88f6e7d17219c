/**
 * `dojo calc params`, `flops` and `chinchilla`: how big a model is, what training it costs in
 * FLOPs and time, and the compute-optimal size for a budget.
 */
import { Command } from "commander";
import { InputError } from "../errors.js";
import {
  BESIROGLU_2024,
  chinchillaLoss,
  chinchillaOptimal,
  flopsPerToken,
  HOFFMANN_2022,
  mfu,
  paramCount,
  tokensPerParamRule,
  trainingFlops,
  trainingTime,
  type ChinchillaFit,
} from "../systems/index.js";
import { addGpuOptions, addModelOptions, addOutputOptions, parseSizeFlag, resolveGpu, resolveModel, resolveSeq, type GpuFlags, type ModelFlags } from "./calc-inputs.js";
import { formatCount, formatFlops, formatPercent, formatSeconds, formatShort, printCalcReport, type CalcReport } from "./calc-report.js";
import { parseChoice, parsePositiveNumber } from "./options.js";

interface OutputFlags {
  unit: string;
  json?: boolean;
}

/** `dojo calc params`: parameters by component, and the three totals sources use. */
export function paramsCommand(): Command {
  const command = new Command("params").description("parameter count by component: total, non-embedding and the N of 6N");
  addModelOptions(command).option("--seq <n>", "context length for explicit sizes (same as --context)");
  return addOutputOptions(command)
    .addHelpText("after", "\nExamples:\n  dojo calc params --model llama2-7b\n  dojo calc params --layers 12 --hidden 768 --heads 12 --vocab 50257 --context 1024\n")
    .action((flags: ModelFlags & OutputFlags) => printCalcReport(paramsReport(flags), flags.json));
}

/** The report of `dojo calc params`. */
export function paramsReport(flags: ModelFlags): CalcReport {
  const model = resolveModel(flags);
  const count = paramCount(model.arch);
  const L = model.resolved.layers;
  // Components summed over the layers have formulas "L·(...)"; their per-layer count is count / L.
  const rows = count.components.map((c) => {
    const layered = c.formula.startsWith("L·");
    return [c.name, layered ? formatCount(c.count / L) : "", layered ? `× ${L}` : "", formatCount(c.count), c.formula];
  });
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

interface FlopsFlags extends ModelFlags, GpuFlags, OutputFlags {
  tokens?: string;
  devices?: string;
  mfu?: string;
  stepTime?: string;
  batch?: string;
}

/** `dojo calc flops`: FLOPs per token, for a run, the run's time, or the MFU of a measured step. */
export function flopsCommand(): Command {
  const command = new Command("flops").description("training FLOPs per token (6N + 12·L·H·Q·T), per run, time to train, and MFU");
  addModelOptions(command).option("--seq <n>", "sequence length T (default: the model's context)");
  command
    .option("--tokens <D>", "training tokens D, e.g. 2e12: total FLOPs of the run")
    .option("--devices <n>", "accelerators the run uses", "1")
    .option("--mfu <fraction>", "model FLOPs utilisation, e.g. 0.4: with --tokens gives the training time")
    .option("--step-time <seconds>", "measured seconds per step: with --batch gives the MFU")
    .option("--batch <n>", "sequences per step over all devices (global batch)");
  addGpuOptions(command);
  return addOutputOptions(command)
    .addHelpText(
      "after",
      "\nExamples:\n  dojo calc flops --model llama2-7b --tokens 2e12 --gpu a100-80gb --devices 2048 --mfu 0.4\n  dojo calc flops --model gpt2-small --step-time 0.5 --batch 512 --devices 8 --gpu a100-80gb\n",
    )
    .action((flags: FlopsFlags) => printCalcReport(flopsReport(flags), flags.json));
}

/** The report of `dojo calc flops`. */
export function flopsReport(flags: FlopsFlags): CalcReport {
  const model = resolveModel(flags);
  const seq = resolveSeq(flags, model);
  const perToken = flopsPerToken(model.arch, seq);
  const { layers: L, heads: H, headDim: Q } = model.resolved;
  const rows: string[][] = [
    ["6N (weights)", formatFlops(perToken.paramFlops), `6 × ${formatCount(perToken.params)}`],
    ["12·L·H·Q·T (attention)", formatFlops(perToken.attentionFlops), `12 × ${L} × ${H} × ${Q} × ${seq}`],
    ["per token", formatFlops(perToken.flopsPerToken), perToken.formula],
  ];
  const results: Record<string, unknown> = { perToken };
  const conventions = [perToken.convention];
  const verdict: string[] = [];
  const inputs: Record<string, unknown> = { model: model.preset, arch: model.resolved, seqLen: seq };
  const devices = parseSizeFlag("--devices", flags.devices ?? "1");
  const usesGpu = flags.mfu !== undefined || flags.stepTime !== undefined;
  const gpu = usesGpu ? resolveGpu(flags) : null;
  if (gpu) Object.assign(inputs, { gpu, devices });

  if (flags.tokens !== undefined) {
    const tokens = parsePositiveNumber("--tokens", flags.tokens, "training tokens, e.g. 2e12");
    inputs.tokens = tokens;
    const sixND = trainingFlops(perToken.params, tokens);
    const withAttention = perToken.flopsPerToken * tokens;
    rows.push(
      ["run, 6·N·D", formatFlops(sixND.flops), `${sixND.formula}, D = ${formatShort(tokens)} tokens`],
      ["run, (6N + 12·L·H·Q·T)·D", formatFlops(withAttention), "per token × D"],
    );
    results.training = { ...sixND, flopsWithAttention: withAttention };
    conventions.push(sixND.convention);
    if (gpu && flags.mfu !== undefined) {
      const utilization = parsePositiveNumber("--mfu", flags.mfu, "a fraction of peak, e.g. 0.4");
      const time = trainingTime({ flops: withAttention, devices, peakFlops: gpu.peakFlops, mfu: utilization });
      inputs.mfu = utilization;
      rows.push(["training time", formatSeconds(time.seconds), `${time.formula}; ${devices} × ${gpu.name} at ${formatFlops(gpu.peakFlops)} FLOP/s`]);
      results.time = time;
      conventions.push(`${time.convention}; uses (6N + 12·L·H·Q·T)·D`);
      verdict.push(`Training on ${formatShort(tokens)} tokens takes ${formatSeconds(time.seconds)} on ${devices} × ${gpu.name} at MFU ${formatPercent(utilization)}.`);
    }
  } else if (flags.mfu !== undefined) {
    throw new InputError("--mfu needs --tokens", "training time = (FLOPs per token × tokens) / (devices × peak × MFU)");
  }

  if (flags.stepTime !== undefined || flags.batch !== undefined) {
    if (flags.stepTime === undefined || flags.batch === undefined) throw new InputError("--step-time and --batch go together", "MFU = (FLOPs per token × batch × seq / step time) / (devices × peak)");
    const stepTime = parsePositiveNumber("--step-time", flags.stepTime, "seconds per training step");
    const batch = parseSizeFlag("--batch", flags.batch);
    const flopsPerIteration = perToken.flopsPerToken * batch * seq;
    const gpuUsed = gpu ?? resolveGpu(flags);
    const utilization = mfu({ flopsPerIteration, stepTime, peakFlops: gpuUsed.peakFlops, devices });
    if (utilization.utilization > 1) {
      throw new InputError(`--step-time ${stepTime} s would mean ${formatPercent(utilization.utilization)} MFU, above the devices' peak`, "check --step-time, --batch, --seq, --devices and the GPU's peak");
    }
    Object.assign(inputs, { stepTime, batch });
    rows.push(
      ["per step", formatFlops(flopsPerIteration), `per token × ${batch} sequences × ${seq} tokens`],
      ["MFU", formatPercent(utilization.utilization), `${utilization.formula}; ${devices} × ${formatFlops(gpuUsed.peakFlops)} FLOP/s`],
    );
    results.mfu = { ...utilization, flopsPerIteration };
    conventions.push(utilization.convention);
    verdict.push(`MFU ${formatPercent(utilization.utilization)}: ${formatFlops(utilization.achievedFlopsPerDevice)} FLOP/s per device of ${formatFlops(gpuUsed.peakFlops)} peak.`);
  }
  return {
    command: "flops",
    title: `Training FLOPs of ${model.label} at T = ${seq}`,
    inputs,
    results,
    tables: [{ header: ["quantity", "FLOPs", "formula"], rows, rightAligned: [1] }],
    verdict,
    conventions,
  };
}

const FITS: Record<string, ChinchillaFit> = { hoffmann: HOFFMANN_2022, besiroglu: BESIROGLU_2024 };

interface ChinchillaFlags extends OutputFlags {
  compute: string;
  fit: string;
  tokensPerParam: string;
  params?: string;
  tokens?: string;
}

/** `dojo calc chinchilla`: compute-optimal N and D for a budget, and the 20-tokens rule of thumb. */
export function chinchillaCommand(): Command {
  const command = new Command("chinchilla")
    .description("compute-optimal parameters and tokens for a FLOP budget (Hoffmann et al. 2022)")
    .requiredOption("--compute <flops>", "training compute C in FLOPs, e.g. 1e23")
    .option("--fit <fit>", "hoffmann (Hoffmann et al. 2022, Approach 3) or besiroglu (Besiroglu et al. 2024 refit)", "hoffmann")
    .option("--tokens-per-param <r>", "r of the rule of thumb D = r·N", "20")
    .option("--params <N>", "also predict the loss of this model size (with --tokens)")
    .option("--tokens <D>", "also predict the loss at this token count (with --params)");
  return addOutputOptions(command)
    .addHelpText("after", "\nExamples:\n  dojo calc chinchilla --compute 1e23\n  dojo calc chinchilla --compute 5.76e23 --fit besiroglu --params 70e9 --tokens 1.4e12\n")
    .action((flags: ChinchillaFlags) => printCalcReport(chinchillaReport(flags), flags.json));
}

/** The report of `dojo calc chinchilla`. */
export function chinchillaReport(flags: ChinchillaFlags): CalcReport {
  const compute = parsePositiveNumber("--compute", flags.compute, "training FLOPs, e.g. 1e23");
  const fitName = parseChoice("--fit", flags.fit, ["hoffmann", "besiroglu"]);
  const fit = FITS[fitName];
  const optimum = chinchillaOptimal(compute, fit);
  const rule = tokensPerParamRule(compute, parsePositiveNumber("--tokens-per-param", flags.tokensPerParam, "Chinchilla trained 20 tokens per parameter"));
  const ruleLoss = chinchillaLoss(rule.params, rule.tokens, fit);
  const row = (label: string, n: number, d: number, loss: number, formula: string) => [label, formatShort(n), formatShort(d), (d / n).toFixed(1), loss.toFixed(3), formula];
  const rows = [
    row(`optimum (${fitName} fit)`, optimum.params, optimum.tokens, optimum.loss, optimum.formula),
    row(`rule of thumb, ${rule.tokensPerParam} tokens/param`, rule.params, rule.tokens, ruleLoss.loss, `${rule.formula}; loss from the ${fitName} fit`),
  ];
  const results: Record<string, unknown> = { optimum, ruleOfThumb: { ...rule, loss: ruleLoss.loss } };
  const inputs: Record<string, unknown> = { computeFlops: compute, fit };
  if (flags.params !== undefined || flags.tokens !== undefined) {
    if (flags.params === undefined || flags.tokens === undefined) throw new InputError("--params and --tokens go together", "the loss L(N, D) needs both");
    const n = parsePositiveNumber("--params", flags.params, "a parameter count, e.g. 70e9");
    const d = parsePositiveNumber("--tokens", flags.tokens, "a token count, e.g. 1.4e12");
    const given = chinchillaLoss(n, d, fit);
    rows.push(row("given N and D", n, d, given.loss, `${given.formula}; 6ND = ${formatFlops(6 * n * d)} FLOPs`));
    results.given = { params: n, tokens: d, ...given };
    Object.assign(inputs, { params: n, tokens: d });
  }
  return {
    command: "chinchilla",
    title: `Compute-optimal model for C = ${formatFlops(compute)} FLOPs (C = 6ND)`,
    inputs,
    results,
    tables: [{ header: ["", "params N", "tokens D", "D/N", "loss (nats)", "formula"], rows, rightAligned: [1, 2, 3, 4] }],
    verdict: [
      `The ${fitName} fit puts ${formatShort(optimum.params)} parameters on ${formatShort(optimum.tokens)} tokens (${optimum.tokensPerParam.toFixed(1)} tokens/param); ` +
        `the rule of thumb says ${formatShort(rule.params)} on ${formatShort(rule.tokens)}.`,
    ],
    conventions: [optimum.convention, `fit: ${fit.source}`, rule.convention, "loss is in nats per token on Hoffmann et al.'s MassiveText evaluation set; it does not transfer to other data"],
  };
}
