/**
 * The judge: runs a solution on a kata's hidden cases in the sandbox and says, case by
 * case, whether it is right. The cases are the kata's fixed edge cases, then random cases
 * drawn from `seed` (a new seed at every check, so that no output can be memorized); the
 * expected outputs are computed here by the kata's case generator and never leave
 * lmdojo's process. The solution's outputs come back over their own channel and are
 * compared here, so printing something that looks like a result achieves nothing.
 */
import { performance } from "node:perf_hooks";
import { createRng } from "../stats/prng.js";
import type { CaseGenerator, KataCase } from "./case-generator.js";
import { caseGenerator } from "./cases/index.js";
import { compareValues, type Tolerance } from "./compare.js";
import { hintFor, type Hint } from "./hints.js";
import { functionName, type Kata, type Language } from "./kata.js";
import { MISSING_NUMPY, MissingRuntime, SolutionSyntaxError, solutionRun } from "./runtimes.js";
import { DEFAULT_LIMITS, runSandboxed, type SandboxLimits, type SandboxResult } from "./sandbox.js";
import { decodeValue, encodeValue, formatValue, type Value } from "./values.js";

/** How a check ended, from best to worst-understood. */
export type Verdict =
  | "passed"
  | "failed"
  | "syntax-error"
  | "error-on-load"
  | "missing-function"
  | "refused"
  | "timeout"
  | "memory"
  | "output"
  | "crashed"
  | "no-runtime";

export type CaseStatus = "passed" | "wrong" | "error" | "timeout" | "not-run";

export interface CaseResult {
  /** "edge: <name>" or "random <n>". */
  name: string;
  fn: string;
  status: CaseStatus;
  /** The solution's own time on this case, ms (null when it did not finish). */
  ms: number | null;
  /** For a case that did not pass: what went wrong, in one line. */
  message?: string;
}

/** The first case that did not pass, in detail. */
export interface Failure {
  name: string;
  fn: string;
  /** The inputs, each as a short printed value. */
  inputs: string[];
  expected: string;
  actual: string | null;
  /** The first index where the output differs, for arrays. */
  index?: number[];
  message: string;
  /** The line of the solution an error came from. */
  line?: number | null;
  hint?: Hint;
}

export interface CheckResult {
  slug: string;
  lang: Language;
  seed: number;
  verdict: Verdict;
  /** One line for people: "14/20 cases passed; first failure: ...". */
  summary: string;
  passed: number;
  total: number;
  cases: CaseResult[];
  failure: Failure | null;
  /** What the solution printed (stdout then stderr), cut to a few KB. */
  printed: string;
  /** The solution's own run time: loading it and running every case, ms. */
  userMs: number;
  /** The whole check, from building the cases to the verdict, ms. */
  totalMs: number;
  /** Whether the solution ran without network access. */
  networkIsolated: boolean;
  /** Whether it ran in a container of its own (bubblewrap), beyond the runtime's own guards. */
  confined: boolean;
}

export interface JudgeOptions {
  seed: number;
  limits?: Partial<SandboxLimits>;
}

/** The cases of one check: the edge cases in kata.md's order, then `random` random cases from `seed`. */
export function buildCases(kata: Kata, generator: CaseGenerator, seed: number): KataCase[] {
  const edges = generator.edges();
  const ordered = kata.tests.edges.map((name) => {
    const found = edges.find((c) => c.name === name);
    if (!found) throw new Error(`${kata.file}: the generator has no edge case "${name}"`);
    return found;
  });
  const rng = createRng(seed);
  return [...ordered, ...Array.from({ length: kata.tests.random }, (_, i) => generator.random(rng, i))];
}

const caseName = (c: KataCase, i: number, edges: number) => (c.name ? `edge: ${c.name}` : `random ${i - edges + 1}`);
const PRINTED_KEPT = 4096;

/**
 * Judges `code`, a solution to `kata` in `lang`.
 *
 * @example const result = await judge(kata, "py", code, { seed: 7 }); result.verdict // "passed"
 */
