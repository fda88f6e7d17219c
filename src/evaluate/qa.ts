import { z } from "zod";
import { exactMatch, tokenF1 } from "../metrics/squad.js";
import type { MetricColumn } from "./columns.js";
import type { EvalKind } from "./kind.js";

const qaRecord = z.looseObject({
  prediction: z.string(),
  references: z.union([z.string(), z.array(z.string()).min(1, "needs at least one reference answer")]),
});
type QaRecord = z.infer<typeof qaRecord>;

/** Extractive QA: SQuAD exact match and token F1, in percent, max over references. */
export const qaKind: EvalKind<QaRecord> = {
  name: "qa",
  summary: "question answering: SQuAD exact match and token F1",
  fields: 'each line: {"prediction": string, "references": [string, ...]}',
  schema: qaRecord,
  caveat:
    "EM and F1 reward surface overlap with the references: a correct paraphrase scores low, and neither checks faithfulness to a source.",
  columns(records, options) {
    const opts = { rules: options.rules };
    const em = new Float64Array(records.length);
    const f1 = new Float64Array(records.length);
    records.forEach((r, i) => {
      em[i] = exactMatch(r.prediction, r.references, opts);
      f1[i] = tokenF1(r.prediction, r.references, opts);
    });
    const columns: MetricColumn[] = [
      { name: "exact_match (%)", field: "prediction", scale: 100, kind: "mean", values: em },
      { name: "f1 (%)", field: "prediction", scale: 100, kind: "mean", values: f1 },
    ];
    return { columns, settings: { rules: options.rules }, warnings: [] };
  },
};
