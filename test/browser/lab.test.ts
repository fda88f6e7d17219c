import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPIKE_MESSAGE, writeFixtureRun } from "../web/lab-fixture.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

/** Generous: a run starts in a few seconds, but six test suites may share two cores. */
const LIVE = { timeout: 90_000, interval: 100 };

describe("the lab in Chromium", () => {
  let session: BrowserSession;
  const violations: string[] = [];
  const pageErrors: string[] = [];
  beforeAll(async () => {
    session = await openBrowserSession();
    session.page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    session.page.on("pageerror", (error) => pageErrors.push(error.message));
    writeFixtureRun(session.home, "20260102-030405-tiny");
  });
  afterAll(async () => {
    await session?.server.context.labRuns.stopAll();
    await session?.close();
  });

  it("shows a finished run's curves with its alert listed, per-domain losses, samples, config and report", async () => {
    const { page } = session;
    await page.goto(session.url("/lab/runs/20260102-030405-tiny"));
    const loss = page.getByRole("figure", { name: "Loss", exact: true });
    await expect.poll(() => loss.locator(".chart-canvas").getAttribute("data-points"), LIVE).toBe("20");
    await loss.getByText(`loss-spike: ${SPIKE_MESSAGE.replace(/^step \d+: /, "")}`).waitFor(); // the marker shows the step itself
    await page.getByRole("figure", { name: "Validation loss per domain" }).waitFor();
    await page.getByRole("figure", { name: "Update / parameter ratio per layer" }).waitFor();
    // Each of the five charts drew its plot: loss, per-domain loss, learning rate, gradient norm, update ratios.
    await expect.poll(() => page.locator(".lab-charts figure canvas").count(), LIVE).toBe(5);
    await page.getByRole("region", { name: "Samples" }).getByText("sample at step 20").waitFor();
    await page.getByRole("region", { name: "Config" }).getByRole("rowheader", { name: "model.nLayer" }).waitFor();
    // The report as `dojo lab report` would write it, rendered from Markdown, without its SVG charts.
    const report = page.getByRole("region", { name: "Report" });
    await report.getByRole("heading", { name: "Alerts" }).waitFor();
    expect(await report.getByRole("heading", { name: "Charts" }).count()).toBe(0);
    expect(await report.getByRole("img").count()).toBe(0);
    expect(await page.getByRole("region", { name: "Status" }).locator(".run-status").textContent()).toBe("completed");
    expect(await page.getByRole("button", { name: "Stop" }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("starts a tiny run, watches its loss curve grow, stops it, resumes it and sees the curve grow further", async () => {
    const { page } = session;
    await page.goto(session.url("/lab?preset=tiny"));
    expect(await page.getByLabel("Preset").inputValue()).toBe("tiny");
    // Far more steps than the test waits for: it stops the run itself.
    await page.getByLabel("Steps").fill("5000");
    await page.getByRole("button", { name: "Start run" }).click();
    await page.waitForURL(/\/lab\/runs\/\d{8}-\d{6}-tiny$/);

    const status = page.getByRole("region", { name: "Status" }).locator(".run-status");
    const canvas = page.getByRole("figure", { name: "Loss", exact: true }).locator(".chart-canvas");
    const points = async () => Number(await canvas.getAttribute("data-points"));
    await canvas.waitFor({ timeout: LIVE.timeout });
    expect(await status.textContent()).toBe("running");
    const first = await points();
    await expect.poll(points, LIVE).toBeGreaterThan(first);

    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => status.textContent(), LIVE).toBe("interrupted");
    const stopped = await points();
    expect(stopped).toBeGreaterThan(first);

    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => status.textContent(), LIVE).toBe("running");
    await expect.poll(points, LIVE).toBeGreaterThan(stopped);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => status.textContent(), LIVE).toBe("interrupted");
    await session.screenshot("lab-run");

    const id = new URL(page.url()).pathname.split("/").at(-1)!;
    await page.getByRole("link", { name: "← All runs" }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: id }) });
    await expect.poll(() => row.locator(".run-status").textContent(), LIVE).toBe("interrupted");
    await row.getByRole("button", { name: `Resume ${id}` }).waitFor();
    await session.screenshot("lab-runs");
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
