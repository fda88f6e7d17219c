/**
 * A mock interview's summary as a Markdown file in the workspace, mocks/<mock-id>.md, written
 * by `dojo mock` and by the web app's mock page alike, so the user keeps a readable record
 * of every interview beside their notes.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { plural } from "../report/plural.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import type { MockSummary } from "./mock.js";

const percent = (x: number | null) => (x === null ? "-" : `${Math.round(x * 100)}%`);
const minutes = (x: number) => x.toFixed(1);

/** The summary as Markdown: a table of the segments (coverage, minutes taken, allotted, over) and the weakest areas. */
export function mockReportMarkdown(summary: MockSummary): string {
  const started = summary.startedAt.slice(0, 16).replace("T", " ");
  const rows = summary.segments.map(
    (s) => `| ${s.name} | ${s.questions} | ${percent(s.coverage)} | ${minutes(s.minutes)} | ${minutes(s.allottedMinutes)} | ${minutes(s.overtimeMinutes)} |`,
  );
  const weakest = summary.weakestAreas.map((w) => `- ${w.area}: ${percent(w.coverage)} rubric coverage over ${plural(w.attempts, "answer")}`);
  return [
    `# Mock interview, ${started} UTC`,
    "",
    `${summary.role === "scientist" ? "Research scientist" : "Research engineer"} loop, ${summary.minutes} minutes, seed ${summary.seed}; ${summary.finished ? "finished" : "stopped early"}.`,
    "",
    "| segment | questions | rubric coverage | minutes taken | minutes allotted | minutes over |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows,
    "",
    "## Weakest areas",
    "",
    ...(weakest.length ? weakest : ["No question was answered."]),
    "",
  ].join("\n");
}

/** Where a mock interview's Markdown summary lives in the workspace. */
export function mockReportPath(home: string, id: string): string {
  return join(home, "mocks", `${id}.md`);
}

/** Writes the summary to mocks/<id>.md atomically (creating mocks/) and returns its path. */
export function writeMockReport(home: string, summary: MockSummary): string {
  mkdirSync(join(home, "mocks"), { recursive: true });
  const path = mockReportPath(home, summary.id);
  writeFileAtomic(path, mockReportMarkdown(summary));
  return path;
}
