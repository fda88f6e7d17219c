/**
 * Line charts as self-contained SVG text: no fonts, scripts or styles from outside, so a
 * report's charts open in any browser, editor preview or Git host exactly as written.
 *
 * Axes get "nice" ticks: a linear axis steps by 1, 2 or 5 times a power of ten (the rule of
 * Heckbert, "Nice numbers for graph labels", Graphics Gems 1990, with the rounding
 * thresholds √50, √10, √2 of d3-array's tickIncrement), and the axis is widened to whole
 * steps; a log axis (x or y) puts its ticks on powers of ten. A point whose x or y is not finite (or
 * not positive on a log axis) is skipped and breaks its line, so a NaN in a run shows as
 * a gap, never as NaN in the SVG. The output depends only on the spec: same spec, same bytes.
 */
import { InputError, describeValue } from "../errors.js";

export interface ChartSeries {
  name: string;
  /** [x, y] pairs in drawing order. */
  points: [number, number][];
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** Log-scale y axis with ticks at powers of ten (for quantities spanning decades). */
  logY?: boolean;
  /** Log-scale x axis with ticks at powers of ten (a learning-rate sweep). */
  logX?: boolean;
  /** Size in pixels; 640 × 360 unless given. */
  width?: number;
  height?: number;
}

/**
 * Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2008), ordered so
 * that the first colours differ most; yellow comes last because it is faint on white.
 * After eight series the colours repeat with a dashed line.
 */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"] as const;

/** Values beyond this magnitude are skipped like non-finite ones: their span would overflow the axis arithmetic. */
const LARGEST_PLOTTED = 1e100;
const CHAR_WIDTH = 7; // approximate width of one 12px sans-serif character, for layout only
const FONT = 'font-family="sans-serif"';
/** Series with at most this many points get a marker on each point. */
const SPARSE_POINTS = 20;

/** A linear axis: its ends (whole multiples of the step) and the ticks between them. */
export interface LinearTicks {
  lo: number;
  hi: number;
  ticks: number[];
  /** The tick step: a power of ten times 1, 2 or 5. */
  step: number;
}

/**
 * Nice ticks for a linear axis covering [min, max] with about `count` intervals. The step is
 * 1, 2 or 5 × 10^k, chosen like d3's tickIncrement (the 1-2-5 value nearest to
 * (max - min) / count in ratio), and the axis ends are widened to whole steps, repeating until
 * the step is stable (as d3's scale.nice). Steps below one are kept as their integer inverse so
 * that ticks are exact decimals (3 / 10 = 0.3, where 3 × 0.1 = 0.30000000000000004).
 * An empty range (min = max) is widened by 10% of the value on each side (by 1 around zero).
 *
 * @example linearTicks(0.3, 4.7) // { lo: 0, hi: 5, step: 1, ticks: [0, 1, 2, 3, 4, 5] }
 */
export function linearTicks(min: number, max: number, count = 5): LinearTicks {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) {
    throw new InputError(`linearTicks: need finite min <= max, got ${describeValue(min)} and ${describeValue(max)}`);
  }
  // A range too narrow to divide (equal ends, or below double precision) is treated as one value.
  if (max - min <= 1e-9 * Math.max(Math.abs(min), Math.abs(max)) || max - min < 1e-200) {
    const center = (min + max) / 2;
    const pad = Math.abs(center) < 1e-100 ? 1 : Math.abs(center) * 0.1;
    min = center - pad;
    max = center + pad;
  }
  let lo = min;
  let hi = max;
  let increment = tickIncrement(lo, hi, count);
  for (let i = 0; i < 10; i++) {
    const kLo = Math.floor(tickIndex(lo, increment) + 1e-9);
    const kHi = Math.ceil(tickIndex(hi, increment) - 1e-9);
    lo = tickValue(kLo, increment);
    hi = tickValue(kHi, increment);
    const next = tickIncrement(lo, hi, count);
    if (next === increment) {
      const ticks: number[] = [];
      for (let k = kLo; k <= kHi; k++) ticks.push(tickValue(k, increment));
      return { lo, hi, ticks, step: increment > 0 ? increment : 1 / -increment };
    }
    increment = next;
  }
  // Not reached for finite input (d3 stops after 10 rounds too); the last ends are still whole steps.
  const ticks: number[] = [];
  for (let k = Math.round(tickIndex(lo, increment)); k <= Math.round(tickIndex(hi, increment)); k++) ticks.push(tickValue(k, increment));
  return { lo, hi, ticks, step: increment > 0 ? increment : 1 / -increment };
}

