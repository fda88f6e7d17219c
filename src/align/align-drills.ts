/**
 * Alignment drills: interview questions about one pipeline's own numbers. Each drill reads
 * the runs' eval events, states its evidence (a value with its 95% interval where the
 * evaluation has one), and decides its model answer from that evidence: "did gold fall?" is
 * a comparison of values against their intervals, never a sentence typed in advance. A
 * drill whose data the pipeline lacks (no DPO run, one RL run, a metric never logged) is
 * left out.
 *
 * Two values differ when their gap is larger than the wider of their interval half-widths
 * (the rule the report's over-optimization verdict applies to the last evaluation).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AlignEvalEvent } from "./align-events.js";
import { NotFoundError } from "../errors.js";
import { alignFolder } from "./align-run.js";
import { pipelineFolder } from "./align-web-view.js";
import { evalEvents, overoptimization } from "./pipeline-report.js";
import type { PipelineRecord } from "./align-config.js";
import { readPipeline } from "./pipeline.js";

export const ALIGN_DRILL_KINDS = ["ship-checkpoint", "winrate-vs-factuality", "rm-offline", "kl-knob", "dpo-vs-rl"] as const;
export type AlignDrillKind = (typeof ALIGN_DRILL_KINDS)[number];

/** One number a drill shows: what it is, its value, and its 95% interval when the evaluation has one. */
export interface AlignEvidence {
  label: string;
  value: number;
  interval?: [number, number];
}

/** A question about a pipeline's numbers, its evidence, and the answer those numbers decide. */
export interface AlignDrill {
  /** "<pipelineId>/<kind>" or "<pipelineId>/<kind>/<run>" for a drill about one run. */
  id: string;
  kind: AlignDrillKind;
  question: string;
  evidence: AlignEvidence[];
  /** A short paragraph; every number in it is one of the evidence's, formatted by formatEvidence. */
  modelAnswer: string;
  /** The points a good answer makes. */
  rubric: string[];
}

/** "0.15 [0.13, 0.17]": an evidence's value with its interval, two decimals. */
export function formatEvidence(e: Pick<AlignEvidence, "value" | "interval">): string {
  return e.interval ? `${e.value.toFixed(2)} [${e.interval[0].toFixed(2)}, ${e.interval[1].toFixed(2)}]` : e.value.toFixed(2);
}

/** "label: 0.15 [0.13, 0.17]", one line of evidence. */
export const evidenceLine = (e: AlignEvidence): string => `${e.label}: ${formatEvidence(e)}`;

const halfWidth = (e: AlignEvidence): number => (e.interval ? (e.interval[1] - e.interval[0]) / 2 : 0);

/** 1 when `a` is above `b` by more than the wider interval half-width, −1 when below, 0 when the intervals do not separate them. */
export function compareEvidence(a: AlignEvidence, b: AlignEvidence): -1 | 0 | 1 {
  const gap = a.value - b.value;
  if (Math.abs(gap) <= Math.max(halfWidth(a), halfWidth(b))) return 0;
  return gap > 0 ? 1 : -1;
}

/** Metric `name` of an evaluation as evidence labelled `label`, or null when the evaluation lacks it. */
function metric(e: AlignEvalEvent | undefined, name: string, label: string): AlignEvidence | null {
  const value = e?.metrics[name];
  if (e === undefined || value === undefined) return null;
  const interval = e.intervals[name];
  return interval ? { label, value, interval: [interval[0], interval[1]] } : { label, value };
}

/** The pipeline's runs with their evaluations (an absent run reads as none). */
interface PipelineEvals {
  id: string;
  record: PipelineRecord;
  sft: AlignEvalEvent[];
  rm: AlignEvalEvent[];
  dpo: Array<{ beta: number; run: string; events: AlignEvalEvent[] }>;
  rl: Array<{ klCoef: number; run: string; events: AlignEvalEvent[] }>;
}

