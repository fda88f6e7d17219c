/**
 * The tokenizer of a run, as plain data for config.json and checkpoints, and the encoder
 * built from it: nanoGPT's character tokenizer, or a byte-level BPE (minbpe's
 * RegexTokenizer with the GPT-4 split pattern) trained on the run's training text.
 */
import { z } from "zod";
import { formatPath, InputError } from "../errors.js";
import { createBpeTokenizer, trainBpe, type BpeModel } from "../tokenizer/bpe.js";
import { charTokenizerFromVocab, trainCharTokenizer } from "../tokenizer/char.js";

export type TokenizerSpec = { kind: "char"; vocab: string[] } | { kind: "bpe"; model: BpeModel };

export interface LabTokenizer {
  readonly spec: TokenizerSpec;
  readonly vocabSize: number;
  encode(text: string): number[];
  decode(ids: ArrayLike<number>): string;
}

/** Most characters of training text the BPE trainer reads: merges settle long before 2 MB. */
const BPE_TRAINING_CHARS = 2_000_000;

/**
 * Trains the run's tokenizer. The character vocabulary comes from `allText` (train and
 * validation, as nanoGPT's prepare.py does, so validation never has unknown characters);
 * BPE merges come from `trainText` only, and bytes cover everything else.
 *
 * @example trainLabTokenizer({ kind: "bpe", vocabSize: 512 }, trainText, allText).vocabSize // 512
 */
export function trainLabTokenizer(options: { kind: "char" | "bpe"; vocabSize: number }, trainText: string, allText: string): LabTokenizer {
  if (options.kind === "char") return labTokenizer({ kind: "char", vocab: [...trainCharTokenizer(allText).vocab] });
  return labTokenizer({ kind: "bpe", model: trainBpe(trainText.slice(0, BPE_TRAINING_CHARS), { vocabSize: options.vocabSize }) });
}

const specSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("char"), vocab: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal("bpe"), model: z.object({ pattern: z.string().nullable(), merges: z.array(z.tuple([z.number(), z.number()])), specialTokens: z.record(z.string(), z.number()) }) }),
]);

/**
 * The encoder of a saved spec (from a checkpoint), checked first: one InputError naming
 * `source` if the spec is malformed.
 *
 * @example labTokenizerFromJson(checkpoint.tokenizer, "runs/x/checkpoints/step-200.json")
 */
export function labTokenizerFromJson(json: unknown, source: string): LabTokenizer {
  const parsed = specSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${source}: tokenizer field ${formatPath(issue.path)}: ${issue.message}`, "the checkpoint's tokenizer must be the one the run trained");
  }
  return labTokenizer(parsed.data);
}

/** The encoder of a spec. */
export function labTokenizer(spec: TokenizerSpec): LabTokenizer {
  if (spec.kind === "char") {
    const tokenizer = charTokenizerFromVocab(spec.vocab);
    return { spec, vocabSize: tokenizer.vocabSize, encode: (text) => tokenizer.encode(text), decode: (ids) => tokenizer.decode(ids) };
  }
  if (spec.kind === "bpe") {
    const tokenizer = createBpeTokenizer(spec.model);
    return { spec, vocabSize: tokenizer.vocabSize, encode: (text) => tokenizer.encode(text, { allowedSpecial: "none" }), decode: (ids) => tokenizer.decode(ids) };
  }
  throw new InputError(`unknown tokenizer kind ${JSON.stringify((spec as { kind: unknown }).kind)}`, "expected char or bpe");
}
