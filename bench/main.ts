import { matmulBench } from "./matmul.js";
import { metricsBench } from "./metrics.js";

const SUITES: Record<string, () => void> = { metrics: metricsBench, matmul: matmulBench };

/** `npm run bench -- [suite...]`: runs the named suites (all when none is named). */
export async function main(argv: string[]): Promise<number> {
  const names = argv.length ? argv : Object.keys(SUITES);
  const unknown = names.filter((n) => !SUITES[n]);
  if (unknown.length) {
    process.stderr.write(`bench: unknown suite ${unknown.join(", ")} (suites: ${Object.keys(SUITES).join(", ")})\n`);
    return 2;
  }
  for (const name of names) SUITES[name]();
  return 0;
}
