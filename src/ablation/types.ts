/** Plain data in and out of the ablation analysis. */

/** One training/evaluation run: one arm of the ablation, one seed. */
export interface AblationRun {
  /** Where the run came from ("runs.jsonl:3"), for messages. */
  source: string;
  /** Arm name; runs with the same arm are seeds of one configuration. Defaults to a name built from the config. */
  arm?: string;
  config: Readonly<Record<string, unknown>>;
  seed: number;
  /** Metric name → an aggregate number, or per-example values (aligned across runs). */
  metrics: Readonly<Record<string, number | readonly number[]>>;
  /** Slice label of each example, aligned with the per-example metric values. */
  slices?: readonly string[];
  /** Training compute (FLOPs or tokens) and inference budget (samples or tokens per example). */
  compute?: Readonly<Partial<Record<ComputeField, number>>>;
  /** Decoding settings (temperature, top_p, max_tokens, ...). */
  decoding?: Readonly<Record<string, unknown>>;
}

/** The compute fields a run may report: training compute, then inference budget per example. */
export const COMPUTE_FIELDS = ["trainFlops", "trainTokens", "inferenceSamples", "inferenceTokens"] as const;
export type ComputeField = (typeof COMPUTE_FIELDS)[number];

/** All seeds of one configuration. */
export interface Arm {
  name: string;
  config: Readonly<Record<string, unknown>>;
  runs: readonly AblationRun[];
}

/** One row of the delta table: a variant against the baseline on one metric. */
export interface DeltaRow {
  variant: string;
  metric: string;
  /** "higher" or "lower": which direction is an improvement. */
  better: "higher" | "lower";
  /** Means over seeds (of per-example means, when values are per example). */
  baseline: number;
  value: number;
  /** value − baseline. */
  delta: number;
  /** Interval for delta: the hull of the intervals of every test run (NaN when none could run). */
  low: number;
  high: number;
  /** The largest p-value of the tests run (a difference must survive each of them). */
  pValue: number;
  /** pValue after Holm–Bonferroni over all rows of the report (every variant and metric). */
  pAdjusted: number;
  /** Paired approximate-randomization p over examples (NaN without per-example values). */
  pExamples: number;
  /** Welch's t p over the seeds' aggregates (NaN with fewer than 2 seeds in an arm). */
  pSeeds: number;
  /** Which sources of noise the row was tested against. */
  tests: Array<"examples" | "seeds">;
  seedsBaseline: number;
  seedsVariant: number;
  /** Standard deviation across seeds of each arm's aggregate (NaN with one seed). */
  seedStdBaseline: number;
  seedStdVariant: number;
}

/** The checks an ablation report runs, each raising flags of its own kind. */
export const FLAG_KINDS = ["confound", "compute", "seeds", "slice", "decoding"] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** A reason to doubt a row, with the numbers behind it. */
export interface Flag {
  kind: FlagKind;
  variant: string;
  /** The metric the flag is about, when it is about one. */
  metric?: string;
  /** One sentence with the evidence, e.g. "trainTokens differs: 2.00e9 vs 1.00e9 (2.00×)". */
  evidence: string;
}

export interface AblationOptions {
  /** Arm to compare against; default the arm named "baseline", else the first arm. */
  baseline?: string;
  /** Config key under test; without one, a variant that changes two or more keys is a confound. */
  factor?: string;
  /** Metrics where lower / higher is better, overriding the name heuristic (see betterDirection). */
  lowerIsBetter?: readonly string[];
  higherIsBetter?: readonly string[];
  level?: number;
  nResamples?: number;
  seed?: number;
  /** Called after each (variant, metric) comparison, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface AblationReport {
  baseline: string;
  factor: string | null;
  arms: Array<{ name: string; seeds: number; config: Readonly<Record<string, unknown>> }>;
  rows: DeltaRow[];
  flags: Flag[];
  conclusion: string;
}
