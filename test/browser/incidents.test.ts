import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSharedIncident } from "../incidents/fixture.js";
import { checkAccessibility } from "./accessibility.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

describe("the incident pages in Chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession({ home: await withSharedIncident(mkdtempSync(join(tmpdir(), "lmdojo-browser-incident-"))) });
  }, 120_000);
  afterAll(() => session?.close());

  it("drills a chosen incident: the run view and the answer form, then the reveal and the history", async () => {
    const { page } = session;
    await page.goto(session.url("/incidents"));
    await page.getByText("18 incidents · 0 due · 18 never answered").waitFor();
    await page.getByLabel(/^Or drill a chosen one/).selectOption("eval-tokenizer");
    await page.getByRole("button", { name: "Drill it" }).click();

    await page.getByRole("heading", { level: 1, name: "On call: a training run" }).waitFor();
    expect(page.url()).toMatch(/\/incidents\/[0-9a-f-]{36}$/);
    await page.locator(".lab-charts .chart").first().waitFor();
    expect(await page.locator(".lab-charts .chart figcaption").allInnerTexts()).toEqual(["Loss", "Validation loss per domain", "Learning rate", "Gradient norm", "Update / parameter ratio per layer", "Max attention logit per layer", "Output logits"]);
    expect(await page.getByRole("region", { name: "Alerts" }).innerText()).toMatch(/train-val-gap at step \d+: step \d+: validation loss/);
    expect(await page.getByRole("region", { name: "Config diff" }).innerText()).toContain("None: the config is the last good run's.");
    expect(await page.getByRole("region", { name: "Last events" }).innerText()).toContain("end: completed: completed 300 steps");

    const form = page.getByRole("form", { name: "Your answer" });
    await form.getByLabel("What is wrong?").selectOption("eval-tokenizer");
    await form.getByLabel("The first thing you check").selectOption("eval-path");
    await form.getByLabel("Your first action").selectOption("rollback-lr");
    await form.getByLabel(/^Rationale/).fill("Validation is far above the fixed training windows from the first evaluation. The evaluation is broken, not the model.");
    expect(await checkAccessibility(page)).toEqual({ unlabelled: [], unreachable: [], lowContrast: [] });
    await session.screenshot("incident-run");
    await form.getByRole("button", { name: "Submit the diagnosis" }).click();

    const reveal = page.getByRole("region", { name: "Reveal" });
    await reveal.getByRole("heading", { name: "It was eval-tokenizer: Validation text encoded with a different tokenizer" }).waitFor();
    expect(await reveal.innerText()).toContain("Score 50%");
    expect(await reveal.innerText()).toMatch(/✗ First action: Roll back .* \(the runbook's: Fix the evaluation path/);
    expect(await reveal.getByRole("heading", { level: 3 }).allInnerTexts()).toEqual([
      "What this run shows",
      "Not repeated-batch: The loader serves the same batch every step",
      "Not label-leak: Targets leak the answer",
    ]);
    expect(await reveal.innerText()).toMatch(/Rated Hard: due again /);
    await reveal.getByText(/^The runbook page \(content\/runbook\/eval-tokenizer\.md\)$/).click();
    await reveal.getByRole("heading", { name: "Mechanism" }).waitFor();
    expect(await checkAccessibility(page)).toEqual({ unlabelled: [], unreachable: [], lowContrast: [] });
    await session.screenshot("incident-reveal");

    await page.getByRole("link", { name: "Back to the incidents" }).click();
    const history = page.getByRole("region", { name: "History" });
    await history.getByRole("cell", { name: "50%" }).waitFor();
    expect(await history.getByRole("row").nth(1).innerText()).toMatch(/eval-tokenizer\s+✓ eval-tokenizer\s+✓ eval-path\s+✗ rollback-lr\s+50%\s+rated/);
  });
});
