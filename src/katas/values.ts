/**
 * The values that cross the pipe between the judge and a kata solution, and their JSON
 * wire form. Inside lmdojo a value is plain data:
 *   number | boolean | string | null | NDArray | Value[] | { [key]: Value }
 * On the wire (JSON, one case or result per line):
 *   - finite numbers, booleans, strings, null and lists as themselves;
 *   - a non-finite number as {"$f": "nan" | "inf" | "-inf"} (JSON has no NaN);
 *   - an n-dimensional array as {"$nd": {"dtype", "shape", "b64"}}: its elements as
 *     little-endian float64 in row-major order, base64-encoded, so that every double
 *     (and -0, NaN, ±inf) survives the trip exactly;
 *   - an object as {"$map": {...}}, so that no user key can pose as a tag.
 * The Python harness decodes "$nd" to a NumPy array (float64, int64 or bool); the
 * TypeScript harness to nested number arrays.
 */

export type DType = "f64" | "i64" | "bool";

/** A dense row-major n-dimensional array; `data.length` is the product of `shape`. */
export interface NDArray {
  readonly kind: "nd";
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export type Value = number | boolean | string | null | NDArray | Value[] | { readonly [key: string]: Value };

/** The number of elements of an array of `shape` (1 for a scalar's shape []). */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/**
 * An array of `shape` holding `data` in row-major order.
 *
 * @example nd([2, 2], [1, 2, 3, 4]) // [[1, 2], [3, 4]]
 */
export function nd(shape: readonly number[], data: ArrayLike<number>, dtype: DType = "f64"): NDArray {
  if (data.length !== sizeOf(shape)) throw new Error(`nd: ${data.length} values for shape [${shape.join(", ")}]`);
  return { kind: "nd", dtype, shape: [...shape], data: Float64Array.from(data) };
}

/** An int64 array (token ids, indices, counts). */
export const ndInt = (shape: readonly number[], data: ArrayLike<number>): NDArray => nd(shape, data, "i64");

export function isNDArray(value: unknown): value is NDArray {
  return typeof value === "object" && value !== null && (value as NDArray).kind === "nd" && (value as NDArray).data instanceof Float64Array;
}

/**
 * A nested list of numbers as an array, or null when it is ragged or holds anything but
 * numbers (a Python solution may return lists where an array is expected).
 */
export function fromNested(value: Value, dtype: DType = "f64"): NDArray | null {
  const shape: number[] = [];
  for (let v: Value = value; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const data: number[] = [];
  const walk = (v: Value, depth: number): boolean => {
    if (depth === shape.length) {
      if (typeof v === "number") return data.push(v) > 0;
      if (typeof v === "boolean") return data.push(v ? 1 : 0) > 0;
      return false;
    }
    return Array.isArray(v) && v.length === shape[depth] && v.every((x) => walk(x, depth + 1));
  };
  return walk(value, 0) ? nd(shape, data, dtype) : null;
}

/** An array as nested lists of numbers (a scalar for shape []). */
export function toNested(array: NDArray): Value {
  const build = (offset: number, depth: number): Value => {
    if (depth === array.shape.length) return array.dtype === "bool" ? array.data[offset] !== 0 : array.data[offset];
    const stride = sizeOf(array.shape.slice(depth + 1));
    return Array.from({ length: array.shape[depth] }, (_, i) => build(offset + i * stride, depth + 1));
  };
  return build(0, 0);
}

/** The JSON form of `value` (see the module comment). */
export function encodeValue(value: Value): unknown {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    return { $f: Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf" };
  }
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (isNDArray(value)) {
    const bytes = new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength);
    return { $nd: { dtype: value.dtype, shape: value.shape, b64: Buffer.from(bytes).toString("base64") } };
  }
  if (Array.isArray(value)) return value.map(encodeValue);
  return { $map: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeValue(v)])) };
}

/** A value back from its JSON form; throws on anything that is not one (a tampered or broken stream). */
export function decodeValue(json: unknown): Value {
  if (json === null || typeof json === "number" || typeof json === "boolean" || typeof json === "string") return json;
  if (Array.isArray(json)) return json.map(decodeValue);
  if (typeof json === "object") {
    const tagged = json as { $f?: unknown; $nd?: { dtype?: unknown; shape?: unknown; b64?: unknown }; $map?: unknown };
    const keys = Object.keys(json);
    if (keys.length === 1 && keys[0] === "$f") {
      if (tagged.$f === "nan") return NaN;
      if (tagged.$f === "inf") return Infinity;
      if (tagged.$f === "-inf") return -Infinity;
    }
    if (keys.length === 1 && keys[0] === "$nd" && tagged.$nd) return decodeArray(tagged.$nd);
    if (keys.length === 1 && keys[0] === "$map" && typeof tagged.$map === "object" && tagged.$map !== null && !Array.isArray(tagged.$map)) {
      return Object.fromEntries(Object.entries(tagged.$map).map(([k, v]) => [k, decodeValue(v)]));
    }
  }
  throw new Error(`not a kata value: ${JSON.stringify(json)?.slice(0, 80)}`);
}

function decodeArray(raw: { dtype?: unknown; shape?: unknown; b64?: unknown }): NDArray {
  const { dtype, shape, b64 } = raw;
  if (dtype !== "f64" && dtype !== "i64" && dtype !== "bool") throw new Error(`array dtype ${String(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error("array shape");
  if (typeof b64 !== "string") throw new Error("array data");
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length !== 8 * sizeOf(shape as number[])) throw new Error(`array of shape [${shape.join(", ")}] with ${bytes.length} bytes`);
  const data = new Float64Array(bytes.length / 8);
  new Uint8Array(data.buffer).set(bytes);
  return { kind: "nd", dtype, shape: shape as number[], data };
}

/**
 * A value as a result shows it: arrays as nested lists (long ones elided), numbers to
 * 6 significant digits, NaN and ±Infinity by name.
 *
 * @example formatValue(nd([3], [1, 0.5, NaN])) // "[1, 0.5, NaN]"
 */
export function formatValue(value: Value, maxItems = 8): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 200 ? value.slice(0, 200) + "…" : value);
  const list = (items: Value[]): string => {
    const shown = items.slice(0, maxItems).map((v) => formatValue(v, maxItems));
    return `[${shown.join(", ")}${items.length > maxItems ? `, … (${items.length} in all)` : ""}]`;
  };
  if (isNDArray(value)) return value.shape.length === 0 ? formatValue(toNested(value)) : list(toNested(value) as Value[]);
  if (Array.isArray(value)) return list(value);
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}: ${formatValue(v, maxItems)}`)
    .join(", ")}}`;
}
