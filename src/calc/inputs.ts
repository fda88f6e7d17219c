/**
 * The inputs the calculators share, described once for the CLI's flags and the web app's form,
 * and how their text becomes calculator inputs:
 *   model        --model PRESET, or explicit sizes (--layers --hidden --heads ...), which also
 *                override a preset's fields; --params N gives or overrides the parameter count
 *                where a subcommand needs only a size
 *   accelerator  --gpu PRESET (default h100-sxm), or --peak-tflops --bandwidth-gbs --memory-gb
 *   unit         --unit GB|GiB (default GB): the unit family byte figures are printed in, never mixed
 * Every bad value is an InputError naming the flag: the CLI prints one line and exits 2, the web
 * app answers 400.
 */
import { InputError } from "../errors.js";
import { parseChoice, parsePositiveInt, parsePositiveNumber } from "../flag-values.js";
import {
  ACCELERATOR_PRESETS,
  contextWarning,
  GB,
  MODEL_PRESETS,
  paramCount,
  resolveArch,
  type AcceleratorPreset,
  type Arch,
  type ArchFamily,
  type ByteUnit,
  type ResolvedArch,
} from "../systems/index.js";

const MODEL_IDS = Object.keys(MODEL_PRESETS);
const GPU_IDS = Object.keys(ACCELERATOR_PRESETS);

/** The accelerator the memory verdicts are checked against when no --gpu is given. */
export const DEFAULT_GPU = "h100-sxm";

/** The model values as text, keyed by input name (a command line or a form gives them). */
export interface ModelFlags {
  model?: string;
  family?: string;
  layers?: string;
  hidden?: string;
  heads?: string;
  kvHeads?: string;
  ffnHidden?: string;
  vocab?: string;
  context?: string;
  seq?: string;
}

/** How a field is entered: a whole number, any number, one of some choices, or a switch. */
export type CalcInputKind = "int" | "number" | "choice" | "switch";

/** What part of the question a field belongs to; the form groups its fields by it. */
export type CalcInputGroup = "model" | "gpu" | "setup" | "output";

/** One input of a calculator: a flag on the command line, a field in the web form. */
export interface CalcInput {
  /** The key in the calculator's values: the flag in camelCase, as commander names it ("microBatch"). */
  name: string;
  flag: string;
  /** The value's placeholder in the CLI's help, e.g. "<n>"; null for a switch. */
  metavar: string | null;
  kind: CalcInputKind;
  /** The value used when none is given, as text; null when absence means something of its own. */
  default: string | null;
  /** The values a choice takes, with what the form shows for each. */
  choices: { value: string; label: string }[] | null;
  help: string;
  required: boolean;
  group: CalcInputGroup;
  /** An explicit figure that replaces a preset's (a model size, a GPU's peak): the form folds these away. */
  overridesPreset: boolean;
}

interface InputOptions {
  default?: string;
  choices?: readonly string[] | { value: string; label: string }[];
  required?: boolean;
  group?: CalcInputGroup;
  overridesPreset?: boolean;
}

/** An input from its flag spec as commander writes it ("--micro-batch <n>", or "--sp" for a switch). */
export function calcInput(spec: string, kind: CalcInputKind, help: string, options: InputOptions = {}): CalcInput {
  const [flag, metavar] = spec.split(" ");
  const choices = options.choices?.map((choice) => (typeof choice === "string" ? { value: choice, label: choice } : choice)) ?? null;
  return {
    name: flag.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    flag,
    metavar: metavar ?? null,
    kind,
    default: options.default ?? null,
    choices,
    help,
    required: options.required ?? false,
    group: options.group ?? "setup",
    overridesPreset: options.overridesPreset ?? false,
  };
}

