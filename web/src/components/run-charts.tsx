/**
 * A run's curves as a grid of charts, as a W&B run page shows them: loss (with validation
 * and fixed training windows), validation loss per domain, learning rate, gradient norm,
 * per-layer update ratios and attention logits, and the output logits, each chart marking
 * the alerts of the detectors that read it.
 * The lab's run page and the incident page draw the same charts.
 */
import { useMemo } from "preact/hooks";
import { LineChart, type ChartMarker, type ChartSeries } from "./line-chart.js";

/** The points a run's charts are drawn from, each step once. */
export interface ChartCurves {
  train: ReadonlyArray<{ step: number; loss: number; lr: number; gradNorm: number }>;
  evals: ReadonlyArray<{ step: number; trainLoss: number; valLoss: number; domainLoss: Record<string, number> }>;
  layers: ReadonlyArray<{ step: number; updateRatios: Record<string, number>; attentionLogits?: Record<string, number>; logits?: { mean: number; max: number; logZ: number } | null }>;
  alerts: ReadonlyArray<{ step: number; alert: string; message: string }>;
}

/** Values of `points` aligned on the steps `x` (null where a step has none). */
function aligned<P extends { step: number }>(x: readonly number[], points: readonly P[], value: (p: P) => number): (number | null)[] {
  const byStep = new Map(points.map((p) => [p.step, value(p)]));
  return x.map((step) => byStep.get(step) ?? null);
}

export function RunCharts({ curves }: { curves: ChartCurves }) {
  const charts = useMemo(() => {
    const steps = curves.train.map((p) => p.step);
    // Each chart marks the alerts of the detectors that read it (the messages begin "step N: ", which the marker shows).
    const markersOf = (...detectors: string[]): ChartMarker[] =>
      curves.alerts.filter((a) => detectors.includes(a.alert)).map((a) => ({ x: a.step, label: `${a.alert}: ${a.message.replace(/^step \d+: /, "")}` }));
    const evalSteps = curves.evals.map((e) => e.step);
    const domains = [...new Set(curves.evals.flatMap((e) => Object.keys(e.domainLoss)))];
    const layerNames = [...new Set(curves.layers.flatMap((l) => Object.keys(l.updateRatios)))];
    const blocks = [...new Set(curves.layers.flatMap((l) => Object.keys(l.attentionLogits ?? {})))];
    const logits = curves.layers.filter((l) => l.logits != null);
    const loss: ChartSeries[] = [
      { label: "train", values: curves.train.map((p) => p.loss) },
      { label: "validation", values: aligned(steps, curves.evals, (e) => e.valLoss), points: true },
      { label: "train (eval)", values: aligned(steps, curves.evals, (e) => e.trainLoss), points: true },
    ];
    return {
      steps,
      markers: {
        loss: markersOf("loss-spike", "loss-stuck", "train-val-gap", "non-finite"),
        gradNorm: markersOf("grad-norm-jump", "non-finite"),
        ratios: markersOf("update-ratio"),
        attention: markersOf("attention-logit-growth"),
        logits: markersOf("output-logit-divergence"),
      },
      loss,
      evalSteps,
      domains: domains.map((d) => ({ label: d, values: curves.evals.map((e) => e.domainLoss[d] ?? null), points: true })),
      lr: [{ label: "learning rate", values: curves.train.map((p) => p.lr) }],
      gradNorm: [{ label: "gradient norm", values: curves.train.map((p) => p.gradNorm) }],
      layerSteps: curves.layers.map((l) => l.step),
      ratios: layerNames.map((name) => ({ label: name, values: curves.layers.map((l) => l.updateRatios[name] ?? null) })),
      attention: blocks.map((name) => ({ label: name, values: curves.layers.map((l) => l.attentionLogits?.[name] ?? null) })),
      logitSteps: logits.map((l) => l.step),
      logits: (["mean", "max", "logZ"] as const).map((key) => ({ label: key === "logZ" ? "log Z" : key, values: logits.map((l) => l.logits![key]) })),
    };
  }, [curves]);
  if (charts.steps.length === 0) return <p class="muted">No training step logged yet.</p>;
  return (
    <div class="lab-charts">
      <LineChart title="Loss" x={charts.steps} xLabel="step" yLabel="nats/token" series={charts.loss} markers={charts.markers.loss} />
      {charts.domains.length > 0 ? <LineChart title="Validation loss per domain" x={charts.evalSteps} xLabel="step" yLabel="nats/token" series={charts.domains} /> : null}
      <LineChart title="Learning rate" x={charts.steps} xLabel="step" series={charts.lr} />
      <LineChart title="Gradient norm" x={charts.steps} xLabel="step" yLabel="before clipping" series={charts.gradNorm} markers={charts.markers.gradNorm} />
      {charts.ratios.length > 0 ? <LineChart title="Update / parameter ratio per layer" x={charts.layerSteps} xLabel="step" series={charts.ratios} logY markers={charts.markers.ratios} /> : null}
      {charts.attention.length > 0 ? <LineChart title="Max attention logit per layer" x={charts.layerSteps} xLabel="step" yLabel="q·k/√D" series={charts.attention} logY markers={charts.markers.attention} /> : null}
      {charts.logitSteps.length > 0 ? <LineChart title="Output logits" x={charts.logitSteps} xLabel="step" series={charts.logits} markers={charts.markers.logits} /> : null}
    </div>
  );
}