function readEvals(home: string, id: string): PipelineEvals {
  const record = readPipeline(pipelineFolder(home, id));
  const events = (run: string) => (existsSync(join(alignFolder(home), run, "config.json")) ? evalEvents(home, run) : []);
  return {
    id,
    record,
    sft: events(record.sft),
    rm: events(record.rm),
    dpo: record.dpo.map((d) => ({ ...d, events: events(d.run) })),
    rl: record.rl.map((r) => ({ ...r, events: events(r.run) })),
  };
}

const GOLD = "gold/accuracy";
const GOLD_SCORE = "gold/score";
const GOLD_NAMES: Record<string, string> = { [GOLD]: "gold accuracy", [GOLD_SCORE]: "gold score" };
const PROXY = "reward/proxy";

/**
 * "ship-checkpoint", one per RL run whose proxy reward rose: ship the last checkpoint, or the
 * one where gold accuracy peaked? Ship the peak when gold fell from it beyond the last
 * evaluation's interval, as the report's over-optimization verdict decides.
 */
function shipCheckpoint(p: PipelineEvals, r: PipelineEvals["rl"][number]): AlignDrill | null {
  // Gold accuracy by default; the gold score (+1 right, 0 abstained, −1 wrong) when it is the one
  // that fell: a policy that trades "I don't know" for wrong answers keeps its accuracy and loses score.
  const gold = [GOLD, GOLD_SCORE].find((g) => overoptimization(r.events, g)?.goldFellWhileProxyRose) ?? GOLD;
  const name = GOLD_NAMES[gold];
  const v = overoptimization(r.events, gold);
  if (v === null || !v.proxyRose) return null;
  const points = r.events.filter((e) => e.metrics[PROXY] !== undefined && e.metrics[gold] !== undefined);
  const first = points[0];
  const last = points[points.length - 1];
  const peakEvent = points.find((e) => e.step === v.goldPeakStep);
  const proxyStart = metric(first, PROXY, `proxy reward, step ${first.step}`);
  const proxyEnd = metric(last, PROXY, `proxy reward, step ${last.step}`);
  const peak = metric(peakEvent, gold, `${name} at its peak, step ${v.goldPeakStep}`);
  const end = metric(last, gold, `${name}, step ${last.step}`);
  if (!proxyStart || !proxyEnd || !peak || !end) return null;
  const fell = v.goldFellWhileProxyRose;
  const S = last.step;
  const modelAnswer = fell
    ? `No: ship the checkpoint of step ${v.goldPeakStep}${v.goldPeakStep === 0 ? " (the starting SFT policy)" : ""}. The ${name} peaked there at ${formatEvidence(peak)} and is ${formatEvidence(end)} at step ${S}, ` +
      `a fall larger than the last evaluation's interval, while the proxy reward rose from ${formatEvidence(proxyStart)} to ${formatEvidence(proxyEnd)}. ` +
      `The policy is optimizing the reward model's errors (over-optimization, Gao et al. 2022): a rising proxy says nothing about quality once it parts from gold. ` +
      `Next time stop on a held-out gold evaluation, or raise the KL coefficient above ${r.klCoef}.`
    : `The evidence does not show a fall: the ${name} is ${formatEvidence(end)} at step ${S}` +
      (v.goldPeakStep === S ? `, its highest evaluation` : `, and its peak ${formatEvidence(peak)} at step ${v.goldPeakStep} is within that interval`) +
      `, while the proxy reward rose from ${formatEvidence(proxyStart)} to ${formatEvidence(proxyEnd)}. ` +
      `Shipping step ${S} is defensible; an earlier checkpoint is not better on this evidence. ` +
      `Keep the gold evaluation running: a proxy that keeps rising is where over-optimization starts.`;
  return {
    id: `${p.id}/ship-checkpoint/${r.run}`,
    kind: "ship-checkpoint",
    question: `RL run ${r.run} (KL coef ${r.klCoef}): the proxy reward is still rising at step ${S} (${formatEvidence(proxyEnd)}). Ship this checkpoint?`,
    evidence: [proxyStart, proxyEnd, peak, end],
    modelAnswer,
    rubric: [
      "Looks at a gold metric, not the proxy reward, to choose the checkpoint",
      `Compares the ${name} at step ${S} (${formatEvidence(end)}) with its peak (${formatEvidence(peak)}, step ${v.goldPeakStep}) against the intervals`,
      fell ? `Ships step ${v.goldPeakStep}, and names reward over-optimization` : `Does not claim a fall the intervals do not show; ships step ${S} or asks for more evaluation`,
      "Names a fix for next time: early stopping on held-out gold, a larger KL coefficient, or a better reward model",
    ],
  };
}

