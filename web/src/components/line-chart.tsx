/**
 * A line chart (uPlot, loaded only on pages that draw one): several series over a shared x,
 * optional vertical markers (alerts on a training curve), a log y-axis where asked, and a
 * plain table of the same numbers for screen readers. New points redraw in place, so a live
 * curve grows without a flash.
 */
import { useEffect, useRef } from "preact/hooks";
import type uPlot from "uplot";

export interface ChartSeries {
  label: string;
  /** One value per x (null where this series has no point). */
  values: ReadonlyArray<number | null>;
  /** A CSS colour; a palette colour by default. */
  color?: string;
  /** Draw points only (sparse series such as validation loss). */
  points?: boolean;
}

export interface ChartMarker {
  x: number;
  label: string;
}

export interface LineChartProps {
  title: string;
  x: readonly number[];
  xLabel: string;
  series: readonly ChartSeries[];
  yLabel?: string;
  logY?: boolean;
  markers?: readonly ChartMarker[];
  /** x values are Unix seconds: the axis shows dates. */
  time?: boolean;
  height?: number;
}

const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

let library: Promise<typeof uPlot> | null = null;
const loadUplot = () => (library ??= Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]).then(([m]) => m.default));

const plain = new Intl.NumberFormat();
/**
 * uPlot's default tick format keeps 3 decimals, so a learning rate of 3e-4 would read "0":
 * small values are written as "3e-4" instead. A log axis leaves some ticks unlabelled (null).
 */
const tickLabel = (v: number | null) => (v === null ? "" : v !== 0 && Math.abs(v) < 0.01 ? Number(v.toPrecision(3)).toExponential() : plain.format(v));

function options(props: LineChartProps, width: number, textColor: string, gridColor: string): uPlot.Options {
  const markers = props.markers ?? [];
  return {
    width,
    height: props.height ?? 240,
    scales: { x: { time: props.time ?? false }, y: { distr: props.logY ? 3 : 1 } },
    axes: [
      { label: props.xLabel, stroke: textColor, grid: { stroke: gridColor } },
      { label: props.yLabel, stroke: textColor, grid: { stroke: gridColor }, size: 60, values: (_u: uPlot, splits: (number | null)[]) => splits.map(tickLabel) },
    ],
    series: [
      { label: props.xLabel },
      ...props.series.map((s, i) => ({
        label: s.label,
        stroke: s.color ?? PALETTE[i % PALETTE.length],
        width: 1.5,
        spanGaps: true,
        points: s.points ? { show: true, size: 6 } : { show: false },
        paths: s.points ? () => null : undefined,
      })),
    ],
    hooks: {
      // Alerts as dashed vertical lines across the plot.
      draw: [
        (u: uPlot) => {
          const { ctx } = u;
          ctx.save();
          ctx.strokeStyle = "#dc2626";
          ctx.setLineDash([4, 4]);
          ctx.lineWidth = 1.5;
          for (const m of markers) {
            const left = Math.round(u.valToPos(m.x, "x", true));
            ctx.beginPath();
            ctx.moveTo(left, u.bbox.top);
            ctx.lineTo(left, u.bbox.top + u.bbox.height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

const dataOf = (props: LineChartProps): uPlot.AlignedData => [props.x as number[], ...props.series.map((s) => s.values as (number | null)[])];

export function LineChart(props: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const shape = `${props.series.map((s) => s.label).join("|")}|${props.logY}|${(props.markers ?? []).map((m) => m.x).join(",")}`;

  // Build the chart when the series (or markers) change; otherwise only feed it new data.
  useEffect(() => {
    let live = true;
    void loadUplot().then((UPlot) => {
      if (!live || !box.current) return;
      const style = getComputedStyle(document.documentElement);
      const width = Math.max(280, box.current.clientWidth);
      chart.current?.destroy();
      chart.current = new UPlot(options(props, width, style.getPropertyValue("--text").trim(), style.getPropertyValue("--border").trim()), dataOf(props), box.current);
    });
    return () => {
      live = false;
      chart.current?.destroy();
      chart.current = null;
    };
  }, [shape]);

  useEffect(() => {
    chart.current?.setData(dataOf(props));
  }, [props.x, props.series]);

  useEffect(() => {
    const resize = () => chart.current && box.current && chart.current.setSize({ width: Math.max(280, box.current.clientWidth), height: props.height ?? 240 });
    window.addEventListener("resize", resize);
    return () => window.removeEventListener("resize", resize);
  }, [props.height]);

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} class="chart-canvas" data-points={props.x.length} />
      <details class="chart-table">
        <summary>Numbers</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.xLabel}</th>
              {props.series.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.x.slice(-50).map((x, row) => {
              const i = props.x.length - Math.min(50, props.x.length) + row;
              return (
                <tr>
                  <td>{props.time ? new Date(x * 1000).toISOString().slice(0, 10) : x}</td>
                  {props.series.map((s) => (
                    <td>{s.values[i] === null || s.values[i] === undefined ? "" : Number(s.values[i]!.toPrecision(4))}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
      {props.markers && props.markers.length > 0 ? (
        <ul class="chart-markers">
          {props.markers.map((m) => (
            <li>
              <span class="bad">▍</span> {props.xLabel} {m.x}: {m.label}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
