// The fault survey on one fault: its run and the healthy one are run folders with reports, and
// the survey's table says when the fault was injected, what fired, whether the runbook's claim
// held, and links to the runs.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { surveyFaults } from "../src/lab/fault-survey.js";

describe("the fault survey", () => {
  it("reports fp16-overflow beside a healthy run, with working links", { timeout: 120_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-survey-"));
    const labels: string[] = [];
    // A short healthy run: the table's shape does not depend on its length.
    const survey = await surveyFaults(home, { seed: 1, faults: ["fp16-overflow"], overrides: { steps: 60 }, onRun: (label, i, n) => labels.push(`${i}/${n} ${label}`) });
    expect(labels).toEqual(["1/2 healthy", "2/2 fp16-overflow"]);
    const [outcome] = survey.faults;
    expect(outcome.run.status).toBe("stopped");
    expect(outcome.rollback).toBeNull(); // no loss spike: nothing to roll back from
    expect(outcome.claims).toEqual([{ detector: "non-finite", within: 1, took: 1 }]);
    const report = readFileSync(join(survey.dir, "report.md"), "utf8");
    expect(report).toContain("The runbook's detector claims held for 1 of 1.");
    expect(report).toMatch(/\| \[fp16-overflow\]\([^)]*content\/runbook\/fp16-overflow\.md\) \| start \| non-finite at 1 \| non-finite ≤ 1: ✓ 1 \| stopped \(\) \|/);
    const links = [...report.matchAll(/\]\(([^)]+\.md)\)/g)].map((m) => m[1]);
    expect(links.length).toBe(3); // the runbook page, the healthy run, the fault's run
    for (const target of links) expect(existsSync(resolve(survey.dir, target)), target).toBe(true);
    expect(existsSync(join(dirname(survey.dir), survey.healthy.runId, "report.md"))).toBe(true);
  });
});