/** The RL run free to drift furthest: the smallest KL coefficient with evaluations. */
function loosestRl(p: PipelineEvals): PipelineEvals["rl"][number] | undefined {
  return [...p.rl].filter((r) => r.events.length > 0).sort((a, b) => a.klCoef - b.klCoef)[0];
}

/**
 * "winrate-vs-factuality": the loosest RL run's last checkpoint against SFT. Better by the
 * labeller (win rate above 0.5 beyond its interval) with gold accuracy or abstention down
 * beyond their intervals is the labeller's bias, not a better model.
 */
function winrateVsFactuality(p: PipelineEvals): AlignDrill | null {
  const r = loosestRl(p);
  const sft = p.sft.at(-1);
  const rl = r?.events.at(-1);
  if (!r || !rl) return null;
  const win = metric(rl, "winrate/labeller", `win rate against SFT, judged by the labeller (RL step ${rl.step})`);
  const sftAcc = metric(sft, GOLD, "gold accuracy, SFT");
  const rlAcc = metric(rl, GOLD, `gold accuracy, RL step ${rl.step}`);
  const sftAbst = metric(sft, "gold/abstention", "abstention, SFT");
  const rlAbst = metric(rl, "gold/abstention", `abstention, RL step ${rl.step}`);
  if (!win || !sftAcc || !rlAcc || !sftAbst || !rlAbst) return null;
  const half = { label: "", value: 0.5 };
  const preferred = compareEvidence(win, half) === 1;
  const accDown = compareEvidence(rlAcc, sftAcc) === -1;
  const accUp = compareEvidence(rlAcc, sftAcc) === 1;
  const abstDown = compareEvidence(rlAbst, sftAbst) === -1;
  const facts = `The labeller's win rate against SFT is ${formatEvidence(win)}; gold accuracy went from ${formatEvidence(sftAcc)} (SFT) to ${formatEvidence(rlAcc)}, abstention from ${formatEvidence(sftAbst)} to ${formatEvidence(rlAbst)}.`;
  const verdict = !preferred
    ? "Not shown to be better: the labeller does not prefer it beyond its interval, so there is no win to explain."
    : accDown || abstDown
      ? `Not better: the labeller prefers it while ${[accDown ? "gold accuracy fell" : "", abstDown ? "it stopped abstaining" : ""].filter(Boolean).join(" and ")}. The win rate measures the labeller's preference, bias included; the policy learned to please it (confident, longer answers) rather than to be right.`
      : accUp
        ? "Better: the labeller prefers it and gold accuracy rose beyond its interval, without a collapse in abstention."
        : "Preferred by the labeller, but gold accuracy did not move beyond its interval: the win is the labeller's taste until a gold measure shows a gain.";
  return {
    id: `${p.id}/winrate-vs-factuality/${r.run}`,
    kind: "winrate-vs-factuality",
    question: `RL run ${r.run} (KL coef ${r.klCoef}) wins ${formatEvidence(win)} of comparisons against the SFT model, judged by the labeller. Is it a better model?`,
    evidence: [win, sftAcc, rlAcc, sftAbst, rlAbst],
    modelAnswer: `${verdict} ${facts}`,
    rubric: [
      "Separates the labeller's preference (win rate) from correctness (gold accuracy)",
      `Reads gold accuracy ${formatEvidence(sftAcc)} → ${formatEvidence(rlAcc)} and abstention ${formatEvidence(sftAbst)} → ${formatEvidence(rlAbst)} against their intervals`,
      preferred && (accDown || abstDown) ? "Names the labeller's bias as what the policy optimized" : "Does not call it better on the win rate alone",
      "Proposes a check: a gold-labelled evaluation, or a judge without the labeller's bias",
    ],
  };
}

