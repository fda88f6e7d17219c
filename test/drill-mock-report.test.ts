import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockSummary } from "../src/drill/mock.js";
import { mockReportMarkdown, writeMockReport } from "../src/drill/mock-report.js";

const summary: MockSummary = {
  id: "3f0c2a4e-1111-4222-8333-944455556666",
  role: "engineer",
  minutes: 20,
  seed: 42,
  startedAt: "2026-12-06T21:05:09.000Z",
  segments: [
    { name: "foundations", questions: 1, coverage: 0.6, minutes: 5.25, allottedMinutes: 5, overtimeMinutes: 0.25 },
    { name: "experiment judgment", questions: 0, coverage: null, minutes: 0.5, allottedMinutes: 4.9166, overtimeMinutes: 0 },
  ],
  weakestAreas: [
    { area: "scaling", coverage: 0.6, attempts: 1 },
    { area: "systems", coverage: 0.8, attempts: 2 },
  ],
  finished: false,
};

describe("the mock interview's Markdown summary", () => {
  it("gives the loop, a table of the segments and the weakest areas", () => {
    expect(mockReportMarkdown(summary).split("\n")).toEqual([
      "# Mock interview, 2026-12-06 21:05 UTC",
      "",
      "Research engineer loop, 20 minutes, seed 42; stopped early.",
      "",
      "| segment | questions | rubric coverage | minutes taken | minutes allotted | minutes over |",
      "|---|---:|---:|---:|---:|---:|",
      "| foundations | 1 | 60% | 5.3 | 5.0 | 0.3 |",
      "| experiment judgment | 0 | - | 0.5 | 4.9 | 0.0 |",
      "",
      "## Weakest areas",
      "",
      "- scaling: 60% rubric coverage over 1 answer",
      "- systems: 80% rubric coverage over 2 answers",
      "",
    ]);
  });

  it("is written to mocks/<id>.md in the workspace, leaving no temporary file", () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-mockreport-"));
    const path = writeMockReport(home, { ...summary, finished: true, weakestAreas: [] });
    expect(path).toBe(join(home, "mocks", `${summary.id}.md`));
    const text = readFileSync(path, "utf8");
    expect(text).toContain("seed 42; finished.");
    expect(text).toContain("No question was answered.");
    expect(readdirSync(join(home, "mocks"))).toEqual([`${summary.id}.md`]);
    expect(existsSync(join(home, "mocks", `${summary.id}.md`))).toBe(true);
  });
});
