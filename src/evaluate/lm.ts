import { z } from "zod";
import { InputError } from "../errors.js";
import { countBytes, countWords, sequencePerplexities } from "../metrics/perplexity.js";
import type { MetricColumn } from "./columns.js";
import type { EvalKind } from "./kind.js";

const lmRecord = z.looseObject({
  logprobs: z
    .array(z.number().finite("must be a finite number").max(0, "a log-probability cannot be positive"))
    .min(1, "needs at least one scored token"),
  text: z.string().min(1, "must not be empty: word and byte counts need the document text").optional(),
});
type LmRecord = z.infer<typeof lmRecord>;

const identity = (r: number) => r;

/**
 * Language modelling: per-token NLL and corpus perplexity (token-weighted), the unweighted
 * mean of sequence perplexities (a different quantity, as HF evaluate reports it), and, when
 * every record carries its text, lm-evaluation-harness's word/byte perplexity and bits per byte.
 */
export const lmKind: EvalKind<LmRecord> = {
  name: "lm",
  summary: "language modelling: NLL, perplexity, word/byte perplexity, bits per byte",
  fields: 'each line: {"logprobs": [natural-log probability of each scored token], "text": optional document text}',
  schema: lmRecord,
  caveat:
    "Perplexity measures how well the model predicts this text, not whether it follows instructions or is factual; it is only comparable across models with the same tokenizer (bits per byte is not tied to a tokenizer).",
  columns(records, _options, where) {
    const nllSums = Float64Array.from(records, (r) => -r.logprobs.reduce((s, lp) => s + lp, 0));
    const tokens = Float64Array.from(records, (r) => r.logprobs.length);
    const columns: MetricColumn[] = [
      { name: "nll (nats/token)", field: "logprobs", scale: 1, kind: "ratio", numerators: nllSums, denominators: tokens, transform: identity },
      { name: "perplexity (corpus)", field: "logprobs", scale: 1, kind: "ratio", numerators: nllSums, denominators: tokens, transform: Math.exp },
      {
        name: "perplexity (mean of sequences)",
        field: "logprobs",
        scale: 1,
        kind: "mean",
        values: Float64Array.from(sequencePerplexities(records.map((r) => r.logprobs))),
      },
    ];
    const withText = records.filter((r) => r.text !== undefined).length;
    const result = { columns, settings: {}, warnings: [] };
    if (withText === 0) return result;
    if (withText < records.length) {
      const missing = records.findIndex((r) => r.text === undefined);
      throw new InputError(
        `${where(missing)}: field text: missing, while other records have it`,
        "give text on every record (for word/byte perplexity) or on none",
      );
    }
    const words = Float64Array.from(records, (r) => countWords(r.text as string));
    const bytes = Float64Array.from(records, (r) => countBytes(r.text as string));
    columns.push(
      { name: "word_perplexity", field: "logprobs", scale: 1, kind: "ratio", numerators: nllSums, denominators: words, transform: Math.exp },
      { name: "byte_perplexity", field: "logprobs", scale: 1, kind: "ratio", numerators: nllSums, denominators: bytes, transform: Math.exp },
      { name: "bits_per_byte", field: "logprobs", scale: 1, kind: "ratio", numerators: nllSums, denominators: bytes, transform: (r) => r / Math.LN2 },
    );
    return result;
  },
};
