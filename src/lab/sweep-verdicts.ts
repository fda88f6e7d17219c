/**
 * "What reproduced": each qualitative claim of Wortsman et al. 2023 that a sweep can test,
 * judged by a fixed rule from the sweep's numbers, never written to match a result.
 *
 *   (a) qk-layernorm removes attention-logit growth at high learning rates
 *   (b) z-loss prevents output-logit divergence
 *   (c) both lower LR sensitivity
 *
 * Growth and divergence are defined by the trainer's own detectors' thresholds (the run
 * config's `alerts.attentionLogitMax`, attention nearly one-hot, and `alerts.logZMax`): a
 * mitigation can only be seen to remove an instability that the baseline showed. Verdicts:
 *
 *   reproduced       the rule holds
 *   partly           (c) only: one of the two mitigations lowers the sensitivity
 *   not reproduced   the baseline showed the instability (or the sensitivity) and the rule fails
 *   not shown        the baseline never showed the instability at these settings: nothing to remove
 *   not tested       the sweep lacks a variant or the numbers the rule needs
 */
import { cellOf, type SweepSummary } from "./sweep-summary.js";
import type { SweepVariant } from "./sweep-plan.js";

export type Verdict = "reproduced" | "partly" | "not reproduced" | "not shown" | "not tested";

export interface ClaimVerdict {
  claim: "a" | "b" | "c";
  /** The paper's claim in one line. */
  statement: string;
  verdict: Verdict;
  /** The numbers behind the verdict, in a sentence or two. */
  evidence: string;
  /** The rule applied, with its thresholds. */
  rule: string;
}

export interface VerdictThresholds {
  /** A max attention logit at or above this is growth (the attention-logit detector's threshold). */
  attentionLogitMax: number;
  /** A |mean log Z| at or above this is divergence (the output-logit detector's threshold). */
  logZMax: number;
}

/** qk-layernorm must keep the max attention logit at least this many times lower than the baseline's. */
export const ATTENTION_REDUCTION = 10;

/**
 * The three verdicts of a sweep.
 *
 * @example judgeClaims(summarizeSweep(plan, results), { attentionLogitMax: 50, logZMax: 20 }).map((v) => v.verdict)
 */
export function judgeClaims(summary: SweepSummary, thresholds: VerdictThresholds): ClaimVerdict[] {
  return [attentionClaim(summary, thresholds), logitClaim(summary, thresholds), sensitivityClaim(summary)];
}

function attentionClaim(summary: SweepSummary, { attentionLogitMax: limit }: VerdictThresholds): ClaimVerdict {
  const statement = "qk-layernorm removes attention-logit growth at high learning rates";
  const rule =
    `growth: the baseline's max attention logit (largest over layers and logged steps, mean over seeds) reaches ${limit}, ` +
    `the attention detector's threshold, at some learning rate; reproduced when at every such learning rate qk-norm's is at least ${ATTENTION_REDUCTION}× lower`;
  const missing = missingVariants(summary, ["baseline", "qk-norm"]);
  if (missing) return { claim: "a", statement, verdict: "not tested", evidence: missing, rule };
  const pairs = summary.lrs.flatMap((lr) => {
    const base = cellOf(summary, "baseline", lr)?.maxAttentionLogit ?? null;
    const qk = cellOf(summary, "qk-norm", lr)?.maxAttentionLogit ?? null;
    return base === null || qk === null ? [] : [{ lr, base, qk }];
  });
  if (pairs.length === 0) return { claim: "a", statement, verdict: "not tested", evidence: "no learning rate has attention logits logged for both baseline and qk-norm", rule };
  const growth = pairs.filter((p) => p.base >= limit);
  if (growth.length === 0) {
    const top = pairs.reduce((a, b) => (b.base > a.base ? b : a));
    return { claim: "a", statement, verdict: "not shown", evidence: `the baseline's max attention logit stayed below ${limit} at every learning rate (largest ${fmt(top.base)} at lr ${top.lr}): no growth to remove at these settings`, rule };
  }
  const held = growth.filter((p) => p.qk * ATTENTION_REDUCTION <= p.base);
  const list = growth.map((p) => `lr ${p.lr}: baseline ${fmt(p.base)}, qk-norm ${fmt(p.qk)} (${fmt(p.base / p.qk)}× lower)`).join("; ");
  const verdict: Verdict = held.length === growth.length ? "reproduced" : "not reproduced";
  return { claim: "a", statement, verdict, evidence: `max attention logit where the baseline's grew past ${limit}: ${list}`, rule };
}

