import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PIPELINE, FIXTURE_RUNS, writeAlignFixture } from "../web/align-fixture.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

const SHOWN = { timeout: 10_000, interval: 100 };

describe("the alignment lab in Chromium", () => {
  let session: BrowserSession;
  const violations: string[] = [];
  const pageErrors: string[] = [];
  beforeAll(async () => {
    session = await openBrowserSession();
    session.page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    session.page.on("pageerror", (error) => pageErrors.push(error.message));
    writeAlignFixture(session.home);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("lists the runs under the pipeline that made them, with the pipeline form beside Lab in the navigation", async () => {
    const { page } = session;
    await page.goto(session.url("/align"));
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allTextContents()).toContain("Align");
    expect((await nav.getByRole("link").allTextContents()).slice(-2)).toEqual(["Lab", "Align"]);
    await page.getByRole("button", { name: "Run the pipeline" }).waitFor();
    expect(await page.getByLabel("Labeller bias").locator("option").allTextContents()).toEqual(["none", "length", "confident", "flattery"]);
    await page.getByLabel("Labeller bias").selectOption("flattery");
    await page.getByLabel("Shrink").fill("20");
    await page.getByText("dojo align pipeline --bias flattery --shrink 20").waitFor();
    const pipeline = page.getByRole("article", { name: `Pipeline ${FIXTURE_PIPELINE}` });
    const links = await pipeline.getByRole("table").getByRole("link").allTextContents();
    expect(links).toEqual([FIXTURE_RUNS.sft, FIXTURE_RUNS.pairs, FIXTURE_RUNS.rm, FIXTURE_RUNS.dpo, FIXTURE_RUNS.rl]);
    await pipeline.getByRole("link", { name: "Report" }).waitFor();
    expect(await page.getByRole("heading", { name: "Other runs" }).count()).toBe(0);
    await session.screenshot("align");
  }, 30_000);

  it("shows a DPO run's metrics grouped by prefix in a grid of charts, its evaluations with intervals, its graded samples and its config", async () => {
    const { page } = session;
    await page.goto(session.url("/align"));
    await page.getByRole("link", { name: FIXTURE_RUNS.dpo }).click();
    await page.waitForURL(`**/align/runs/${FIXTURE_RUNS.dpo}`);
    const charts = page.locator(".lab-charts figure");
    await expect.poll(() => charts.locator("canvas").count(), SHOWN).toBe(5);
    expect(await charts.locator("figcaption").allTextContents()).toEqual(["loss", "rewards", "logps", "lr", "grad_norm"]);
    const rewards = page.getByRole("figure", { name: "rewards" });
    expect(await rewards.locator(".chart-canvas").getAttribute("data-points")).toBe("10");
    expect(await rewards.locator(".chart-table thead th").allTextContents()).toEqual(["step", "chosen", "rejected", "accuracies", "margins"]);
    const evaluations = page.getByRole("region", { name: "Evaluations" });
    expect(await evaluations.locator("thead th").allTextContents()).toEqual(["metric", "step 0 (n = 40)", "step 5 (n = 40)", "step 10 (n = 40)"]);
    const accuracy = evaluations.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "gold/accuracy", exact: true }) });
    expect(await accuracy.locator("td").allTextContents()).toEqual(["0.400 [0.350, 0.450]", "0.450 [0.400, 0.500]", "0.500 [0.450, 0.550]"]);
    const samples = page.getByRole("region", { name: "Samples" });
    await samples.getByText("(step 10)").waitFor();
    expect(await samples.locator(".verdict").textContent()).toBe("correct");
    await samples.getByLabel("From the evaluation at step").selectOption("5");
    expect(await samples.locator(".verdict").textContent()).toBe("wrong");
    await page.getByRole("region", { name: "Config" }).getByRole("rowheader", { name: "labelSmoothing" }).waitFor();
    expect(await page.getByRole("region", { name: "Status" }).locator(".run-status").textContent()).toBe("completed");
    expect(await page.getByRole("button", { name: "Stop" }).count()).toBe(0);
    await session.screenshot("align-run");
  }, 30_000);

  it("shows an RL run's nine charts, the KL estimators on one", async () => {
    const { page } = session;
    await page.goto(session.url(`/align/runs/${FIXTURE_RUNS.rl}`));
    const charts = page.locator(".lab-charts figure");
    await expect.poll(() => charts.locator("canvas").count(), SHOWN).toBe(9);
    expect(await charts.locator("figcaption").allTextContents()).toEqual(["loss", "reward", "gold", "kl", "entropy", "answer", "clip_fraction", "lr", "grad_norm"]);
    expect(await page.getByRole("figure", { name: "kl" }).locator(".chart-table thead th").allTextContents()).toEqual(["step", "k1", "k3"]);
  }, 30_000);

  it("renders the pipeline's report with its SVG charts", async () => {
    const { page } = session;
    await page.goto(session.url("/align"));
    await page.getByRole("link", { name: "Report" }).click();
    await page.waitForURL(`**/align/pipelines/${FIXTURE_PIPELINE}`);
    await page.getByRole("heading", { name: "2. DPO's gold-reward-vs-KL frontier over β, against RL's" }).waitFor();
    const frontier = page.getByRole("img", { name: "Gold score vs KL: DPO (β sweep) and RL" });
    expect(await frontier.getAttribute("src")).toBe(`/api/align/pipelines/${FIXTURE_PIPELINE}/charts/frontier.svg`);
    await expect.poll(() => frontier.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SHOWN).toBeGreaterThan(0);
    expect(await page.locator(".markdown img").count()).toBe(4); // RL gold score, gold accuracy and proxy reward vs KL, and the frontier
    await page.getByRole("link", { name: FIXTURE_RUNS.rl }).waitFor();
    await session.screenshot("align-pipeline");
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