/** The model inputs: --model and the explicit sizes. */
export const MODEL_INPUTS: readonly CalcInput[] = [
  calcInput("--model <preset>", "choice", `model preset: ${MODEL_IDS.join(", ")}`, {
    choices: MODEL_IDS.map((id) => ({ value: id, label: MODEL_PRESETS[id as keyof typeof MODEL_PRESETS].name })),
    group: "model",
  }),
  calcInput("--family <family>", "choice", "block design for explicit sizes: gpt (GPT-2/3) or llama (RoPE, SwiGLU, RMSNorm)", { choices: ["gpt", "llama"], group: "model", overridesPreset: true }),
  calcInput("--layers <n>", "int", "transformer blocks L", { group: "model", overridesPreset: true }),
  calcInput("--hidden <n>", "int", "model width h (d_model)", { group: "model", overridesPreset: true }),
  calcInput("--heads <n>", "int", "query heads a (must divide --hidden)", { group: "model", overridesPreset: true }),
  calcInput("--kv-heads <n>", "int", "key/value heads for grouped-query attention (default: --heads)", { group: "model", overridesPreset: true }),
  calcInput("--ffn-hidden <n>", "int", "MLP inner width (default 4h for gpt; required for llama)", { group: "model", overridesPreset: true }),
  calcInput("--vocab <n>", "int", "vocabulary size V", { group: "model", overridesPreset: true }),
  calcInput("--context <n>", "int", "context length of the model: gpt's learned position table (default: --seq)", { group: "model", overridesPreset: true }),
];

/** The accelerator inputs: --gpu and the explicit figures that override it. */
export const GPU_INPUTS: readonly CalcInput[] = [
  calcInput("--gpu <preset>", "choice", `accelerator preset: ${GPU_IDS.join(", ")} (default ${DEFAULT_GPU})`, {
    choices: GPU_IDS.map((id) => ({ value: id, label: ACCELERATOR_PRESETS[id as keyof typeof ACCELERATOR_PRESETS].name })),
    group: "gpu",
  }),
  calcInput("--peak-tflops <x>", "number", "dense peak TFLOP/s per device (overrides the preset)", { group: "gpu", overridesPreset: true }),
  calcInput("--bandwidth-gbs <x>", "number", "memory bandwidth in GB/s = 10⁹ bytes/s (overrides the preset)", { group: "gpu", overridesPreset: true }),
  calcInput("--memory-gb <x>", "number", "device memory in GB = 10⁹ bytes (overrides the preset)", { group: "gpu", overridesPreset: true }),
];

/** --unit: the unit family byte figures are shown in. */
export const UNIT_INPUT = calcInput("--unit <unit>", "choice", "byte units: GB for SI (KB … PB, powers of 1000) or GiB for binary (KiB … PiB, powers of 1024)", {
  default: "GB",
  choices: ["GB", "GiB"],
  group: "output",
});

/** --params, for calculators that can work from a parameter count; `what` says what it does there. */
export function paramsInput(what: string): CalcInput {
  return calcInput("--params <N>", "number", `parameters Ψ, e.g. 7e9: ${what}`, { group: "model" });
}

/** A model resolved from the flags. */
export interface CalcModel {
  /** The preset id, or null for explicit sizes. */
  preset: string | null;
  /** What the title calls it, e.g. "Llama-2-7B (llama2-7b)". */
  label: string;
  arch: Arch;
  resolved: ResolvedArch;
}

/** Whether the flags name a model (a preset or explicit sizes), for commands that also take raw sizes. */
export function givesModel(flags: ModelFlags): boolean {
  return flags.model !== undefined || flags.layers !== undefined;
}

/**
 * The model the flags describe: a preset, a preset with some sizes overridden, or explicit sizes
 * (--layers, --hidden, --heads, --vocab and --seq or --context at least).
 */