function logitClaim(summary: SweepSummary, { logZMax: limit }: VerdictThresholds): ClaimVerdict {
  const statement = "z-loss prevents output-logit divergence";
  const rule =
    `divergence: the baseline's |log Z| of the output logits (mean over positions, largest over logged steps, mean over seeds) reaches ${limit}, ` +
    `the output-logit detector's threshold, at some learning rate; reproduced when at every such learning rate z-loss's stays below ${limit}`;
  const missing = missingVariants(summary, ["baseline", "z-loss"]);
  if (missing) return { claim: "b", statement, verdict: "not tested", evidence: missing, rule };
  const pairs = summary.lrs.flatMap((lr) => {
    const base = cellOf(summary, "baseline", lr)?.maxAbsLogZ ?? null;
    const z = cellOf(summary, "z-loss", lr)?.maxAbsLogZ ?? null;
    return base === null || z === null ? [] : [{ lr, base, z }];
  });
  if (pairs.length === 0) return { claim: "b", statement, verdict: "not tested", evidence: "no learning rate has output logits logged for both baseline and z-loss", rule };
  const diverging = pairs.filter((p) => p.base >= limit);
  if (diverging.length === 0) {
    const top = pairs.reduce((a, b) => (b.base > a.base ? b : a));
    return {
      claim: "b",
      statement,
      verdict: "not shown",
      evidence: `the baseline's |log Z| stayed below ${limit} at every learning rate (largest ${fmt(top.base)} at lr ${top.lr}; z-loss's there ${fmt(top.z)}): no divergence to prevent at these settings`,
      rule,
    };
  }
  const held = diverging.filter((p) => p.z < limit);
  const list = diverging.map((p) => `lr ${p.lr}: baseline ${fmt(p.base)}, z-loss ${fmt(p.z)}`).join("; ");
  return { claim: "b", statement, verdict: held.length === diverging.length ? "reproduced" : "not reproduced", evidence: `largest |log Z| where the baseline's reached ${limit}: ${list}`, rule };
}

function sensitivityClaim(summary: SweepSummary): ClaimVerdict {
  const statement = "qk-layernorm and z-loss each lower LR sensitivity";
  const rule =
    "a mitigation lowers the sensitivity when its LR sensitivity (seed-mean curve) is below the baseline's and, with two or more seeds, " +
    "every seed's sensitivity of the variant is below every seed's of the baseline (else the difference is within seed noise); " +
    "reproduced when both qk-norm and z-loss lower it, partly when one does";
  const missing = missingVariants(summary, ["baseline", "qk-norm", "z-loss"]);
  if (missing) return { claim: "c", statement, verdict: "not tested", evidence: missing, rule };
  const of = (variant: SweepVariant) => summary.sensitivity.find((s) => s.variant === variant);
  const base = of("baseline");
  const baseValue = base?.value;
  if (base === undefined || baseValue == null) return { claim: "c", statement, verdict: "not tested", evidence: "the baseline lacks a run at some learning rate", rule };
  const judged = (["qk-norm", "z-loss"] as const).map((variant) => {
    const s = of(variant);
    if (s?.value == null) return { variant, lower: false, text: `${variant}: no sensitivity (a learning rate has no run)`, tested: false };
    const below = s.value < baseValue;
    const seeded = s.perSeed.length >= 2 && base.perSeed.length >= 2;
    const apart = seeded && Math.max(...s.perSeed.map((p) => p.value)) < Math.min(...base.perSeed.map((p) => p.value));
    const lower = below && (apart || !seeded);
    const note = !below ? "not lower" : apart ? "lower, seed ranges apart" : seeded ? "lower, but within seed noise" : "lower (one seed: not tested against seed noise)";
    return { variant, lower, text: `${variant} ${fmt(s.value)} vs baseline ${fmt(baseValue)} (${note})`, tested: true };
  });
  const combined = of("qk-norm+z-loss");
  const extra = combined?.value == null ? "" : `; qk-norm+z-loss ${fmt(combined.value)}`;
  const count = judged.filter((j) => j.lower).length;
  const verdict: Verdict = !judged.every((j) => j.tested) ? "not tested" : count === 2 ? "reproduced" : count === 1 ? "partly" : "not reproduced";
  return { claim: "c", statement, verdict, evidence: `LR sensitivity (nats): ${judged.map((j) => j.text).join("; ")}${extra}`, rule };
}

/** A sentence naming the variants the sweep lacks, or null when it has them all. */
function missingVariants(summary: SweepSummary, needed: readonly SweepVariant[]): string | null {
  const missing = needed.filter((v) => !summary.variants.includes(v));
  return missing.length === 0 ? null : `the sweep has no ${missing.join(" or ")} runs`;
}

/** A number for a sentence: 3 significant digits, exponent notation past 1e5 or below 1e-3. */
export function fmt(value: number): string {
  if (value === 0) return "0";
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "∞" : "−∞";
  const magnitude = Math.abs(value);
  return magnitude >= 1e5 || magnitude < 1e-3 ? value.toExponential(2) : Number(value.toPrecision(3)).toString();
}
