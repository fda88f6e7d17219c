import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserSession, type BrowserSession } from "./harness.js";

const SHOWN = { timeout: 10_000, interval: 100 };

describe("the align runbook in Chromium", () => {
  let session: BrowserSession;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    session = await openBrowserSession();
    session.page.on("pageerror", (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await session?.close();
  });

  it("goes from the Align page to the index and to a page rendered from its Markdown, and on to a near miss", async () => {
    const { page } = session;
    await page.goto(session.url("/align"));
    await page.getByRole("link", { name: "Runbook" }).waitFor();
    await session.screenshot("align-runbook-link");
    await page.getByRole("link", { name: "Runbook" }).click();
    await page.waitForURL("**/align/runbook", { timeout: 10_000 });
    await page.getByRole("heading", { name: "Align runbook" }).waitFor();
    const rows = page.getByRole("table").getByRole("row");
    await expect.poll(() => rows.count(), SHOWN).toBe(5); // the header and four pages
    expect(await page.getByRole("table").getByRole("link").allTextContents()).toEqual([
      "KL to the reference grows without bound",
      "KL stays at zero and the policy does not move",
      "Proxy reward rises while gold reward peaks and falls",
      "Answers grow longer because length pays",
    ]);
    await session.screenshot("align-runbook-index");

    await page.getByRole("link", { name: "KL stays at zero and the policy does not move" }).click();
    await page.waitForURL("**/align/runbook/kl-collapse", { timeout: 10_000 });
    const article = page.getByRole("article", { name: "KL stays at zero and the policy does not move" });
    await article.getByRole("heading", { level: 1 }).waitFor();
    await expect.poll(() => article.locator(".markdown h2").allTextContents(), SHOWN).toEqual(["Mechanism", "Symptom signature", "What to check first", "Fix", "Near misses", "Interview answer", "Measured in the lab"]);
    expect(await article.getByRole("region", { name: "At a glance" }).textContent()).toContain("Interview question: KL collapses during RLHF. What knobs exist and what do they trade off?");
    expect(await article.locator(".markdown code", { hasText: "kl/k1" }).count()).toBeGreaterThan(0); // Markdown rendered, not shown as text
    await session.screenshot("align-runbook-page");

    await article.getByRole("region", { name: "At a glance" }).getByRole("link", { name: "reward-hacking" }).click();
    await page.waitForURL("**/align/runbook/reward-hacking", { timeout: 10_000 });
    await page.getByRole("heading", { level: 1, name: "Proxy reward rises while gold reward peaks and falls" }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it("says so when a page does not exist", async () => {
    const { page } = session;
    await page.goto(session.url("/align/runbook/kl-divergence"));
    await page.getByText('no align runbook page "kl-divergence"').waitFor();
  });
});
