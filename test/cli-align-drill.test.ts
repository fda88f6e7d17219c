// `dojo align drill` as a user drives it, answers typed into its prompts: the question and
// its evidence, the model answer and rubric, the rating and the schedule it moves; a drill
// not yet due is practice; quitting stores nothing; an unknown pipeline is one line and exit 2.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDojo } from "./cli-run.js";
import { FIXTURE_PIPELINE, writeAlignFixture } from "./web/align-fixture.js";

function workspace() {
  const home = mkdtempSync(join(tmpdir(), "lmdojo-cli-align-drill-"));
  writeAlignFixture(home);
  return { ...process.env, LMDOJO_HOME: home };
}

describe("dojo align drill", () => {
  it("asks the newest pipeline's first drill, reveals, rates; the next run asks the next new drill", { timeout: 60_000 }, async () => {
    const env = workspace();
    const first = await runDojo(["align", "drill"], "Ship it: gold is still rising.\n.\n3\n", { env });
    expect(first.stderr).not.toMatch(/error|warning/i);
    expect(first.code).toBe(0);
    const [before, after] = first.stdout.split("── Model answer ──");
    expect(before).toContain(`Pipeline ${FIXTURE_PIPELINE}: a drill you have not answered.`);
    expect(before).toContain("── Alignment drill: ship-checkpoint ──");
    expect(before).toContain("the proxy reward is still rising at step 10 (1.00 [0.95, 1.05]). Ship this checkpoint?");
    expect(before).toContain("  gold accuracy, step 10: 0.50 [0.45, 0.55]");
    expect(after).toContain("The evidence does not show a fall: the gold accuracy is 0.50 [0.45, 0.55] at step 10, its highest evaluation");
    expect(after).toContain("Rubric:\n  - Looks at a gold metric");
    expect(after).toMatch(/Rated Good: due in \d+ min/);

    const second = await runDojo(["align", "drill", "--pipeline", FIXTURE_PIPELINE], "\n\n", { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("── Alignment drill: winrate-vs-factuality ──");
    expect(second.stdout).toMatch(/Rated Good: due in \d+ min/);
  });

  it("stores nothing when the input ends before the rating", { timeout: 60_000 }, async () => {
    const env = workspace();
    const stopped = await runDojo(["align", "drill"], "My answer.\n.\n", { env });
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain("Stopped: nothing was stored.");
    // Still new: the same drill is asked again.
    const again = await runDojo(["align", "drill"], "", { env });
    expect(again.stdout).toContain("a drill you have not answered");
    expect(again.stdout).toContain("ship-checkpoint");
  });

  it("an unknown pipeline is one line and exit 2", async () => {
    const { code, stderr, stdout } = await runDojo(["align", "drill", "--pipeline", "nope"], "", { env: workspace() });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")[0]).toMatch(/no pipeline "nope"/);
  });
});
