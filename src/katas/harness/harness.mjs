// Runs a kata solution on the judge's cases, inside the sandbox (the TypeScript side).
//
// The judge writes one JSON object to stdin: {"file", "source", "functions", "cases": [{"fn", "args"}]},
// with the solution already turned into JavaScript (types stripped) as `file`. This harness
// imports it, calls the named export on each case and writes one JSON line per event to
// file descriptor 3: {"event": "ready"} before the solution is loaded, {"event": "loaded"},
// {"event": "case", ...} per case, {"event": "done"}.
// console.log goes to stdout, which the judge shows but never reads results from. Node's
// permission model (set on the command line) keeps files outside the working folder,
// child processes and worker threads out of reach.
import { Buffer } from "node:buffer";
import { writeSync } from "node:fs";
import { performance } from "node:perf_hooks";

const emit = (event, fields = {}) => writeSync(3, JSON.stringify({ event, ...fields }) + "\n");

// Console output written at once, even to a full pipe: a loop that prints without yielding
// must reach the judge's output cap, not pile up inside this process.
for (const stream of [process.stdout, process.stderr]) stream._handle?.setBlocking?.(true);

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));

function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === "object") {
    if ("$f" in value) return { nan: NaN, inf: Infinity, "-inf": -Infinity }[value.$f];
    if ("$nd" in value) {
      const { dtype, shape, b64 } = value.$nd;
      const bytes = Buffer.from(b64, "base64");
      const flat = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      const build = (offset, depth) => {
        if (depth === shape.length) return dtype === "bool" ? flat[offset] !== 0 : flat[offset];
        const stride = shape.slice(depth + 1).reduce((n, d) => n * d, 1);
        return Array.from({ length: shape[depth] }, (_, i) => build(offset + i * stride, depth + 1));
      };
      return build(0, 0);
    }
    if ("$map" in value) return Object.fromEntries(Object.entries(value.$map).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

function encode(value) {
  if (value === undefined || value === null) return null;
  if (typeof value?.then === "function") throw new TypeError("returned a Promise: make the function synchronous (no async)");
  if (typeof value === "number") return Number.isFinite(value) ? value : { $f: Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf" };
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (ArrayBuffer.isView(value)) return Array.from(value, (x) => encode(Number(x)));
  if (Array.isArray(value)) return value.map(encode);
  if (value instanceof Map) return { $map: Object.fromEntries([...value].map(([k, v]) => [String(k), encode(v)])) };
  if (typeof value === "object") return { $map: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)])) };
  throw new TypeError(`returned a ${typeof value}; return numbers, arrays or objects`);
}

/** The line of the solution an error was thrown from (source maps point it at the TypeScript). */
function solutionLine(error) {
  const match = new RegExp(`${request.source.replace(/\./g, "\\.")}:(\\d+):\\d+`).exec(String(error?.stack ?? ""));
  return match ? Number(match[1]) : null;
}

/** What Node's permission model refused, in words (its error names the API and the path). */
function refusal(error) {
  if (error?.code !== "ERR_ACCESS_DENIED") return [];
  const what = {
    FileSystemRead: `reading ${error.resource} (outside the kata's folder)`,
    FileSystemWrite: `writing ${error.resource} (outside the kata's folder)`,
    ChildProcess: "starting a process",
    WorkerThreads: "starting a worker thread",
  }[error.permission];
  return [what ?? `${error.permission} ${error.resource ?? ""}`.trim()];
}

const describe = (error) => ({
  type: error?.name ?? typeof error,
  message: String(error?.message ?? error).slice(0, 500),
  line: solutionLine(error),
  refused: refusal(error),
});

emit("ready");
let solution;
const loadStarted = performance.now();
try {
  solution = await import(`./${request.file}`);
} catch (error) {
  emit("load-error", { kind: "exception", ...describe(error) });
  process.exit(0);
}
const loadMs = performance.now() - loadStarted;
const missing = request.functions.find((name) => typeof solution[name] !== "function");
if (missing) {
  emit("load-error", { kind: "missing-function", type: "ReferenceError", message: `no exported function ${missing} in the solution`, line: null, refused: [] });
  process.exit(0);
}
emit("loaded", { ms: loadMs });
for (const [index, c] of request.cases.entries()) {
  const args = decode(c.args);
  const started = performance.now();
  try {
    const value = solution[c.fn](...args);
    const ms = performance.now() - started;
    emit("case", { index, ok: true, value: encode(value), ms, refused: [] });
  } catch (error) {
    emit("case", { index, ok: false, ms: performance.now() - started, error: describe(error) });
  }
}
emit("done");
