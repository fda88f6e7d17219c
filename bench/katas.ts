/**
 * `npm run bench -- katas`: the judge's overhead per check, beyond the solution's own run
 * time (loading it and running every case, as the harness measures it), for Python and
 * TypeScript, over every kata's reference solution. Beside it, in the same run, the bare
 * start of the same interpreter (`python3 -c "import numpy"`, `node -e ""`): what any
 * judge that runs code in a child process pays at least. Target: overhead under 300 ms.
 */
import { spawnSync } from "node:child_process";
import { loadKatas } from "../src/katas/catalogue.js";
import { judge } from "../src/katas/judge.js";
import { LANGUAGE_NAMES, LANGUAGES } from "../src/katas/kata.js";
import { findPython } from "../src/katas/sandbox.js";
import { formatSeconds, median } from "./timing.js";

const REPEATS = 3;
const BARE_REPEATS = 15;

/** Milliseconds of each of `repeats` runs of `program args`. */
function bareStarts(program: string, args: string[], repeats: number): number[] {
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    spawnSync(program, args, { stdio: "ignore" });
    ms.push(performance.now() - start);
  }
  return ms;
}

const quantile = (values: readonly number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

export async function katasBench(): Promise<void> {
  const { katas } = loadKatas();
  const python = findPython();
  process.stdout.write(`katas: judge overhead per check (total − the solution's own time), ${katas.length} katas × ${REPEATS} checks per language\n`);
  process.stdout.write(`  ${"".padEnd(34)} ${"median".padStart(10)} ${"p95".padStart(10)} ${"bare start".padStart(12)} ${"ratio".padStart(7)}\n`);
  for (const lang of LANGUAGES) {
    if (lang === "py" && !python) {
      process.stdout.write("  Python: python3 not found, skipped\n");
      continue;
    }
    const overhead: number[] = [];
    const user: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      for (const kata of katas) {
        const result = await judge(kata, lang, kata.solution[lang], { seed: 1000 + r });
        if (result.verdict !== "passed") throw new Error(`${kata.slug} ${lang}: the reference did not pass (${result.summary})`);
        overhead.push(result.totalMs - result.userMs);
        user.push(result.userMs);
      }
    }
    const bare = lang === "py" ? bareStarts(python!, ["-c", "import numpy"], BARE_REPEATS) : bareStarts(process.execPath, ["-e", ""], BARE_REPEATS);
    const m = median(overhead);
    process.stdout.write(
      `  ${`${LANGUAGE_NAMES[lang]} overhead`.padEnd(34)} ${formatSeconds(m / 1000).padStart(10)} ${formatSeconds(quantile(overhead, 0.95) / 1000).padStart(10)} ${formatSeconds(median(bare) / 1000).padStart(12)} ${(m / median(bare)).toFixed(2).padStart(7)}\n`,
    );
    process.stdout.write(`  ${`  (solution's own time, median)`.padEnd(34)} ${formatSeconds(median(user) / 1000).padStart(10)}   target: overhead under 300 ms: ${m < 300 ? "met" : "NOT met"}\n`);
  }
}
