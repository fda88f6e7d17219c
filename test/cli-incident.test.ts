// `dojo incident` as a user drives it, answers typed into its prompts: the run view, the
// answer, the reveal and the rating; the history; quitting before the end stores nothing;
// a bad --fault is one line and exit 2.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, CHECKS, DIAGNOSES } from "../src/lab/incidents/answers.js";
import { runDojo } from "./cli-run.js";
import { withSharedIncident } from "./incidents/fixture.js";

/** A workspace holding the shared eval-tokenizer run, and the environment that points dojo at it. */
async function envWithIncident() {
  const home = await withSharedIncident(mkdtempSync(join(tmpdir(), "lmdojo-cli-incident-")));
  return { ...process.env, LMDOJO_HOME: home };
}

/** The number a line prompter takes for `value` in `list`. */
const number = (list: ReadonlyArray<{ value: string }>, value: string) => String(list.findIndex((c) => c.value === value) + 1);

describe("dojo incident", () => {
  it("shows the run, takes the diagnosis, check, action and rationale, reveals and rates", { timeout: 120_000 }, async () => {
    const env = await envWithIncident();
    const input = [
      number(DIAGNOSES, "eval-tokenizer"),
      number(CHECKS, "eval-path"),
      number(ACTIONS, "fix-eval"),
      "Validation is far worse than the loss on fixed training windows from the first evaluation, while training is normal.",
      "So the evaluation path is broken, not the model: fix it and re-evaluate.",
      ".",
      "",
    ].join("\n");
    const { code, stdout, stderr } = await runDojo(["incident", "--fault", "eval-tokenizer"], input, { env });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [before, after] = stdout.split("── The reveal ──");
    expect(before).toContain("You are on call: incident eval-tokenizer, as asked.");
    expect(before).toMatch(/A tiny GPT \(102,400 parameters\), 300 steps; the run completed at step 300\./);
    expect(before).toMatch(/^ {2}step \d+ {2}train-val-gap: step \d+: validation loss/m);
    expect(before).toContain("Config diff from the last good run: none.");
    expect(before).toContain("Last 15 events:");
    expect(after).toContain("It was: eval-tokenizer · Validation text encoded with a different tokenizer");
    expect(after).toContain("Score 100%:");
    expect(after).toMatch(/Not repeated-batch \(The loader serves the same batch every step\):\n {2}- At step 300 the step loss/);
    expect(after).toContain("The runbook page: content/runbook/eval-tokenizer.md");
    expect(after).toMatch(/Rated Good: due in \d+ min/);

    const list = await runDojo(["incident", "--list"], "", { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d +eval-tokenizer +✓ eval-tokenizer +✓ eval-path +✓ fix-eval +100% +rated$/m);
    expect(list.stdout).toContain("1 answer. Incidents: 18, 0 due, 17 never answered; the next comes due in");
  });

  it("stores nothing when the input ends before the answer is complete", { timeout: 120_000 }, async () => {
    const env = await envWithIncident();
    const { code, stdout } = await runDojo(["incident", "--fault", "eval-tokenizer"], "1\n", { env });
    expect(code).toBe(0);
    expect(stdout).toContain("Stopped: nothing was stored.");
    expect((await runDojo(["incident", "--list"], "", { env })).stdout).toContain("No incident answered yet.");
  });

  it("refuses an unknown incident in one line, exit 2", async () => {
    const { code, stderr } = await runDojo(["incident", "--fault", "lr-x1000"], "", { env: { ...process.env, LMDOJO_HOME: mkdtempSync(join(tmpdir(), "lmdojo-cli-incident-")) } });
    expect(code).toBe(2);
    expect(stderr).toBe(`dojo: --fault: no incident "lr-x1000" (hint: incidents: ${DIAGNOSES.map((d) => d.value).join(", ")})\n`);
  });
});
