import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PIPELINE, writeAlignFixture } from "../web/align-fixture.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

describe("alignment drills in Chromium", () => {
  let session: BrowserSession;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    session = await openBrowserSession();
    writeAlignFixture(session.home);
    session.page.on("pageerror", (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await session?.close();
  });

  it("goes from the Align page to a pipeline's drill: question and evidence, the answer, a rating, the next drill", async () => {
    const { page } = session;
    await page.goto(session.url("/align"));
    await page.getByRole("article", { name: `Pipeline ${FIXTURE_PIPELINE}` }).getByRole("link", { name: "Drills" }).click();
    await page.waitForURL(`**/align/pipelines/${FIXTURE_PIPELINE}/drill`, { timeout: 10_000 });
    const drill = page.getByRole("article", { name: "Drill ship-checkpoint" });
    await drill.getByText("Ship this checkpoint?").waitFor();
    expect(await drill.getByRole("row").filter({ hasText: "gold accuracy, step 10" }).textContent()).toContain("0.50 [0.45, 0.55]");
    expect(await drill.getByRole("region", { name: "Model answer" }).count()).toBe(0);
    await session.screenshot("align-drill-question");

    await drill.getByRole("button", { name: /Show answer/ }).click();
    const answer = drill.getByRole("region", { name: "Model answer" });
    await answer.getByText(/^The evidence does not show a fall/).waitFor();
    expect(await answer.getByRole("listitem").count()).toBe(4);
    await session.screenshot("align-drill-answer");

    await answer.getByRole("group", { name: "Rating" }).getByRole("button", { name: /Good/ }).click();
    await page.getByRole("status").getByText(/^Rated good: due /).waitFor();
    await page.getByRole("article", { name: "Drill winrate-vs-factuality" }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
