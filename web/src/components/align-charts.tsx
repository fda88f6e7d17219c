/**
 * An align run's step metrics as a grid of charts, as a W&B run page groups them: metrics
 * that share a prefix before "/" share a chart ("rewards/chosen" and "rewards/rejected" on
 * "rewards", "kl/k1" and "kl/k3" on "kl"), every metric without a prefix has its own chart,
 * in the order the stage logs them (its loss first, the optimizer's lr and grad_norm last).
 */
import { useMemo } from "preact/hooks";
import { LineChart, type ChartSeries } from "./line-chart.js";

/** One chart: its title and the metrics drawn on it. */
export interface ChartGroup {
  title: string;
  metrics: string[];
}

/**
 * The charts for `metrics`, in the order the metrics first appear.
 *
 * @example chartGroups(["loss", "kl/k1", "entropy", "kl/k3", "lr"]) // loss; kl: k1, k3; entropy; lr
 */
export function chartGroups(metrics: readonly string[]): ChartGroup[] {
  const groups = new Map<string, string[]>();
  for (const name of metrics) {
    const slash = name.indexOf("/");
    const title = slash > 0 ? name.slice(0, slash) : name;
    groups.set(title, [...(groups.get(title) ?? []), name]);
  }
  return [...groups].map(([title, members]) => ({ title, metrics: members }));
}

/** A metric's label on its group's chart: the part after the group's prefix. */
const labelOf = (group: ChartGroup, metric: string) => (metric.startsWith(`${group.title}/`) ? metric.slice(group.title.length + 1) : metric);

export function AlignCharts({ series }: { series: Record<string, ReadonlyArray<readonly [number, number]>> }) {
  const charts = useMemo(
    () =>
      chartGroups(Object.keys(series)).map((group) => {
        const x = [...new Set(group.metrics.flatMap((m) => series[m].map(([step]) => step)))].sort((a, b) => a - b);
        const lines: ChartSeries[] = group.metrics.map((m) => {
          const byStep = new Map(series[m]);
          return { label: labelOf(group, m), values: x.map((step) => byStep.get(step) ?? null) };
        });
        return { group, x, lines };
      }),
    [series],
  );
  if (charts.length === 0) return <p class="muted">No training step logged yet.</p>;
  return (
    <div class="lab-charts">
      {charts.map(({ group, x, lines }) => (
        <LineChart title={group.title} x={x} xLabel="step" series={lines} />
      ))}
    </div>
  );
}