/**
 * The 1-2-5 step for `count` intervals over [start, stop], as d3-array's tickIncrement: a
 * positive integer step, or for steps below one the negative of its inverse (-10 means 0.1).
 */
function tickIncrement(start: number, stop: number, count: number): number {
  const raw = (stop - start) / count;
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  // Round to the 1-2-5 value nearest in ratio: the thresholds are the geometric midpoints.
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return power >= 0 ? factor * 10 ** power : -(10 ** -power) / factor;
}

function tickIndex(value: number, increment: number): number {
  return increment > 0 ? value / increment : value * -increment;
}

function tickValue(k: number, increment: number): number {
  const value = increment > 0 ? k * increment : k / -increment;
  return value + 0; // -0 (from Math.ceil(-0.5)) becomes 0
}

/** A log axis: decade exponents of its ends and of the labelled ticks. */
export interface LogTicks {
  loExponent: number;
  hiExponent: number;
  /** Tick values, each 10^k for an integer k. */
  ticks: number[];
}

/**
 * Decade ticks for a log axis covering [min, max] (both > 0): the axis runs from the power of
 * ten at or below min to the one at or above max (at least one decade), with a tick at every
 * decade, or at every second, third... decade when there would be more than eight (the top is
 * then raised to the next labelled decade).
 *
 * @example logTicks(2e-4, 3e-3) // { loExponent: -4, hiExponent: -2, ticks: [1e-4, 1e-3, 1e-2] }
 */
export function logTicks(min: number, max: number): LogTicks {
  if (!(min > 0 && max >= min && Number.isFinite(max))) {
    throw new InputError(`logTicks: need 0 < min <= max, finite, got ${describeValue(min)} and ${describeValue(max)}`);
  }
  const loExponent = Math.floor(Math.log10(min) + 1e-9);
  let hiExponent = Math.ceil(Math.log10(max) - 1e-9);
  if (hiExponent === loExponent) hiExponent += 1;
  const every = Math.ceil((hiExponent - loExponent + 1) / 8);
  // Extend the top to a labelled decade so that both ends of the axis carry a tick.
  hiExponent = loExponent + Math.ceil((hiExponent - loExponent) / every) * every;
  const ticks: number[] = [];
  for (let e = loExponent; e <= hiExponent; e += every) ticks.push(powerOfTen(e));
  return { loExponent, hiExponent, ticks };
}

/** 10^e as the nearest double to the decimal 1e<e> (10 ** -3 is 0.0010000000000000002 in some engines). */
function powerOfTen(e: number): number {
  return Number(`1e${e}`);
}

