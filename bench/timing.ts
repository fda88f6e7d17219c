import { spawnSync } from "node:child_process";

/** Wall-clock seconds of each of `repeats` calls of `fn` (after one untimed warm-up call when `warmup`). */
export function timeRuns(fn: () => void, repeats: number, warmup = true): number[] {
  if (warmup) fn();
  const seconds: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    seconds.push((performance.now() - start) / 1000);
  }
  return seconds;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a Python baseline script and parses the one JSON line it prints; null if python3 is missing or fails. */
export function runPython(script: string, args: readonly string[]): Record<string, unknown> | null {
  const result = spawnSync("python3", [script, ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (result.status !== 0 || !result.stdout.trim()) {
    process.stderr.write(`  (python3 ${script} failed: ${result.error?.message ?? result.stderr.trim().split("\n").pop()})\n`);
    return null;
  }
  const parsed = JSON.parse(result.stdout.trim().split("\n").pop() as string) as Record<string, unknown>;
  if (typeof parsed.error === "string") {
    process.stderr.write(`  (${script}: ${parsed.error})\n`);
    return null;
  }
  return parsed;
}

/** "1.23 s" / "45.6 ms" */
export function formatSeconds(s: number): string {
  return s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`;
}
