import { z } from "zod";
import { winRate } from "../metrics/win-rate.js";
import type { MetricColumn } from "./columns.js";
import type { EvalKind } from "./kind.js";

const OUTCOMES = { win: 1, loss: 0, tie: 0.5 } as const;

const prefRecord = z.looseObject({
  preference: z.union([z.literal(1), z.literal(0), z.literal(0.5), z.enum(["win", "loss", "tie"])], {
    error: 'must be 1 (win), 0 (loss), 0.5 (tie) or "win"/"loss"/"tie"',
  }),
});
type PrefRecord = z.infer<typeof prefRecord>;

/** Pairwise preferences against a baseline: AlpacaEval's win rate with ties as half a win. */
export const prefKind: EvalKind<PrefRecord> = {
  name: "pref",
  summary: "pairwise preferences: AlpacaEval win rate (ties count half)",
  fields: 'each line: {"preference": 1 | 0 | 0.5 | "win" | "loss" | "tie"} (1 = the evaluated model wins)',
  schema: prefRecord,
  caveat:
    "Win rate measures what the judge prefers, which tracks length and style as well as correctness: it does not measure factuality or safety.",
  columns(records) {
    const outcomes = Float64Array.from(records, (r) =>
      typeof r.preference === "string" ? OUTCOMES[r.preference] : r.preference,
    );
    const columns: MetricColumn[] = [
      {
        name: "win_rate (%)",
        field: "preference",
        scale: 100,
        kind: "mean",
        values: outcomes,
        detail: (indices) => {
          const w = winRate(indices.map((i) => outcomes[i]));
          const se = Number.isNaN(w.standardError) ? "n/a" : w.standardError.toFixed(2);
          return `SE ${se}; wins ${w.wins}, losses ${w.losses}, ties ${w.ties}`;
        },
      },
    ];
    return { columns, settings: {}, warnings: [] };
  },
};