/**
 * "rm-offline": the reward model's held-out accuracy against the labeller and against gold,
 * and what optimizing it did to gold accuracy (SFT against the loosest RL run's end).
 */
function rmOffline(p: PipelineEvals): AlignDrill | null {
  const rm = p.rm.at(-1);
  const r = loosestRl(p);
  const rl = r?.events.at(-1);
  const vsLabeller = metric(rm, "rm/accuracy_labeller", "reward model accuracy against the labeller (held-out pairs)");
  const vsGold = metric(rm, "rm/accuracy_gold", "reward model accuracy against gold (held-out pairs)");
  const sftAcc = metric(p.sft.at(-1), GOLD, "gold accuracy, SFT");
  const rlAcc = metric(rl, GOLD, `gold accuracy after RL (KL coef ${r?.klCoef}, step ${rl?.step})`);
  if (!r || !vsLabeller || !vsGold || !sftAcc || !rlAcc) return null;
  const gap = compareEvidence(vsLabeller, vsGold);
  const goldMove = compareEvidence(rlAcc, sftAcc);
  const rmSays =
    gap === 1
      ? `The reward model agrees with the labeller (${formatEvidence(vsLabeller)}) more than with the truth (${formatEvidence(vsGold)}): it learned the labeller's bias along with its judgment.`
      : `The reward model's accuracy against the labeller (${formatEvidence(vsLabeller)}) and against gold (${formatEvidence(vsGold)}) are not separated by their intervals.`;
  const rlDid =
    goldMove === -1
      ? `Optimizing it lowered gold accuracy from ${formatEvidence(sftAcc)} to ${formatEvidence(rlAcc)}.`
      : goldMove === 1
        ? `Optimizing it raised gold accuracy from ${formatEvidence(sftAcc)} to ${formatEvidence(rlAcc)}.`
        : `Optimizing it left gold accuracy within its interval: ${formatEvidence(sftAcc)} after SFT, ${formatEvidence(rlAcc)} after RL.`;
  return {
    id: `${p.id}/rm-offline`,
    kind: "rm-offline",
    question: `The reward model scores ${formatEvidence(vsLabeller)} accuracy on held-out preference pairs. Is it good enough to optimize against?`,
    evidence: [vsLabeller, vsGold, sftAcc, rlAcc],
    modelAnswer:
      `${rmSays} ${rlDid} ` +
      "Offline accuracy is measured on the SFT model's answers; the policy RL produces writes different answers, where the reward model's errors are what it finds. Judge a reward model by what optimizing it does to a gold measure, not by its held-out pair accuracy alone.",
    rubric: [
      `Reads both accuracies: ${formatEvidence(vsLabeller)} against the labeller, ${formatEvidence(vsGold)} against gold`,
      "Notes that offline accuracy is measured on the SFT policy's answers, a distribution RL moves away from",
      `States what RL did to gold accuracy: ${formatEvidence(sftAcc)} → ${formatEvidence(rlAcc)}`,
      "Proposes a check: gold evaluation during RL, or the reward model scored on the policy's own samples",
    ],
  };
}

/**
 * "kl-knob": the RL runs with the smallest and largest KL coefficients: which drifted further
 * from SFT (KL at the end), what that did to gold accuracy, and which way to turn the knob.
 */