export async function judge(kata: Kata, lang: Language, code: string, options: JudgeOptions): Promise<CheckResult> {
  const started = performance.now();
  const generator = caseGenerator(kata.tests.generator);
  const cases = buildCases(kata, generator, options.seed);
  const expected = cases.map((c) => generator.expected(c));
  const tolerance: Tolerance = { rtol: kata.tests.rtol, atol: kata.tests.atol };
  const names = cases.map((c, i) => caseName(c, i, kata.tests.edges.length));
  const base = { slug: kata.slug, lang, seed: options.seed, total: cases.length, printed: "", userMs: 0, networkIsolated: false, confined: false };
  const early = (verdict: Verdict, summary: string, line: number | null = null): CheckResult => ({
    ...base,
    verdict,
    summary,
    passed: 0,
    cases: cases.map((c, i) => ({ name: names[i], fn: functionName(c.fn, lang), status: "not-run", ms: null })),
    failure: line === null ? null : { name: "loading the solution", fn: "", inputs: [], expected: "", actual: null, message: summary, line },
    totalMs: performance.now() - started,
  });

  let run;
  try {
    run = solutionRun(kata, lang, code, cases.map((c) => ({ fn: c.fn, args: c.args.map(encodeValue) })));
  } catch (err) {
    if (err instanceof MissingRuntime) return early("no-runtime", err.message);
    if (err instanceof SolutionSyntaxError) return early("syntax-error", `syntax error${err.line ? ` on line ${err.line}` : ""}: ${err.message}`, err.line);
    throw err;
  }
  const sandboxed = await runSandboxed({ ...run, limits: { ...DEFAULT_LIMITS, ...options.limits } });
  base.printed = printedBy(sandboxed);
  base.networkIsolated = sandboxed.networkIsolated;
  base.confined = sandboxed.confined;
  const events = readEvents(sandboxed.results);
  if (events === null) return early("crashed", "the results channel was written to by the solution: report results by returning them");

  if (events.some((e) => e.event === "no-numpy")) return early("no-runtime", MISSING_NUMPY);
  const loadError = events.find((e) => e.event === "load-error");
  if (loadError) {
    const { kind, ...err } = loadError as HarnessEvent & EventError;
    const at = err.line ? ` on line ${err.line}` : "";
    if (kind === "syntax") return early("syntax-error", `syntax error${at}: ${err.message}`, err.line ?? 0);
    if (kind === "missing-function") return early("missing-function", `${err.message}: keep the starter's function names`, 0);
    if (err.refused?.length) return early("refused", `refused while loading: ${err.refused[0]}`, err.line ?? 0);
    return early("error-on-load", `${err.type}${at} while loading the solution: ${err.message}`, err.line ?? 0);
  }

  const byIndex = new Map(events.filter((e) => e.event === "case").map((e) => [e.index!, e]));
  const results: CaseResult[] = [];
  let failure: Failure | null = null;
  let userMs = events.find((e) => e.event === "loaded")?.ms ?? 0;
  let refused: string | null = null;
  let memory = false;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const event = byIndex.get(i);
    const result: CaseResult = { name: names[i], fn: functionName(c.fn, lang), status: "passed", ms: event?.ms ?? null };
    userMs += event?.ms ?? 0;
    if (!event) {
      const first = !results.some((r) => r.status === "timeout" || r.status === "not-run");
      const stopped = sandboxed.end !== "exited";
      result.status = first && stopped ? "timeout" : "not-run";
      if (first && stopped) result.message = stopMessage(sandboxed, options.limits);
    } else if (!event.ok) {
      const error = event.error!;
      result.status = "error";
      result.message = `${error.type}${error.line ? ` on line ${error.line}` : ""}${error.message ? `: ${error.message}` : ""}`;
      if (error.refused?.length) refused ??= error.refused[0];
      if (error.type === "MemoryError" || /allocation failed|out of memory/i.test(error.message)) memory = true;
      failure ??= { ...describeCase(c, names[i], expected[i], lang), actual: null, message: result.message, line: error.line };
    } else {
      if (event.refused?.length) refused ??= event.refused[0];
      let actual: Value;
      try {
        actual = decodeValue(event.value);
      } catch {
        return early("crashed", "could not read the solution's output: the results channel was tampered with");
      }
      const mismatch = compareValues(expected[i], actual, tolerance);
      if (mismatch) {
        result.status = "wrong";
        result.message = mismatch.message;
        failure ??= {
          ...describeCase(c, names[i], expected[i], lang),
          actual: formatValue(actual),
          message: mismatch.message,
          ...((mismatch.kind === "value" || mismatch.kind === "non-finite") && mismatch.index.length > 0 ? { index: mismatch.index } : {}),
          ...optionalHint(hintFor(kata, generator, c, expected[i], actual, mismatch, tolerance)),
        };
      }
    }
    results.push(result);
  }
  if (failure === null) {
    const firstUnrun = results.find((r) => r.status === "timeout" || r.status === "not-run");
    if (firstUnrun) failure = { ...describeCase(cases[results.indexOf(firstUnrun)], firstUnrun.name, expected[results.indexOf(firstUnrun)], lang), actual: null, message: firstUnrun.message ?? stopMessage(sandboxed, options.limits) };
  }
  const passed = results.filter((r) => r.status === "passed").length;
  const verdict: Verdict = refused
    ? "refused"
    : sandboxed.end === "timeout" || sandboxed.end === "cpu"
      ? "timeout"
      : sandboxed.end === "memory" || memory
        ? "memory"
        : sandboxed.end === "output" || sandboxed.end === "results"
          ? "output"
          : sandboxed.end === "signal" || (results.some((r) => r.status === "not-run") && passed < cases.length)
            ? "crashed"
            : passed === cases.length
              ? "passed"
              : "failed";
  const stopped = verdict === "timeout" || verdict === "memory" || verdict === "output";
  const summary =
    verdict === "passed"
      ? `all ${cases.length} cases passed`
      : verdict === "refused"
        ? `the sandbox refused ${refused}: a kata needs only its inputs`
        : verdict === "crashed"
          ? `the solution stopped before the end${lastLine(sandboxed.stderr)}`
          : stopped
            ? `${stopMessage(sandboxed, options.limits, memory)}${failure ? ` (${failure.name})` : ""}; ${passed}/${cases.length} cases passed before`
            : `${passed}/${cases.length} cases passed; first failure (${failure?.name}): ${failure?.message}`;
  return { ...base, verdict, summary, passed, cases: results, failure, userMs, totalMs: performance.now() - started };
}

