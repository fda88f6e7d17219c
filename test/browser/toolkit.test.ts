import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserSession, type BrowserSession } from "./harness.js";

const examplePath = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));

describe("the toolkit page in Chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession();
  });
  afterAll(() => session?.close());

  it("eval: a file chosen in the file input gives the table the CLI prints, per slice", async () => {
    const { page } = session;
    await page.goto(session.url("/toolkit"));
    expect(await page.getByRole("tab", { name: "Eval" }).getAttribute("aria-selected")).toBe("true");
    await page.getByLabel("Kind of records").selectOption("qa");
    await page.getByLabel("Records: drop a file here, or choose one").setInputFiles(examplePath("qa.jsonl"));
    await page.getByText("Chosen: qa.jsonl").waitFor();
    await page.getByLabel("Slice field (per-slice rows)").fill("category");
    await page.getByRole("button", { name: "Compute metrics" }).click();
    const report = page.getByRole("region", { name: "Eval report" });
    await report.getByRole("table").waitFor();
    // README's `dojo eval qa examples/qa.jsonl --slice category`: 10,000 BCa resamples, seed 0.
    expect(await report.getByRole("row").nth(1).innerText()).toBe("exact_match (%)\t(all)\t15\t60.00\t[33.33, 80.00]");
    expect(await report.getByRole("row").nth(3).innerText()).toMatch(/^exact_match \(%\)\tdate\t5\t60\.00\t\[20\.00, 100\.00\]/);
    await report.getByText(/^Warning:/).first().waitFor();
    await report.getByText(/^Not measured:/).waitFor();
    await session.screenshot("toolkit-eval");
  });

  it("eval: a bad pasted line is one error naming the line and field; an example loads and runs", async () => {
    const { page } = session;
    await page.getByLabel("Or paste JSON Lines (one record per line)").fill('{"prediction": "a", "references": "a"}\n{"prediction": 3, "references": "b"}');
    await page.getByRole("button", { name: "Compute metrics" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").innerText()).toMatch(/^pasted:2: field prediction: /);
    await page.getByLabel("Kind of records").selectOption("lm");
    await page.getByLabel("Slice field (per-slice rows)").fill("");
    await page.getByRole("button", { name: "Try an example (lm)" }).click();
    const report = page.getByRole("region", { name: "Eval report" });
    await report.getByRole("cell", { name: "perplexity (corpus)" }).waitFor();
    expect(await report.getByRole("heading").innerText()).toBe("lm · examples/lm.jsonl · 6 records");
  });

  it("eval: a file dropped on the zone is the one computed", async () => {
    const { page } = session;
    await page.getByLabel("Kind of records").selectOption("pref");
    const text = readFileSync(examplePath("pref.jsonl"), "utf8");
    // Built in the page (the test's own types have no DOM): a DataTransfer holding one file, as a drag from the desktop carries.
    const dataTransfer = await page.evaluateHandle(
      `(() => { const t = new DataTransfer(); t.items.add(new File([${JSON.stringify(text)}], "dropped.jsonl", { type: "application/x-ndjson" })); return t; })()`,
    );
    await page.locator(".drop-zone").first().dispatchEvent("drop", { dataTransfer });
    await page.getByText("Chosen: dropped.jsonl").waitFor();
    await page.getByRole("button", { name: "Compute metrics" }).click();
    const report = page.getByRole("region", { name: "Eval report" });
    await report.getByRole("heading", { name: "pref · dropped.jsonl · 16 records" }).waitFor();
  });

  it("ablate: a runs file gives the delta table, the flags with their evidence and the conclusion", async () => {
    const { page } = session;
    await page.getByRole("tab", { name: "Ablate" }).click();
    expect(new URL(page.url()).pathname).toBe("/toolkit/ablate");
    await page.getByLabel("Runs: drop a file here, or choose one").setInputFiles(examplePath("ablation.jsonl"));
    await page.getByLabel("Factor under test (config key)").fill("pos");
    await page.getByRole("button", { name: "Compare arms" }).click();
    const report = page.getByRole("region", { name: "Ablation report" });
    await report.getByRole("heading", { name: "Justified conclusion" }).waitFor();
    // README's `dojo ablate examples/ablation.jsonl --factor pos`.
    expect(await report.getByRole("row").nth(1).innerText()).toMatch(/^rope\tacc\thigher\t0\.5860\t0\.6373\t\+0\.0513\t\[\+0\.0087, \+0\.0940\]\t0\.0423\t5\/5\texamples & seeds$/);
    await report.getByText('rope-lr: changes 1 config key besides "pos": lr: 0.0006 → 0.001').waitFor();
    await report.getByText(/^Supported: changing pos from "learned" to "rope" improves acc and val_loss/).waitFor();
    await session.screenshot("toolkit-ablate");
  });
});
