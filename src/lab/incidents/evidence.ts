/**
 * The evidence in an incident's run, measured from its events: each "tell" is one thing an
 * engineer can read off the log (the applied learning rate against the schedule, the
 * largest loss jump, the gap between validation and training windows...) written as a
 * sentence with the run's own numbers, whatever the run shows. The same sentence says
 * "the learning rate followed its schedule" on one run and "jumped ×10 at step 151" on another.
 *
 * Windows: a loss jump is measured against the median of the 50 steps before it; a
 * gradient-norm level is the median of 20 steps against that of the 50 before; update
 * ratios and Adam's √v̂ come from the `layers` events (every 10 steps).
 */
import { median } from "../../train/detectors.js";
import type { TrainConfig } from "../../train/config.js";
import type { AlertEvent, EvalEvent, LayersEvent, RunEvent, TrainEvent } from "../../train/events.js";
import { warmupCosineLr } from "../../optim/schedule.js";
import type { ConfigChange } from "./config-diff.js";
import { sci } from "./view.js";

export const TELLS = [
  "config-diff",
  "lr-schedule",
  "warmup",
  "loss-spike",
  "loss-floor",
  "loss-stuck",
  "grad-level",
  "grad-max",
  "val-gap",
  "step-vs-windows",
  "learned",
  "update-ratio",
  "adam-v",
  "non-finite",
  "precision",
  "alerts",
  "initial-loss",
] as const;
export type Tell = (typeof TELLS)[number];

/** What the tells read: the run's events and config, the config diff, and sizes from incident.json. */
export interface EvidenceInput {
  config: TrainConfig;
  events: readonly RunEvent[];
  diff: readonly ConfigChange[];
  vocabSize: number;
  /** Parameters per layer group ("h.0": 49280), to turn a layer's gradient norm into a per-entry RMS. */
  layerSizes: Readonly<Record<string, number>>;
}

/** Steps before a step that its loss and gradient norm are compared with. */
const WINDOW = 50;
/** Steps whose median gradient norm is a new level. */
const LEVEL = 20;
/** Nats above the trailing median that make a step's loss a jump. */
const SPIKE = 0.5;

interface Facts extends EvidenceInput {
  train: TrainEvent[];
  evals: EvalEvent[];
  layers: LayersEvent[];
  alerts: AlertEvent[];
  lnV: number;
  unigramEntropy: number | null;
}

const f3 = (x: number) => x.toFixed(3);
const f2 = (x: number) => x.toFixed(2);
const times = (x: number) => `×${x >= 10 ? x.toFixed(0) : x.toFixed(1)}`;

/**
 * Every tell's sentence for one run.
 *
 * @example measureTells(input)["lr-schedule"] // "From step 151 the applied learning rate was ×10 the schedule's (2.08e-2 instead of 2.08e-3)."
 */
export function measureTells(input: EvidenceInput): Record<Tell, string> {
  const facts: Facts = {
    ...input,
    train: input.events.filter((e): e is TrainEvent => e.kind === "train"),
    evals: input.events.filter((e): e is EvalEvent => e.kind === "eval"),
    layers: input.events.filter((e): e is LayersEvent => e.kind === "layers"),
    alerts: input.events.filter((e): e is AlertEvent => e.kind === "alert"),
    lnV: Math.log(input.vocabSize),
    unigramEntropy: input.events.find((e) => e.kind === "start")?.unigramEntropy ?? null,
  };
  return Object.fromEntries(TELLS.map((tell) => [tell, MEASURE[tell](facts)])) as Record<Tell, string>;
}

const NO_STEPS = "The run logged no training step.";