export function resolveModel(flags: ModelFlags): CalcModel {
  const overrides: Partial<Arch> = {};
  const overridden: string[] = [];
  const size = (flag: string, text: string | undefined, key: "layers" | "hidden" | "heads" | "kvHeads" | "ffnHidden" | "vocabSize" | "maxSeqLen") => {
    if (text === undefined) return;
    overrides[key] = parseSizeFlag(flag, text);
    overridden.push(`${flag} ${text}`);
  };
  size("--layers", flags.layers, "layers");
  size("--hidden", flags.hidden, "hidden");
  size("--heads", flags.heads, "heads");
  size("--kv-heads", flags.kvHeads, "kvHeads");
  size("--ffn-hidden", flags.ffnHidden, "ffnHidden");
  size("--vocab", flags.vocab, "vocabSize");
  size("--context", flags.context, "maxSeqLen");
  if (flags.family !== undefined) {
    overrides.family = parseChoice<ArchFamily>("--family", flags.family, ["gpt", "llama"]);
    overridden.push(`--family ${flags.family}`);
  }

  let arch: Arch;
  let label: string;
  if (flags.model !== undefined) {
    const preset = lookup(MODEL_PRESETS, "--model", flags.model);
    arch = { ...preset.arch, ...overrides };
    label = `${preset.name} (${flags.model}${overridden.length > 0 ? `, with ${overridden.join(", ")}` : ""})`;
  } else {
    const missing = (["layers", "hidden", "heads", "vocab"] as const).filter((key) => flags[key] === undefined);
    if (missing.length > 0) {
      throw new InputError(
        `no model: give --model PRESET or explicit sizes (missing ${missing.map((key) => `--${key}`).join(", ")})`,
        `presets: ${MODEL_IDS.join(", ")}`,
      );
    }
    const maxSeqLen = overrides.maxSeqLen ?? (flags.seq === undefined ? undefined : parseSizeFlag("--seq", flags.seq));
    if (maxSeqLen === undefined) throw new InputError("no context length for explicit sizes", "give --seq (or --context for the model's maximum)");
    arch = { family: "gpt", ...overrides, maxSeqLen } as Arch;
    label = `explicit ${arch.family} model (${overridden.join(", ")})`;
  }
  checkDivides("--heads", arch.heads, "--hidden", arch.hidden, "head size is hidden / heads");
  if (arch.kvHeads !== undefined) checkDivides("--kv-heads", arch.kvHeads, "--heads", arch.heads, "each key/value head serves heads / kv-heads query heads");
  return { preset: flags.model ?? null, label, arch, resolved: resolveArch(arch) };
}

/** The sequence length: --seq, or the model's context length. */
export function resolveSeq(flags: ModelFlags, model: CalcModel): number {
  return flags.seq === undefined ? model.resolved.maxSeqLen : parseSizeFlag("--seq", flags.seq);
}

/** The warnings about a sequence length: longer than the model's context (src/systems contextWarning). */
export function seqWarnings(model: CalcModel, seq: number): string[] {
  const warning = contextWarning(model.arch, seq);
  return warning === null ? [] : [`--seq: ${warning}`];
}

/** The model flags plus --params. */
export interface SizeFlags extends ModelFlags {
  params?: string;
}

/** A model size: --params, a model, or both (then --params overrides the model's count). */
export interface CalcSize {
  /** Ψ: --params, or the model's total (paramCount). */
  params: number;
  /** The model, when the flags name one. */
  model: CalcModel | null;
  /** What the title calls it. */
  label: string;
}

/** The size the flags give; an InputError naming both ways when there is neither. */
export function resolveSize(flags: SizeFlags): CalcSize {
  if (flags.params === undefined && !givesModel(flags)) {
    throw new InputError("no model size: give --params N or a model", "e.g. --params 7e9, or --model llama2-7b");
  }
  const model = givesModel(flags) ? resolveModel(flags) : null;
  if (flags.params === undefined && model !== null) return { params: paramCount(model.arch).total, model, label: model.label };
  const params = parseParams(flags.params as string);
  return { params, model, label: model ? `${model.label} with --params ${flags.params}` : `Ψ = ${flags.params} parameters` };
}

/** The accelerator values as text, keyed by input name. */
export interface GpuFlags {
  gpu?: string;
  peakTflops?: string;
  bandwidthGbs?: string;
  memoryGb?: string;
}

/** An accelerator resolved from the flags, with its preset id (or null when every figure was given). */
export interface CalcGpu extends AcceleratorPreset {
  preset: string | null;
}

