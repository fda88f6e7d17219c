// dojo align runbook as a user runs it: the index without an id, a page with one, and an unknown
// id named in one line with the ids there are.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALIGN_RUNBOOK_IDS, alignRunbookPage } from "../src/align/align-runbook.js";
import { runDojo } from "./cli-run.js";

const home = join(mkdtempSync(join(tmpdir(), "lmdojo-cli-align-runbook-")), "home");

describe("dojo align runbook", () => {
  it("prints the index: every page with its title and interview question", async () => {
    const result = await runDojo(["--home", home, "align", "runbook"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const pageLines = result.stdout.split("\n").filter((l) => /^[a-z]/.test(l) && !l.startsWith("dojo "));
    expect(pageLines.map((l) => l.split(/\s+/)[0])).toEqual([...ALIGN_RUNBOOK_IDS]);
    for (const id of ALIGN_RUNBOOK_IDS) expect(result.stdout).toContain(`Q: ${alignRunbookPage(id).question}\n`);
    expect(result.stdout).toMatch(/reward-hacking\s+Proxy reward rises while gold reward peaks and falls\n/);
    expect(result.stdout).toContain("dojo align runbook ID prints a page.");
  });

  it("prints a page: its title, question, the command and metrics that show it, then every section", async () => {
    const result = await runDojo(["--home", home, "align", "runbook", "length-exploitation"]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").slice(0, 5)).toEqual([
      "# Answers grow longer because length pays (length-exploitation)",
      "",
      "Interview question: After RLHF, responses got much longer and the win rate went up. Is the model better?",
      "Shown by: dojo align pipeline --bias length",
      "Metrics: answer/length, style/padded, style/flattery, answer/unfinished, reward/proxy, gold/score, winrate/labeller",
    ]);
    const headings = result.stdout.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual(["## Mechanism", "## Symptom signature", "## What to check first", "## Fix", "## Near misses", "## Interview answer", "## Measured in the lab"]);
    expect(result.stdout).toContain("Dubois et al. 2024");
  });

  it("names an unknown page in one line, with the pages there are, and exits 2", async () => {
    const result = await runDojo(["--home", home, "align", "runbook", "kl-divergence"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain('no align runbook page "kl-divergence"');
    expect(result.stderr).toContain(ALIGN_RUNBOOK_IDS.join(", "));
  });

  it("is listed in dojo align's help", async () => {
    const result = await runDojo(["align", "--help"]);
    expect(result.stdout).toMatch(/runbook \[id\]\s+the runbook of RLHF failures the lab shows/);
  });
});
