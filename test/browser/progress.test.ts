import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBank } from "../../src/drill/bank.js";
import { recordAttempt } from "../../src/drill/history.js";
import { openStore } from "../../src/store/open.js";
import { databasePath } from "../../src/workspace/paths.js";
import { checkAccessibility } from "./accessibility.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

const DAY_MS = 86_400_000;
const DAYS = 6;
const PER_DAY = 5;

/**
 * 30 answers over the last six UTC days, five a day on cards of five rubric points; on the
 * i-th day (0 = five days ago) each covers i of them (capped at 5): daily means 0, 20, …, 100%.
 */
function seededHome(): { home: string; days: string[] } {
  const home = mkdtempSync(join(tmpdir(), "lmdojo-progress-"));
  const db = openStore(databasePath(home));
  const cards = loadBank().cards.filter((c) => c.rubric.length === 5 && !c.generator);
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const days: string[] = [];
  for (let i = 0; i < DAYS; i++) {
    const dayStart = today - (DAYS - 1 - i) * DAY_MS;
    days.push(new Date(dayStart).toISOString().slice(0, 10));
    for (let k = 0; k < PER_DAY; k++) {
      const at = new Date(dayStart + k * 60_000);
      const card = cards[i * PER_DAY + k];
      const rubricTicks = card.rubric.map((_, j) => j < i);
      recordAttempt(db, { cardId: card.id, startedAt: at.toISOString(), durationMs: 30_000, answer: "", rubricTicks, suggestedRating: null, rating: 3, followup: null, mockId: null }, at);
    }
  }
  db.close();
  return { home, days };
}

describe("the progress page in Chromium", () => {
  let session: BrowserSession;
  let days: string[];
  beforeAll(async () => {
    const seeded = seededHome();
    days = seeded.days;
    session = await openBrowserSession({ home: seeded.home });
  });
  afterAll(() => session?.close());

  it("progress charts render with data", async () => {
    const { page } = session;
    await page.getByRole("link", { name: "Progress" }).click();
    await page.getByRole("heading", { name: "Progress", level: 1 }).waitFor();
    await page.getByText("30 answers in all").waitFor();
    await page.locator(".chart-canvas canvas").nth(1).waitFor();
    expect(await page.locator(".chart-canvas canvas").count()).toBe(2);

    // The coverage chart's numbers: each day's mean, and the rolling mean (all six days fit in its 7-day window).
    const coverage = page.getByRole("figure").filter({ hasText: "Rubric coverage per day" });
    await coverage.getByText("Numbers").click();
    for (const [i, day] of days.entries()) {
      const rolling = 10 * i; // the mean of 0, 20, …, 20i
      const cells = await coverage.getByRole("row").filter({ hasText: day }).getByRole("cell").allTextContents();
      expect(cells).toEqual([day, String(20 * i), String(rolling)]);
    }
    const answers = page.getByRole("figure").filter({ hasText: "Answers per day" });
    await answers.getByText("Numbers").click();
    for (const day of days) expect(await answers.getByRole("row").filter({ hasText: day }).getByRole("cell").allTextContents()).toEqual([day, "5"]);

    // Every card was rated Good once, as new: due minutes later, so all 30 are due today.
    expect(await page.getByRole("list", { name: /Cards coming due/ }).getByRole("listitem").first().textContent()).toMatch(/^30today/);
    await session.screenshot("progress");
    expect(await checkAccessibility(page)).toEqual({ unlabelled: [], unreachable: [], lowContrast: [] });
  });
});
