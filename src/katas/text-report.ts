/**
 * Katas as plain text, for the terminal and the Markdown reports: the statement, a judge's
 * result (verdict, the cases that failed, the first failure in detail), and the debrief
 * (common bugs, follow-ups) shown once a kata is done.
 */
import type { CheckResult } from "./judge.js";
import { functionName, type Kata } from "./kata.js";

/** The statement, functions and edge cases, for the terminal. */
export function formatStatement(k: Kata): string {
  return [
    `${k.title} · ${k.area} · difficulty ${k.difficulty} · ${k.minutes} min`,
    `Functions: ${k.functions.join(", ")} (Python) · ${k.functions.map((f) => functionName(f, "ts")).join(", ")} (TypeScript)`,
    "",
    k.statement,
    "",
    `Hidden tests: ${k.tests.edges.length} edge cases (${k.tests.edges.join("; ")}) and ${k.tests.random} random cases, new at every check.`,
    "",
  ].join("\n");
}

/** A judge's result for the terminal: the verdict, the cases that failed, the first failure in detail. */
export function formatCheck(result: CheckResult): string {
  const lines = [`${result.verdict === "passed" ? "PASSED" : result.verdict.toUpperCase()}: ${result.summary}`];
  const failed = result.cases.filter((c) => c.status !== "passed");
  if (failed.length > 0 && result.verdict !== "syntax-error" && result.verdict !== "no-runtime") {
    lines.push("", `Cases not passed (${failed.length} of ${result.total}):`);
    for (const c of failed.slice(0, 8)) lines.push(`  ✗ ${c.name} (${c.fn}): ${c.status}${c.message ? `: ${c.message}` : ""}`);
    if (failed.length > 8) lines.push(`  … and ${failed.length - 8} more`);
  }
  const f = result.failure;
  if (f && f.inputs.length > 0) {
    lines.push("", `First failure, ${f.name}: ${f.fn}(${f.inputs.join(", ")})`, `  expected: ${f.expected}`);
    if (f.actual !== null) lines.push(`  got:      ${f.actual}`);
    if (f.index) lines.push(`  first difference at index [${f.index.join(", ")}]`);
  }
  if (f?.hint) lines.push(`  hint: ${f.hint.text}`);
  if (result.printed.trim()) lines.push("", "Your code printed:", ...result.printed.trimEnd().split("\n").slice(0, 20).map((l) => `  | ${l}`));
  if (!result.confined && result.verdict !== "no-runtime" && result.verdict !== "syntax-error") {
    lines.push("", `(no container on this machine: files and processes are guarded by the runtime's checks only${result.networkIsolated ? "" : ", and the network is not cut off"}; install bubblewrap for full isolation)`);
  }
  lines.push("", `Judge: ${Math.round(result.totalMs)} ms in all, ${Math.round(result.userMs)} ms in your code; seed ${result.seed}.`);
  return lines.join("\n") + "\n";
}

/** The common bugs and follow-ups (from `firstFollowup` on, when the first is asked apart), as shown once a kata is done. */
export function formatDebrief(k: Kata, options: { firstFollowup?: number } = {}): string {
  const followups = k.followups.slice(options.firstFollowup ?? 0);
  return [
    "",
    "Common bugs:",
    ...k.bugs.map((b) => `  - ${b.mistake}\n    symptom: ${b.symptom}`),
    ...(followups.length ? ["", "Follow-ups an interviewer asks next:", ...followups.map((f) => `  - ${f.question}\n    ${f.answer}`)] : []),
    ...(k.references.length ? ["", "References:", ...k.references.map((r) => `  - ${r}`)] : []),
    "",
  ].join("\n");
}