function klKnob(p: PipelineEvals): AlignDrill | null {
  const runs = [...p.rl].filter((r) => r.events.length > 0).sort((a, b) => a.klCoef - b.klCoef);
  if (runs.length < 2 || runs[0].klCoef === runs[runs.length - 1].klCoef) return null;
  const [lo, hi] = [runs[0], runs[runs.length - 1]];
  const loEnd = lo.events.at(-1)!;
  const hiEnd = hi.events.at(-1)!;
  const loKl = metric(loEnd, "kl/sequence", `KL to SFT at the end, KL coef ${lo.klCoef} (step ${loEnd.step})`);
  const hiKl = metric(hiEnd, "kl/sequence", `KL to SFT at the end, KL coef ${hi.klCoef} (step ${hiEnd.step})`);
  const loGold = metric(loEnd, GOLD, `gold accuracy at the end, KL coef ${lo.klCoef}`);
  const hiGold = metric(hiEnd, GOLD, `gold accuracy at the end, KL coef ${hi.klCoef}`);
  if (!loKl || !hiKl || !loGold || !hiGold) return null;
  const drift = compareEvidence(loKl, hiKl);
  const far = drift === -1 ? { run: hi, kl: hiKl, gold: hiGold } : { run: lo, kl: loKl, gold: loGold };
  const near = drift === -1 ? { run: lo, kl: loKl, gold: loGold } : { run: hi, kl: hiKl, gold: hiGold };
  const gold = compareEvidence(far.gold, near.gold);
  const drifted =
    drift === 0
      ? `Neither drifted further beyond the intervals: KL ${formatEvidence(loKl)} (coef ${lo.klCoef}) against ${formatEvidence(hiKl)} (coef ${hi.klCoef}).`
      : `KL coef ${far.run.klCoef} drifted further: KL ${formatEvidence(far.kl)} nats against ${formatEvidence(near.kl)} for coef ${near.run.klCoef}` +
        (far.run === hi ? ", although its penalty is the larger: look for a broken KL term before anything else." : ".");
  const knob =
    drift === 0
      ? `The coefficient made no measurable difference over this range; gold accuracy ended at ${formatEvidence(loGold)} and ${formatEvidence(hiGold)}. Try a wider range, or a longer run.`
      : gold === -1
        ? `The drift cost gold accuracy: ${formatEvidence(far.gold)} against ${formatEvidence(near.gold)}. Turn the KL coefficient up (towards ${near.run.klCoef} or beyond) to keep the policy near the reference where the reward model is trustworthy.`
        : gold === 1
          ? `The drift paid: gold accuracy ${formatEvidence(far.gold)} against ${formatEvidence(near.gold)}. The smaller coefficient is the better setting here; watch gold for the point where it turns.`
          : `The drift bought no gold accuracy: ${formatEvidence(far.gold)} against ${formatEvidence(near.gold)}, within the intervals. Prefer the larger coefficient: the same quality, closer to the reference.`;
  return {
    id: `${p.id}/kl-knob`,
    kind: "kl-knob",
    question: `Two RL runs differ only in their KL coefficient, ${lo.klCoef} and ${hi.klCoef}. Which drifted further from the SFT model, what did it do to gold accuracy, and which knob do you turn?`,
    evidence: [loKl, hiKl, loGold, hiGold],
    modelAnswer: `${drifted} ${knob}`,
    rubric: [
      "Reads the KL to the reference at the end of each run, not the coefficient alone",
      "Compares the two gold accuracies against their intervals",
      "Names the KL coefficient as the knob and the direction the evidence supports",
      "Explains why: the reward model is trustworthy only near the distribution it was trained on",
    ],
  };
}

/**
 * "dpo-vs-rl": the DPO run and the RL run with the highest final gold accuracy, each with its
 * final KL to SFT: does one reach more gold for less drift?
 */