/** The accelerator: --gpu (default h100-sxm), with any explicit figure overriding the preset's. */
export function resolveGpu(flags: GpuFlags): CalcGpu {
  const id = flags.gpu ?? DEFAULT_GPU;
  const base = lookup(ACCELERATOR_PRESETS, "--gpu", id);
  const gpu: CalcGpu = { ...base, preset: id };
  const overridden: string[] = [];
  if (flags.peakTflops !== undefined) {
    gpu.peakFlops = parsePositiveNumber("--peak-tflops", flags.peakTflops, "dense TFLOP/s, e.g. 989 for an H100 in bf16") * 1e12;
    overridden.push(`${flags.peakTflops} TFLOP/s`);
  }
  if (flags.bandwidthGbs !== undefined) {
    gpu.bandwidth = parsePositiveNumber("--bandwidth-gbs", flags.bandwidthGbs, "GB/s, e.g. 3350 for an H100 SXM") * GB;
    overridden.push(`${flags.bandwidthGbs} GB/s`);
  }
  if (flags.memoryGb !== undefined) {
    gpu.memoryBytes = parsePositiveNumber("--memory-gb", flags.memoryGb, "GB = 10⁹ bytes, e.g. 85.9 for 80 GiB") * GB;
    overridden.push(`${flags.memoryGb} GB`);
  }
  if (overridden.length === 3 && flags.gpu === undefined) {
    return { ...gpu, preset: null, name: `custom accelerator (${overridden.join(", ")})`, source: "--peak-tflops, --bandwidth-gbs, --memory-gb" };
  }
  if (overridden.length > 0) gpu.name = `${base.name} with ${overridden.join(", ")}`;
  return gpu;
}

/** --unit, accepting any letter case ("gib" is GiB). */
export function resolveUnit(text: string): ByteUnit {
  const unit = text.toLowerCase() === "gb" ? "GB" : text.toLowerCase() === "gib" ? "GiB" : text;
  return parseChoice<ByteUnit>("--unit", unit, ["GB", "GiB"]);
}

// What each size flag counts, for the hint of its error message.
const SIZE_HINTS: Record<string, string> = {
  "--layers": "transformer blocks, e.g. 32",
  "--hidden": "the model width d_model, e.g. 4096",
  "--heads": "query heads, e.g. 32",
  "--kv-heads": "key/value heads, e.g. 8 for grouped-query attention",
  "--ffn-hidden": "the MLP inner width, e.g. 11008",
  "--vocab": "the vocabulary size, e.g. 32000",
  "--context": "the model's context length, e.g. 4096",
  "--seq": "tokens per sequence, e.g. 4096",
  "--micro-batch": "sequences per micro-batch, e.g. 1",
  "--microbatches": "micro-batches per step, e.g. 64",
  "--batch": "sequences, e.g. 8",
  "--tp": "tensor-parallel degree, 1 for none",
  "--pp": "pipeline stages, 1 for none",
  "--dp": "data-parallel degree, 1 for none",
  "--interleave": "model chunks per device, 1 for plain 1F1B",
  "--devices": "accelerators, e.g. 8",
};

/** A size flag (layers, heads, degrees) as a whole number of at least 1; the error hint says what it counts. */
export function parseSizeFlag(flag: string, text: string): number {
  return parsePositiveInt(flag, text, SIZE_HINTS[flag] ?? "a whole number of at least 1");
}

/** Parameters Ψ: --params when given, else the model's total (paramCount). */
export function parseParams(text: string): number {
  return parsePositiveNumber("--params", text, "a parameter count, e.g. 7.5e9");
}

/** Throws unless `divisor` divides `value`, naming both flags. */
export function checkDivides(divisorFlag: string, divisor: number, valueFlag: string, value: number, hint: string): void {
  if (value % divisor !== 0) throw new InputError(`${divisorFlag} (${divisor}) must divide ${valueFlag} (${value})`, hint);
}

function lookup<T>(presets: Record<string, T>, flag: string, id: string): T {
  if (!Object.hasOwn(presets, id)) throw new InputError(`${flag}: unknown preset "${id}"`, `choose one of ${Object.keys(presets).join(", ")}`);
  return presets[id];
}
