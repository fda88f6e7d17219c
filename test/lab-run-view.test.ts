import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "../src/errors.js";
import { isResumable, labRun, labRuns, reportForPage } from "../src/lab/run-view.js";
import { runFolderById, summarizeRun } from "../src/lab/runs.js";
import { FIXTURE_T0, fixtureEvents, writeFixtureRun } from "./web/lab-fixture.js";

const newHome = () => mkdtempSync(join(tmpdir(), "lmdojo-view-"));

describe("isResumable", () => {
  it("is true for a run that ended early with a checkpoint, and false when it completed or has none", () => {
    const home = newHome();
    const cases: Array<[string, "completed" | "interrupted" | null, boolean, boolean]> = [
      ["interrupted-with-checkpoint", "interrupted", true, true],
      ["interrupted-without", "interrupted", false, false],
      ["crashed-with-checkpoint", null, true, true],
      ["completed-with-checkpoint", "completed", true, false],
    ];
    for (const [id, end, checkpoint, expected] of cases) {
      const dir = writeFixtureRun(home, id, fixtureEvents(10, end));
      if (checkpoint) writeFileSync(join(dir, "checkpoints", "step-10.json"), "{}");
      expect([id, isResumable(summarizeRun(dir), dir)]).toEqual([id, expected]);
    }
  });
});

describe("runFolderById", () => {
  it("finds runs only under the workspace's runs folder", () => {
    const home = newHome();
    writeFixtureRun(home, "a");
    expect(runFolderById(home, "a")).toBe(join(home, "runs", "a"));
    for (const id of ["b", "..", ".", "../runs/a", "a/../a", ""]) {
      expect(() => runFolderById(home, id)).toThrow(NotFoundError);
    }
  });
});

describe("labRuns", () => {
  it("lists the runs newest first with whether they resume, and the two presets with their defaults", () => {
    const home = newHome();
    expect(labRuns(home).runs).toEqual([]);
    writeFixtureRun(home, "older", fixtureEvents(20, "completed"));
    const newer = writeFixtureRun(home, "newer", fixtureEvents(10, "interrupted").map((e) => ({ ...e, t: e.t + 60_000 })));
    writeFileSync(join(newer, "checkpoints", "step-10.json"), "{}");
    const { runs, presets } = labRuns(home);
    expect(runs.map((r) => [r.id, r.status, r.stepsDone, r.resumable, r.startedAt])).toEqual([
      ["newer", "interrupted", 10, true, FIXTURE_T0 + 60_000],
      ["older", "completed", 20, false, FIXTURE_T0],
    ]);
    // The presets as README.md describes them.
    expect(presets).toEqual([
      { name: "tiny", steps: 600, seed: 1337, layers: 2, width: 64 },
      { name: "baby", steps: 2000, seed: 1337, layers: 4, width: 128 },
    ]);
  });
});

describe("labRun", () => {
  it("gives the summary, the config and the report that dojo lab report would write, without its charts", () => {
    const home = newHome();
    writeFixtureRun(home, "run");
    const { run, config, report } = labRun(home, "run");
    expect([run.status, run.stepsDone, run.bestValLoss, run.resumable]).toEqual(["completed", 20, 2.1, false]);
    expect(config?.steps).toBe(20);
    expect(report?.written).toBe(false);
    expect(report?.markdown).toContain("# Pretraining run run");
    expect(report?.markdown).toContain("## Alerts");
    expect(report?.markdown).not.toContain(".svg");
    expect(report?.markdown).not.toContain("## Charts");
    expect(report?.markdown).not.toContain("<!--");
  });

  it("shows report.md as written, with the user's answers", () => {
    const home = newHome();
    const dir = writeFixtureRun(home, "run");
    writeFileSync(join(dir, "report.md"), "# Mine\n\n## Charts\n\n![Loss](loss-steps.svg)\n\n## Postmortem\n\n### What did I expect?\n\nA lower loss.\n");
    expect(labRun(home, "run").report).toEqual({ markdown: "# Mine\n\n## Postmortem\n\n### What did I expect?\n\nA lower loss.\n", written: true });
  });

  it("gives an unreadable run with its error and neither config nor report; an unknown id is not found", () => {
    const home = newHome();
    const dir = writeFixtureRun(home, "broken");
    writeFileSync(join(dir, "config.json"), "{ not json");
    const view = labRun(home, "broken");
    expect([view.run.status, view.config, view.report]).toEqual(["unreadable", null, null]);
    expect(view.run.error).toContain("config.json: not valid JSON");
    rmSync(dir, { recursive: true });
    expect(() => labRun(home, "broken")).toThrow(NotFoundError);
  });
});

describe("reportForPage", () => {
  it("drops the Charts section, chart images elsewhere and answer placeholders, and keeps the rest", () => {
    const markdown = ["# Run", "", "## Charts", "", "![Loss](loss-steps.svg)", "", "No arithmetic.", "", "## Alerts", "", "![a](lr.svg)", "None.", "", "### What?", "", "<!-- your answer -->", "Mine.", "![photo](https://example.com/x.png)"].join("\n");
    expect(reportForPage(markdown)).toBe(["# Run", "", "## Alerts", "", "None.", "", "### What?", "", "Mine.", "![photo](https://example.com/x.png)"].join("\n"));
  });
});
