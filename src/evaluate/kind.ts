import type { z } from "zod";
import type { SquadRules } from "../metrics/squad.js";
import type { MetricColumn } from "./columns.js";

/** Options of `dojo eval`; each kind reads the ones it needs. */
export interface EvalOptions {
  /** qa: which official SQuAD script's rules to follow. */
  rules: SquadRules;
  /** code: the k of pass@k; rank: the cutoffs k of recall/precision/hit/nDCG. */
  ks: number[] | null;
  /** rank: a document is relevant when its grade is at least this. */
  relevanceThreshold: number;
}

/** The options a kind applied, as the report's settings show them (only those the kind reads). */
export interface KindSettings {
  /** qa: the SQuAD script's rules. */
  rules?: SquadRules;
  /** code, rank: the k values reported. */
  k?: number[];
  /** rank: the smallest grade that counts as relevant. */
  relevanceThreshold?: number;
}

/** A kind's per-example metric columns, the options it applied, and what the reader should be warned about. */
export interface KindColumns {
  columns: MetricColumn[];
  settings: KindSettings;
  /** One sentence each, e.g. a requested k that was dropped. */
  warnings: string[];
}

/** What `dojo eval <kind>` needs to know about one kind of record file. */
export interface EvalKind<R> {
  name: string;
  /** One line on what the file holds, for help text. */
  summary: string;
  /** The record fields, shown as the hint of every input error. */
  fields: string;
  schema: z.ZodType<R>;
  /** What these metrics do not measure, printed under every table. */
  caveat: string;
  /**
   * Per-example metric columns for all records, in file order, with the settings and warnings.
   * `where(i)` names record i's place ("file:line") for messages.
   */
  columns(records: readonly R[], options: EvalOptions, where: (index: number) => string): KindColumns;
}