function dpoVsRl(p: PipelineEvals): AlignDrill | null {
  const best = <T extends { events: AlignEvalEvent[] }>(runs: T[]) =>
    runs.filter((r) => r.events.at(-1)?.metrics[GOLD] !== undefined).sort((a, b) => b.events.at(-1)!.metrics[GOLD] - a.events.at(-1)!.metrics[GOLD])[0];
  const d = best(p.dpo);
  const r = best(p.rl);
  if (!d || !r) return null;
  const dGold = metric(d.events.at(-1), GOLD, `gold accuracy, DPO β ${d.beta}`);
  const rGold = metric(r.events.at(-1), GOLD, `gold accuracy, RL KL coef ${r.klCoef}`);
  const dKl = metric(d.events.at(-1), "kl/sequence", `KL to SFT, DPO β ${d.beta}`);
  const rKl = metric(r.events.at(-1), "kl/sequence", `KL to SFT, RL KL coef ${r.klCoef}`);
  if (!dGold || !rGold || !dKl || !rKl) return null;
  const gold = compareEvidence(dGold, rGold);
  const kl = compareEvidence(dKl, rKl);
  const dpo = `DPO (β ${d.beta})`;
  const rl = `RL (KL coef ${r.klCoef})`;
  const verdict =
    gold === 0
      ? `Neither reached more gold accuracy beyond the intervals (${formatEvidence(dGold)} for ${dpo}, ${formatEvidence(rGold)} for ${rl})` +
        (kl === 0 ? ", and their drift is the same within the intervals: on this evidence the cheaper method, DPO, is enough." : `; ${kl === -1 ? dpo : rl} got there with less drift, which makes it the better choice.`)
      : `${gold === 1 ? dpo : rl} reached more gold accuracy: ${formatEvidence(gold === 1 ? dGold : rGold)} against ${formatEvidence(gold === 1 ? rGold : dGold)}` +
        (kl === 0 ? ", at the same drift within the intervals." : kl === gold ? ", but with more drift: compare them on the frontier of gold against KL, not at one point." : ", with less drift too: it dominates on this pipeline.");
  return {
    id: `${p.id}/dpo-vs-rl`,
    kind: "dpo-vs-rl",
    question: `On this pipeline, which did better: DPO or RL against the reward model? Compare their best runs.`,
    evidence: [dGold, dKl, rGold, rKl],
    modelAnswer: `${verdict} KL to SFT: ${formatEvidence(dKl)} for ${dpo}, ${formatEvidence(rKl)} for ${rl}. DPO fits the labeller's pairs directly, offline; RL optimizes a learned reward on its own samples, so it can exploit the reward model's errors as it drifts.`,
    rubric: [
      "Compares gold accuracy, not the reward or the win rate",
      "Puts each result beside its KL to the reference: quality per unit of drift",
      "Uses the intervals before calling a winner",
      "Names the mechanism: offline fitting of preferences against online optimization of a learned reward",
    ],
  };
}

/**
 * The drills of pipeline `pipelineId` (a folder under `<home>/align/`; an unknown id is a
 * NotFoundError): one ship-checkpoint drill per RL run, then win rate against factuality, the
 * reward model offline, the KL knob and DPO against RL, each only when its data is there.
 *
 * @example alignDrills(home, "20261207-080000-pipeline").map((d) => d.id)
 */
export function alignDrills(home: string, pipelineId: string): AlignDrill[] {
  const p = readEvals(home, pipelineId);
  const drills = [...p.rl.map((r) => shipCheckpoint(p, r)), winrateVsFactuality(p), rmOffline(p), klKnob(p), dpoVsRl(p)];
  return drills.filter((d): d is AlignDrill => d !== null);
}

/** Drill `drillId` ("<pipeline>/<kind>[/<run>]"), recomputed from its pipeline; a drill the pipeline does not have is a NotFoundError. */
export function findAlignDrill(home: string, drillId: string): AlignDrill {
  const pipeline = drillId.split("/")[0];
  const drill = alignDrills(home, pipeline).find((d) => d.id === drillId);
  if (drill === undefined) throw new NotFoundError(`pipeline ${pipeline} has no drill "${drillId}"`, "GET /api/align/drills?pipeline=ID lists its drills");
  return drill;
}