/**
 * Renders a line chart to SVG text: title, axes with tick labels, axis labels, a legend and
 * one polyline per unbroken stretch of each series (a lone point is drawn as a dot; a series
 * of at most 20 points also gets a marker on each point). Series
 * with no drawable points still appear in the legend; a chart with none says "no data".
 *
 * @example
 * const svg = lineChart({ title: "Loss", xLabel: "step", yLabel: "loss (nats)",
 *   series: [{ name: "train", points: [[1, 4.2], [2, 3.9], [3, 3.1]] }] });
 */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 360;
  for (const [name, value] of [["width", width], ["height", height]] as const) {
    if (!(Number.isFinite(value) && value >= 200 && value <= 10_000)) {
      throw new InputError(`lineChart: ${name} must be between 200 and 10000 pixels, got ${describeValue(value)}`);
    }
  }
  const logY = spec.logY === true;
  const logX = spec.logX === true;
  const segments = spec.series.map((s) => drawableSegments(s.points, logX, logY));
  const drawn = segments.flat(2);
  const hasData = drawn.length > 0;

  // Axis domains from the drawable points; [0, 1] (a decade on a log axis) when there are none.
  const xs = drawn.map((p) => p[0]);
  const ys = drawn.map((p) => p[1]);
  let xLo: number;
  let xHi: number;
  let xPosition: (x: number) => number; // value → position on the axis scale
  let xTickValues: number[];
  let xTickLabels: string[];
  if (logX) {
    const axis = hasData ? logTicks(minOf(xs), maxOf(xs)) : logTicks(1, 10);
    [xLo, xHi, xPosition, xTickValues] = [axis.loExponent, axis.hiExponent, Math.log10, axis.ticks];
    xTickLabels = axis.ticks.map(formatPowerOfTen);
  } else {
    const axis = hasData ? linearTicks(minOf(xs), maxOf(xs)) : linearTicks(0, 1);
    [xLo, xHi, xPosition, xTickValues] = [axis.lo, axis.hi, (x: number) => x, axis.ticks];
    xTickLabels = formatLinearTicks(axis);
  }
  const yTickValues: number[] = [];
  let yTickLabels: string[];
  let yLo: number;
  let yHi: number;
  let yPosition: (y: number) => number; // value → position on the axis scale
  if (logY) {
    const axis = hasData ? logTicks(minOf(ys), maxOf(ys)) : logTicks(1, 10);
    yLo = axis.loExponent;
    yHi = axis.hiExponent;
    yPosition = Math.log10;
    yTickValues.push(...axis.ticks);
    yTickLabels = axis.ticks.map(formatPowerOfTen);
  } else {
    const axis = hasData ? linearTicks(minOf(ys), maxOf(ys)) : linearTicks(0, 1);
    yLo = axis.lo;
    yHi = axis.hi;
    yPosition = (y) => y;
    yTickValues.push(...axis.ticks);
    yTickLabels = formatLinearTicks(axis);
  }

  // Layout: room on the left for the y tick labels and axis label, on the right for the legend.
  const legendNames = spec.series.map((s) => truncate(s.name, 28));
  const legendWidth = spec.series.length === 0 ? 0 : Math.min(width * 0.35, 36 + CHAR_WIDTH * Math.max(...legendNames.map((n) => n.length)));
  const left = 30 + CHAR_WIDTH * Math.max(...yTickLabels.map((l) => l.length));
  const right = width - 16 - legendWidth;
  const top = 40;
  const bottom = height - 48;
  const toX = (x: number) => left + ((xPosition(x) - xLo) / (xHi - xLo)) * (right - left);
  const toY = (y: number) => bottom - ((yPosition(y) - yLo) / (yHi - yLo)) * (bottom - top);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="${num(width / 2)}" y="22" text-anchor="middle" ${FONT} font-size="15" font-weight="bold" fill="#222222">${escapeXml(spec.title)}</text>`,
  );

  // Grid lines and tick labels.
  out.push('<g class="y-ticks">');
  yTickValues.forEach((value, i) => {
    const y = num(toY(value));
    out.push(
      `<line x1="${num(left)}" y1="${y}" x2="${num(right)}" y2="${y}" stroke="#e5e5e5" stroke-width="1"/>`,
      `<text class="tick-y" x="${num(left - 6)}" y="${y}" dy="4" text-anchor="end" ${FONT} font-size="11" fill="#444444">${escapeXml(yTickLabels[i])}</text>`,
    );
  });
  out.push("</g>", '<g class="x-ticks">');
  xTickValues.forEach((value, i) => {
    const x = num(toX(value));
    out.push(
      `<line x1="${x}" y1="${num(bottom)}" x2="${x}" y2="${num(bottom + 5)}" stroke="#444444" stroke-width="1"/>`,
      `<text class="tick-x" x="${x}" y="${num(bottom + 18)}" text-anchor="middle" ${FONT} font-size="11" fill="#444444">${escapeXml(xTickLabels[i])}</text>`,
    );
  });
  out.push("</g>");

  // Axes and their labels.
  out.push(
    `<line x1="${num(left)}" y1="${num(top)}" x2="${num(left)}" y2="${num(bottom)}" stroke="#444444" stroke-width="1"/>`,
    `<line x1="${num(left)}" y1="${num(bottom)}" x2="${num(right)}" y2="${num(bottom)}" stroke="#444444" stroke-width="1"/>`,
    `<text class="x-label" x="${num((left + right) / 2)}" y="${num(height - 10)}" text-anchor="middle" ${FONT} font-size="12" fill="#222222">${escapeXml(spec.xLabel)}</text>`,
    `<text class="y-label" x="14" y="${num((top + bottom) / 2)}" text-anchor="middle" transform="rotate(-90 14 ${num((top + bottom) / 2)})" ${FONT} font-size="12" fill="#222222">${escapeXml(spec.yLabel)}</text>`,
  );
  if (!hasData) {
    out.push(`<text class="no-data" x="${num((left + right) / 2)}" y="${num((top + bottom) / 2)}" text-anchor="middle" ${FONT} font-size="13" fill="#888888">no data</text>`);
  }

  // One group per series: a polyline per unbroken stretch, a dot for a lone point, and
  // markers on every point of a sparse series (evaluations), where the corners matter.
  spec.series.forEach((series, i) => {
    const { colour, dash } = seriesStyle(i);
    const sparse = segments[i].reduce((n, segment) => n + segment.length, 0) <= SPARSE_POINTS;
    out.push(`<g class="series" data-name="${escapeXml(series.name)}" stroke="${colour}" fill="none">`);
    for (const segment of segments[i]) {
      if (segment.length === 1) {
        out.push(`<circle class="dot" cx="${num(toX(segment[0][0]))}" cy="${num(toY(segment[0][1]))}" r="2.5" fill="${colour}" stroke="none"/>`);
        continue;
      }
      const points = segment.map(([x, y]) => `${num(toX(x))},${num(toY(y))}`).join(" ");
      out.push(`<polyline points="${points}" stroke-width="1.5" stroke-linejoin="round"${dash}/>`);
      if (sparse) {
        for (const [x, y] of segment) out.push(`<circle class="marker" cx="${num(toX(x))}" cy="${num(toY(y))}" r="2.5" fill="${colour}" stroke="none"/>`);
      }
    }
    out.push("</g>");
  });

  // Legend, top to bottom, at the right of the plot; rows squeeze together to fit many series.
  const rowHeight = Math.min(18, (bottom - top) / Math.max(1, legendNames.length));
  const legendFont = num(Math.max(6, Math.min(12, rowHeight - 3)));
  out.push('<g class="legend">');
  legendNames.forEach((name, i) => {
    const { colour, dash } = seriesStyle(i);
    const y = num(top + 8 + i * rowHeight);
    out.push(
      `<line x1="${num(right + 12)}" y1="${y}" x2="${num(right + 32)}" y2="${y}" stroke="${colour}" stroke-width="2"${dash}/>`,
      `<text x="${num(right + 38)}" y="${y}" dy="4" ${FONT} font-size="${legendFont}" fill="#222222">${escapeXml(name)}</text>`,
    );
  });
  out.push("</g>", "</svg>", "");
  return out.join("\n");
}

/** Escapes the five XML special characters, for text and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

/** Splits points into runs of drawable ones; a non-drawable point ends the current run. */
function drawableSegments(points: readonly [number, number][], logX: boolean, logY: boolean): [number, number][][] {
  const segments: [number, number][][] = [];
  let current: [number, number][] = [];
  for (const [x, y] of points) {
    const drawable = Math.abs(x) <= LARGEST_PLOTTED && Math.abs(y) <= LARGEST_PLOTTED && (!logX || x > 1e-100) && (!logY || y > 1e-100);
    if (drawable) {
      current.push([x, y]);
    } else if (current.length > 0) {
      segments.push(current);
      current = [];
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

function seriesStyle(i: number): { colour: string; dash: string } {
  return { colour: PALETTE[i % PALETTE.length], dash: i >= PALETTE.length ? ' stroke-dasharray="6 3"' : "" };
}

/**
 * Tick labels with as many decimals as the step needs; thousands and millions as "k" and "M"
 * (token counts), and tiny values (learning rates) in exponent notation.
 */
function formatLinearTicks(axis: LinearTicks): string[] {
  const largest = Math.max(...axis.ticks.map(Math.abs));
  const decimalsFor = (step: number) => Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  if (largest >= 1e4) {
    const [unit, suffix] = largest >= 1e9 ? [1e9, "G"] : largest >= 1e6 ? [1e6, "M"] : [1e3, "k"];
    const decimals = decimalsFor(axis.step / unit);
    return axis.ticks.map((t) => (t === 0 ? "0" : `${(t / unit).toFixed(decimals)}${suffix}`));
  }
  if (largest < 1e-2) {
    const digits = Math.max(0, Math.floor(Math.log10(largest) + 1e-9) - Math.floor(Math.log10(axis.step) + 1e-9));
    return axis.ticks.map((t) => (t === 0 ? "0" : t.toExponential(digits)));
  }
  const decimals = decimalsFor(axis.step);
  return axis.ticks.map((t) => (t === 0 ? "0" : t.toFixed(decimals)));
}

/** 10^e as "0.01", "1", "1000" for small exponents, "1e-5" beyond. */
function formatPowerOfTen(value: number): string {
  const e = Math.round(Math.log10(value));
  return e >= -2 && e <= 3 ? String(powerOfTen(e)) : `1e${e}`;
}

/** A coordinate with two decimals at most, never "-0". */
function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function minOf(values: readonly number[]): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}

function maxOf(values: readonly number[]): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}
