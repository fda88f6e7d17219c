import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { createRng } from "../src/stats/prng.js";
import { escapeXml, lineChart, linearTicks, logTicks, PALETTE, type LineChartSpec } from "../src/lab/svg-chart.js";

/** The `points` of every polyline in a series group, as [x, y] pairs. */
function polylines(svg: string, seriesName: string): [number, number][][] {
  const group = svg.match(new RegExp(`<g class="series" data-name="${escapeXml(seriesName)}"[^>]*>([\\s\\S]*?)</g>`));
  if (group === null) throw new Error(`no series ${seriesName}`);
  return [...group[1].matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1].split(" ").map((p) => p.split(",").map(Number) as [number, number]));
}

function tickLabels(svg: string, axis: "x" | "y"): string[] {
  return [...svg.matchAll(new RegExp(`<text class="tick-${axis}"[^>]*>([^<]*)</text>`, "g"))].map((m) => m[1]);
}

/** Every opened element is closed, in order (a cheap well-formedness check without an XML parser). */
function expectBalancedTags(svg: string): void {
  const stack: string[] = [];
  for (const [tag, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (selfClosing === "/") continue;
    if (closing === "/") expect(stack.pop(), tag).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
}

function isOneTwoFive(step: number): boolean {
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9);
}

const base: Omit<LineChartSpec, "series"> = { title: "Loss", xLabel: "step", yLabel: "loss (nats)" };

describe("linearTicks", () => {
  it("steps by 1, 2 or 5 × 10^k like d3's tickIncrement, widened to whole steps", () => {
    // d3.tickIncrement(1, 9, 5) = 2 (d3-array docs); the axis is then widened to [0, 10].
    expect(linearTicks(1, 9)).toEqual({ lo: 0, hi: 10, step: 2, ticks: [0, 2, 4, 6, 8, 10] });
    expect(linearTicks(0.3, 4.7)).toEqual({ lo: 0, hi: 5, step: 1, ticks: [0, 1, 2, 3, 4, 5] });
    expect(linearTicks(0, 1).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // Steps below one are exact decimals: 0.3, not 0.30000000000000004.
    expect(linearTicks(0, 0.3).ticks).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(linearTicks(1e-4, 3e-3).ticks).toEqual([0, 0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003]);
  });

  it("widens an empty range around the value", () => {
    expect(linearTicks(2.5, 2.5)).toMatchObject({ lo: 2.2, hi: 2.8 });
    expect(linearTicks(0, 0)).toMatchObject({ lo: -1, hi: 1 });
    expect(linearTicks(-40, -40)).toMatchObject({ lo: -44, hi: -36, step: 2 });
  });

  it("covers the range with evenly spaced nice ticks (random ranges)", () => {
    const rng = createRng(7);
    for (let i = 0; i < 500; i++) {
      const scale = 10 ** Math.floor(rng.nextFloat() * 16 - 8);
      const a = (rng.nextFloat() - 0.3) * scale;
      const b = a + rng.nextFloat() * scale * 3;
      const { lo, hi, step, ticks } = linearTicks(a, b);
      expect(lo).toBeLessThanOrEqual(a);
      expect(hi).toBeGreaterThanOrEqual(b);
      expect(isOneTwoFive(step), `step ${step} for [${a}, ${b}]`).toBe(true);
      expect(ticks[0]).toBe(lo);
      expect(ticks[ticks.length - 1]).toBe(hi);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(12);
      for (let k = 1; k < ticks.length; k++) expect(ticks[k] - ticks[k - 1]).toBeCloseTo(step, 12 - Math.log10(step));
    }
  });

  it("rejects a reversed or non-finite range", () => {
    expect(() => linearTicks(2, 1)).toThrow(InputError);
    expect(() => linearTicks(NaN, 1)).toThrow(InputError);
  });
});

describe("logTicks", () => {
  it("puts ticks on powers of ten covering the range, at least one decade", () => {
    expect(logTicks(2e-4, 3e-3)).toEqual({ loExponent: -4, hiExponent: -2, ticks: [1e-4, 1e-3, 1e-2] });
    expect(logTicks(1e-3, 1e-3)).toEqual({ loExponent: -3, hiExponent: -2, ticks: [1e-3, 1e-2] });
    expect(logTicks(1, 1000).ticks).toEqual([1, 10, 100, 1000]);
  });

  it("labels every k-th decade over a wide range, ending on a labelled decade", () => {
    const { loExponent, hiExponent, ticks } = logTicks(1e-12, 1e5);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[0]).toBe(1e-12);
    expect(ticks[ticks.length - 1]).toBe(10 ** hiExponent);
    expect(hiExponent).toBeGreaterThanOrEqual(5);
    expect(loExponent).toBe(-12);
  });

  it("rejects non-positive ranges", () => {
    expect(() => logTicks(0, 1)).toThrow(InputError);
  });
});

describe("lineChart", () => {
  it("draws one polyline per series with one point per input point, inside the plot", () => {
    const train = Array.from({ length: 60 }, (_, i): [number, number] => [i + 1, 4 * Math.exp(-i / 15) + 1.5]);
    const val: [number, number][] = [[20, 2.3], [40, 2], [60, 2.05]];
    const svg = lineChart({ ...base, series: [{ name: "train", points: train }, { name: "validation", points: val }] });
    expect(polylines(svg, "train").map((p) => p.length)).toEqual([60]);
    expect(polylines(svg, "validation").map((p) => p.length)).toEqual([3]);
    for (const [x, y] of polylines(svg, "train")[0]) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(640);
      expect(y).toBeGreaterThan(30);
      expect(y).toBeLessThan(320);
    }
    // Larger loss is drawn higher (smaller SVG y); later steps further right.
    const [first, second] = polylines(svg, "train")[0];
    expect(first[1]).toBeLessThan(second[1]);
    expect(first[0]).toBeLessThan(second[0]);
    // Sparse series (evaluations) get a marker on each point; dense ones do not.
    expect(svg.match(/<circle class="marker"/g)).toHaveLength(3);
    expect(svg).toContain(`stroke="${PALETTE[0]}"`);
    expect(svg).toContain(`stroke="${PALETTE[1]}"`);
    expect(svg).toContain(">Loss</text>");
    expect(svg).toContain(">step</text>");
    expect(svg).toContain(">loss (nats)</text>");
    expectBalancedTags(svg);
  });

  it("labels the axes with nice ticks", () => {
    const svg = lineChart({ ...base, series: [{ name: "s", points: [[0, 1.4], [600, 4.2]] }] });
    expect(tickLabels(svg, "x")).toEqual(["0", "100", "200", "300", "400", "500", "600"]);
    expect(tickLabels(svg, "y")).toEqual(["1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5"]);
    const tokens = lineChart({ ...base, series: [{ name: "s", points: [[0, 1], [3_000_000, 2]] }] });
    expect(tickLabels(tokens, "x")).toEqual(["0", "0.5M", "1.0M", "1.5M", "2.0M", "2.5M", "3.0M"]);
  });

  it("puts log-scale ticks on powers of ten", () => {
    const layers = ["wte", "h.0", "h.1"].map((name, j) => ({
      name,
      points: Array.from({ length: 6 }, (_, i): [number, number] => [10 * (i + 1), 3e-3 * 10 ** (-j) * Math.exp(-i / 3)]),
    }));
    const svg = lineChart({ ...base, logY: true, series: layers });
    const labels = tickLabels(svg, "y");
    expect(labels.length).toBeGreaterThanOrEqual(2);
    for (const label of labels) {
      const exponent = Math.log10(Number(label));
      expect(Number.isInteger(Math.round(exponent * 1e9) / 1e9), label).toBe(true);
    }
    expect(labels).toContain("1e-3");
    for (const layer of layers) expect(polylines(svg, layer.name).map((p) => p.length)).toEqual([6]);
  });

  it("puts a log-scale x axis on powers of ten, a point's position on its decade (a learning-rate sweep)", () => {
    const svg = lineChart({ ...base, logX: true, series: [{ name: "loss", points: [[1e-3, 2], [1e-2, 1.5], [1e-1, 3], [0, 9], [-1, 9]] }] });
    expect(tickLabels(svg, "x")).toEqual(["1e-3", "0.01", "0.1"]);
    // 0 and -1 have no logarithm: skipped. The three LRs are a decade apart, so evenly spaced.
    const [line] = polylines(svg, "loss");
    expect(line).toHaveLength(3);
    expect(line[1][0] - line[0][0]).toBeCloseTo(line[2][0] - line[1][0], 1);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("skips non-finite points, breaking the line, and never writes NaN", () => {
    const points: [number, number][] = [[1, 3], [2, 2.5], [3, NaN], [4, 2], [5, Infinity], [6, 1.8], [7, 1.7], [8, 1.6]];
    const svg = lineChart({ ...base, series: [{ name: "loss", points }] });
    // [1, 2] and [6, 7, 8] are lines; the lone point 4 is a dot.
    expect(polylines(svg, "loss").map((p) => p.length)).toEqual([2, 3]);
    expect(svg.match(/<circle class="dot"/g)).toHaveLength(1);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("on a log axis skips zero and negative values", () => {
    const svg = lineChart({ ...base, logY: true, series: [{ name: "r", points: [[1, 1e-3], [2, 0], [3, 2e-3], [4, 3e-3], [5, -1]] }] });
    expect(polylines(svg, "r").map((p) => p.length)).toEqual([2]);
    expect(svg.match(/<circle class="dot"/g)).toHaveLength(1);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("handles a single point, a constant series, empty series and no series without NaN", () => {
    const single = lineChart({ ...base, series: [{ name: "one", points: [[5, 2]] }] });
    expect(single.match(/<circle class="dot"/g)).toHaveLength(1);
    expect(polylines(single, "one")).toEqual([]);
    const constant = lineChart({ ...base, series: [{ name: "c", points: [[1, 3], [2, 3], [3, 3]] }] });
    const [line] = polylines(constant, "c");
    expect(new Set(line.map((p) => p[1])).size).toBe(1); // a flat line, mid-plot
    expect(tickLabels(constant, "y")).toContain("3.0");
    const empty = lineChart({ ...base, series: [{ name: "e", points: [] }, { name: "nan", points: [[1, NaN]] }] });
    expect(empty).toContain(">no data</text>");
    expect(empty).toContain(">e</text>"); // still in the legend
    const none = lineChart({ ...base, series: [], logY: true });
    for (const svg of [single, constant, empty, none]) {
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      expectBalancedTags(svg);
    }
  });

  it("handles extreme magnitudes without NaN", () => {
    const svg = lineChart({ ...base, series: [{ name: "x", points: [[0, 1e-310], [1, 0], [2, 1e99], [3, 1e200]] }] });
    expect(svg).not.toMatch(/NaN|Infinity/);
    const tiny = lineChart({ ...base, series: [{ name: "lr", points: [[0, 0], [10, 3e-3], [20, 3e-4]] }] });
    expect(tickLabels(tiny, "y")).toEqual(["0", "5.0e-4", "1.0e-3", "1.5e-3", "2.0e-3", "2.5e-3", "3.0e-3"]);
  });

  it("escapes text and stays self-contained", () => {
    const svg = lineChart({ title: `<script>alert("x")</script> & 'co'`, xLabel: "a<b", yLabel: "c>d", series: [{ name: "p&q", points: [[0, 1], [1, 2]] }] });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;");
    expect(svg).toContain(">a&lt;b</text>");
    expect(svg).toContain('data-name="p&amp;q"');
    expect(svg).not.toMatch(/href|@import|<style|<image|url\(/);
    expect(svg.match(/http/g)).toHaveLength(1); // the SVG namespace only
    expectBalancedTags(svg);
  });

  it("is deterministic and repeats colours dashed after the palette", () => {
    const series = Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, points: [[0, i], [1, i + 1]] as [number, number][] }));
    const a = lineChart({ ...base, series });
    expect(lineChart({ ...base, series: structuredClone(series) })).toBe(a);
    expect(a.match(/stroke-dasharray/g)?.length).toBe(4); // series 8 and 9: line and legend
    // Many series: the legend squeezes to stay inside the chart.
    const many = lineChart({ ...base, series: Array.from({ length: 40 }, (_, i) => ({ name: `layer ${i}`, points: [[0, i], [1, i]] as [number, number][] })) });
    const legendY = [...many.matchAll(/<g class="legend">([\s\S]*?)<\/g>/g)][0][1].matchAll(/<text [^>]*y="([\d.]+)"/g);
    for (const [, y] of legendY) expect(Number(y)).toBeLessThan(360);
  });

  it("rejects a size that cannot hold a chart", () => {
    expect(() => lineChart({ ...base, series: [], width: 50 })).toThrow(InputError);
    expect(() => lineChart({ ...base, series: [], height: NaN })).toThrow(InputError);
  });
});