const MEASURE: Record<Tell, (f: Facts) => string> = {
  "config-diff": ({ diff }) =>
    diff.length === 0
      ? "The config diff from the last good run is empty: whatever changed is not in the config."
      : `The config diff from the last good run: ${diff.map((d) => `${d.field} ${d.lastGood} → ${d.incident}`).join("; ")}.`,

  "lr-schedule": ({ train, config }) => {
    if (train.length === 0) return NO_STEPS;
    const o = config.optimizer;
    const schedule = { lr: o.lr, minLr: o.minLr, warmupSteps: o.warmupSteps, decaySteps: o.decaySteps };
    // Event step s logs the learning rate of 0-based step s − 1.
    const factor = (e: TrainEvent) => e.lr / warmupCosineLr(e.step - 1, schedule);
    const off = train.find((e) => Math.abs(Math.log(factor(e))) > Math.log(1.01));
    if (!off) return "The applied learning rate matched the config's schedule at every step.";
    return `From step ${off.step} the applied learning rate was ${times(factor(off))} the config's schedule (${sci(off.lr)} instead of ${sci(off.lr / factor(off))}).`;
  },

  "initial-loss": ({ train, lnV, layers }) => {
    if (train.length === 0) return NO_STEPS;
    const first = train[0];
    const logits = layers.find((l) => l.logits !== undefined)?.logits;
    const logZ = logits ? `; the output logits' log Z was ${f2(logits.logZ)} at the first measurement` : "";
    return `The first step's loss was ${f3(first.loss)}, ${f2(first.loss - lnV)} nats from ln V = ${f3(lnV)}, the loss of a uniform guess${logZ}.`;
  },

  warmup: ({ train, config }) => {
    if (train.length === 0) return NO_STEPS;
    const peak = config.optimizer.lr;
    const first = train[0];
    if (first.lr >= 0.99 * peak) return `The learning rate started at the config's peak, ${sci(first.lr)}, at step ${first.step}: no warmup.`;
    const reached = train.find((e) => e.lr >= 0.99 * peak);
    return reached
      ? `The learning rate warmed up from ${sci(first.lr)} at step ${first.step} to the config's peak ${sci(peak)} at step ${reached.step}.`
      : `The learning rate started at ${sci(first.lr)} and never reached the config's peak ${sci(peak)}.`;
  },

  "loss-spike": ({ train }) => {
    const jump = largestJump(train);
    if (!jump) return `The run logged ${train.length} steps, too few to compare a step with the ${WINDOW} before it.`;
    const { event, base, back } = jump;
    const rise = event.loss - base;
    if (rise < SPIKE) return `No step's loss rose more than ${f2(rise)} nats above the median of the ${WINDOW} steps before it (the largest rise at step ${event.step}).`;
    const recovered = back === null ? "and it never came back within 0.1 nats of that median" : `and it was back within 0.1 nats of that median by step ${back} (${back - event.step} steps later)`;
    return `The loss jumped to ${f3(event.loss)} at step ${event.step}, ${f2(rise)} nats above the median ${f3(base)} of the ${WINDOW} steps before, ${recovered}.`;
  },

  "loss-floor": ({ train, unigramEntropy }) => {
    if (train.length === 0) return NO_STEPS;
    const low = train.reduce((a, b) => (b.loss < a.loss ? b : a));
    const below = train.filter((e) => e.loss < 0.5).length;
    const entropy = unigramEntropy === null ? "" : ` (the unigram entropy of the data is ${f2(unigramEntropy)} nats)`;
    const stretch = below === 0 ? "it never went below 0.5 nats" : `it was below 0.5 nats at ${below} of ${train.length} steps`;
    return `The lowest step loss was ${f3(low.loss)} at step ${low.step}${entropy}; ${stretch}.`;
  },

  "loss-stuck": ({ train, lnV, config }) => {
    const after = train.filter((e) => e.step > config.optimizer.warmupSteps);
    if (after.length === 0) return "The run logged no step after warmup.";
    let best: TrainEvent[] = [];
    let run: TrainEvent[] = [];
    for (const e of after) {
      run = Math.abs(e.loss - lnV) < 0.25 ? [...run, e] : [];
      if (run.length > best.length) best = run;
    }
    if (best.length < 10) return `After warmup the loss never stayed within 0.25 nats of ln V = ${f2(lnV)} (a uniform guess) for 10 steps in a row.`;
    const level = median(best.map((e) => e.loss));
    return `The loss sat at ${f2(level)} ≈ ln V = ${f2(lnV)} (a uniform guess) for ${best.length} consecutive steps after warmup (steps ${best[0].step}–${best.at(-1)!.step}).`;
  },

  "grad-level": ({ train }) => {
    if (train.length < WINDOW + LEVEL) return `The run logged ${train.length} steps, too few to compare gradient-norm levels.`;
    let best = { i: 0, ratio: 0, before: 0, after: 0 };
    for (let i = WINDOW; i + LEVEL <= train.length; i++) {
      const before = median(train.slice(i - WINDOW, i).map((e) => e.gradNorm));
      const after = median(train.slice(i, i + LEVEL).map((e) => e.gradNorm));
      if (after / before > best.ratio) best = { i, ratio: after / before, before, after };
    }
    // The level's onset: the window's first step past the geometric middle of the two levels.
    const middle = Math.sqrt(best.before * best.after);
    const onset = train.slice(best.i, best.i + LEVEL).find((e) => e.gradNorm >= middle) ?? train[best.i];
    const end = median(train.slice(-WINDOW).map((e) => e.gradNorm));
    if (best.ratio < 2) return `The gradient norm kept its level: no ${LEVEL}-step median was more than ${times(best.ratio)} the median of the ${WINDOW} steps before it.`;
    return `The gradient norm moved to a new level at step ${onset.step}: a median of ${f2(best.after)} over the next ${LEVEL} steps, ${times(best.ratio)} its median ${f2(best.before)} over the ${WINDOW} before; over the last ${WINDOW} steps its median was ${f2(end)}.`;
  },

  "grad-max": ({ train, config }) => {
    if (train.length === 0) return NO_STEPS;
    const top = train.reduce((a, b) => (b.gradNorm > a.gradNorm ? b : a));
    const typical = median(train.map((e) => e.gradNorm));
    const clip = config.optimizer.gradClip === 0 ? "clipping is off (optimizer.gradClip 0), so each step took its gradient whole" : `gradients were clipped to ${config.optimizer.gradClip}`;
    return `The largest pre-clip gradient norm was ${f2(top.gradNorm)} at step ${top.step}, ${times(top.gradNorm / typical)} the run's median ${f2(typical)}; ${clip}.`;
  },

  "val-gap": ({ evals }) => {
    if (evals.length === 0) return "The run logged no evaluation.";
    const gap = (e: EvalEvent) => e.valLoss - e.trainLoss;
    const first = evals[0];
    const last = evals.at(-1)!;
    return `Validation loss minus the loss on fixed training windows: ${f2(gap(first))} nats at the first evaluation (step ${first.step}), ${f2(gap(last))} at the last (step ${last.step}).`;
  },

  "step-vs-windows": ({ train, evals }) => {
    const last = evals.at(-1);
    if (!last || train.length === 0) return "The run logged no evaluation to compare the step loss with.";
    const recent = train.filter((e) => e.step > last.step - WINDOW && e.step <= last.step);
    const stepLoss = median(recent.map((e) => e.loss));
    const d = stepLoss - last.trainLoss;
    const how = Math.abs(d) < 0.3 ? "within" : d < 0 ? "below" : "above";
    const amount = how === "within" ? `within ${f2(Math.abs(d))} nats of` : `${f2(Math.abs(d))} nats ${how}`;
    return `At step ${last.step} the step loss (median ${f3(stepLoss)} over the ${recent.length} steps before) was ${amount} the loss on fixed training windows (${f3(last.trainLoss)}).`;
  },

  learned: ({ evals, unigramEntropy, lnV }) => {
    const last = evals.at(-1);
    if (!last) return "The run logged no evaluation.";
    const entropy = unigramEntropy ?? lnV;
    const where =
      last.valLoss > lnV
        ? `above even ln V = ${f2(lnV)}, the loss of a uniform guess`
        : last.valLoss > entropy
          ? `above the unigram entropy ${f2(entropy)}: the model has learned almost nothing about context`
          : `${f2(entropy - last.valLoss)} nats below the unigram entropy ${f2(entropy)}: the model uses context`;
    return `At the last evaluation (step ${last.step}) validation loss was ${f3(last.valLoss)}, ${where}; the loss on fixed training windows was ${f3(last.trainLoss)}.`;
  },

  "update-ratio": ({ layers, config }) => {
    const after = layers.filter((e) => e.step > config.optimizer.warmupSteps);
    if (after.length === 0) return "The run logged no layer statistics after warmup.";
    const all = after.flatMap((e) => e.layers.map((l) => ({ step: e.step, layer: l.layer, ratio: l.updateRatio })));
    const top = all.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const medians = after.map((e) => ({ step: e.step, ratio: median(e.layers.map((l) => l.updateRatio)) }));
    let jump = { ratio: 1, from: medians[0].step, to: medians[0].step };
    for (let i = 1; i < medians.length; i++) {
      const r = medians[i].ratio / medians[i - 1].ratio;
      if (r > jump.ratio) jump = { ratio: r, from: medians[i - 1].step, to: medians[i].step };
    }
    const jumped = jump.ratio >= 2 ? `; the median jumped ${times(jump.ratio)} from step ${jump.from} to step ${jump.to}` : "";
    return `After warmup the per-layer update ratio ‖Δθ‖/‖θ‖ had a median of ${sci(median(all.map((a) => a.ratio)))} (about 1e-3 is healthy) and peaked at ${sci(top.ratio)} (${top.layer}, step ${top.step})${jumped}.`;
  },

  "adam-v": ({ layers, layerSizes, config }) => {
    // √v̂ over the gradient's RMS per entry: about 1 when Adam's second moment tracks the gradients.
    const ratios = layers
      .filter((e) => e.step > config.optimizer.warmupSteps)
      .flatMap((e) => {
        const r = e.layers.filter((l) => l.adamVRms !== undefined && l.gradNorm > 0 && layerSizes[l.layer]).map((l) => l.adamVRms! / (l.gradNorm / Math.sqrt(layerSizes[l.layer])));
        return r.length > 0 ? [{ step: e.step, ratio: median(r) }] : [];
      });
    if (ratios.length === 0) return "The run logged no Adam statistics after warmup.";
    let drop = { ratio: 1, from: ratios[0], to: ratios[0] };
    for (let i = 1; i < ratios.length; i++) {
      const r = ratios[i].ratio / ratios[i - 1].ratio;
      if (r < drop.ratio) drop = { ratio: r, from: ratios[i - 1], to: ratios[i] };
    }
    const level = `Adam's √v̂ was ${f2(median(ratios.map((r) => r.ratio)))}× the gradient's RMS per entry (median over layers and measurements after warmup; about 1 when v̂ tracks the gradients)`;
    if (drop.ratio > 0.5) return `${level}, with no sudden drop.`;
    return `${level}; it fell from ${f2(drop.from.ratio)} at step ${drop.from.step} to ${f2(drop.to.ratio)} at step ${drop.to.step}.`;
  },

  "non-finite": ({ alerts, train, config }) => {
    const bad = alerts.find((a) => a.alert === "non-finite");
    if (!bad) return `Every logged value stayed finite through step ${train.at(-1)?.step ?? 0} of ${config.steps}.`;
    return `The run stopped on a non-finite value: ${bad.message.replace(/^step \d+: /, `at step ${bad.step}, `)}.`;
  },

  precision: ({ train, config }) => {
    const p = config.precision;
    if (p.activations === "fp32" && p.gradients === "fp32") return "The run trained in fp32 throughout: no rounding of activations or gradients, no loss scale.";
    const scaling = !p.lossScaling ? "no loss scaling" : p.dynamicLossScale ? `dynamic loss scaling from ${p.initialLossScale}` : `a static loss scale of ${p.initialLossScale}`;
    const flushed = train.flatMap((e) => (e.underflowFraction === undefined ? [] : [e.underflowFraction]));
    const skipped = train.filter((e) => e.skipped).length;
    const percent = (x: number) => `${Number((x * 100).toPrecision(2))}%`;
    const underflow = flushed.length === 0 ? "" : `; rounding flushed a median ${percent(median(flushed))} of nonzero gradient entries to zero (at most ${percent(Math.max(...flushed))})`;
    return `The run emulated ${p.activations} activations and ${p.gradients} gradients with ${scaling}${underflow}${skipped > 0 ? `; ${skipped} steps were skipped` : ""}.`;
  },

  alerts: ({ alerts }) => {
    if (alerts.length === 0) return "No detector fired.";
    const firsts = new Map<string, number>();
    for (const a of alerts) if (!firsts.has(a.alert)) firsts.set(a.alert, a.step);
    return `Detectors fired: ${[...firsts].map(([name, step]) => `${name} (first at step ${step})`).join(", ")}.`;
  },
};

/** The step whose loss rose most above the median of the WINDOW steps before it, and when the loss came back. */
function largestJump(train: readonly TrainEvent[]): { event: TrainEvent; base: number; back: number | null } | null {
  let best: { i: number; base: number; rise: number } | null = null;
  for (let i = WINDOW; i < train.length; i++) {
    const base = median(train.slice(i - WINDOW, i).map((e) => e.loss));
    const rise = train[i].loss - base;
    if (best === null || rise > best.rise) best = { i, base, rise };
  }
  if (best === null) return null;
  // Back: the first later step whose loss is no spike (under base + SPIKE) and from which the
  // median of the next 10 losses is within 0.1 nats of the base.
  let back: number | null = null;
  for (let j = best.i + 1; j + 10 <= train.length; j++) {
    if (train[j].loss < best.base + SPIKE && median(train.slice(j, j + 10).map((e) => e.loss)) <= best.base + 0.1) {
      back = train[j].step;
      break;
    }
  }
  return { event: train[best.i], base: best.base, back };
}
