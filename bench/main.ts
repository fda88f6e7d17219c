import { katasBench } from "./katas.js";
import { matmulBench } from "./matmul.js";
import { metricsBench } from "./metrics.js";
import { tokenizerBench } from "./tokenizer.js";
import { trainStepBench } from "./train-step.js";
import { webBench } from "./web.js";

/** Each suite receives the flags given after the suite names (e.g. --json). */
const SUITES: Record<string, (flags: readonly string[]) => void | Promise<void>> = {
  metrics: metricsBench,
  matmul: matmulBench,
  "train-step": trainStepBench,
  tokenizer: tokenizerBench,
  web: webBench,
  katas: katasBench,
};

/** `npm run bench -- [suite...] [--flag...]`: runs the named suites (all when none is named). */
export async function main(argv: string[]): Promise<number> {
  const flags = argv.filter((a) => a.startsWith("--"));
  const named = argv.filter((a) => !a.startsWith("--"));
  const names = named.length ? named : Object.keys(SUITES);
  const unknown = names.filter((n) => !SUITES[n]);
  if (unknown.length) {
    process.stderr.write(`bench: unknown suite ${unknown.join(", ")} (suites: ${Object.keys(SUITES).join(", ")})\n`);
    return 2;
  }
  for (const name of names) await SUITES[name](flags);
  return 0;
}