interface EventError {
  type: string;
  message: string;
  line: number | null;
  refused?: string[];
}
/** One line from the harness; a load-error carries the error's fields on itself. */
interface HarnessEvent extends Partial<EventError> {
  event: string;
  kind?: string;
  index?: number;
  ok?: boolean;
  value?: unknown;
  ms?: number;
  error?: EventError;
}

/**
 * The harness's JSON lines, in the protocol's order: "no-numpy", or "ready" (written before
 * the solution is loaded) then "load-error" or "loaded", then at most one "case" per index,
 * then "done". A line that does not parse ends the stream (a killed run cuts its last line).
 * Null when the stream breaks the protocol: only code writing to the channel itself can.
 */
function readEvents(results: Buffer): HarnessEvent[] | null {
  const events: HarnessEvent[] = [];
  const seen = new Set<number>();
  for (const line of results.toString("utf8").split("\n")) {
    if (!line) continue;
    let event: HarnessEvent;
    try {
      event = JSON.parse(line) as HarnessEvent;
    } catch {
      break;
    }
    const expected =
      events.length === 0 ? ["ready", "no-numpy"] : events.length === 1 ? ["load-error", "loaded"] : events[0].event === "no-numpy" || events[1].event === "load-error" ? [] : ["case", "done"];
    if (!expected.includes(event.event)) return null;
    if (event.event === "case") {
      if (typeof event.index !== "number" || seen.has(event.index)) return null;
      seen.add(event.index);
    }
    events.push(event);
  }
  return events;
}

function describeCase(c: KataCase, name: string, expected: Value, lang: Language): Omit<Failure, "actual" | "message"> {
  return { name, fn: functionName(c.fn, lang), inputs: c.args.map((a) => formatValue(a)), expected: formatValue(expected) };
}

const optionalHint = (hint: Hint | null) => (hint ? { hint } : {});

function stopMessage(run: SandboxResult, limits: Partial<SandboxLimits> = {}, outOfMemory = false): string {
  const l = { ...DEFAULT_LIMITS, ...limits };
  switch (outOfMemory ? "memory" : run.end) {
    case "timeout":
      return `stopped after ${l.wallMs / 1000} s of wall time: an infinite loop, or far too slow?`;
    case "cpu":
      return `stopped after ${l.cpuSeconds} s of CPU time: an infinite loop, or far too slow?`;
    case "memory":
      return `stopped at the memory limit (${Math.round(l.addressSpaceBytes / 1024 ** 2)} MB of address space)`;
    case "output":
      return `stopped after printing more than ${Math.round(l.outputBytes / 1024)} KB`;
    case "results":
      return `stopped when its results passed ${Math.round(l.outputBytes / 1024)} KB: return only what the kata asks for`;
    default:
      return `the solution stopped before this case${lastLine(run.stderr)}`;
  }
}

const lastLine = (stderr: string) => {
  const line = stderr.trim().split("\n").pop();
  return line ? ` (${line.slice(0, 200)})` : "";
};

function printedBy(run: SandboxResult): string {
  const text = run.stdout.toString("utf8") + run.stderr;
  return text.length > PRINTED_KEPT ? text.slice(0, PRINTED_KEPT) + "\n… (cut)" : text;
}
