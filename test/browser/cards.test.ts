import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rating } from "ts-fsrs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAttempt } from "../../src/drill/history.js";
import { openStore } from "../../src/store/open.js";
import { databasePath } from "../../src/workspace/paths.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

/** A valid card file: the answer repeats `words` to the bank's minimum length. */
function cardFile(slug: string, title: string, question: string, words: string): string {
  const answer = Array(20).fill(words).join(" ");
  return `---
id: objectives/${slug}
area: objectives
title: ${title}
kind: concept
difficulty: 2
rubric:
  - "States the first point"
  - "States the second point"
  - "States the third point"
followups:
  - question: "A first follow-up?"
    answer: "Its answer."
  - question: "A second follow-up?"
    answer: "Its answer."
pitfalls:
  - "A pitfall"
---

## Question

${question}

## Answer

${answer}
`;
}

/** A bank of two cards, one with maths, and an answer that holds markup as text. */
function fixtureBank(): string {
  const dir = mkdtempSync(join(tmpdir(), "lmdojo-cards-"));
  mkdirSync(join(dir, "objectives"));
  writeFileSync(
    join(dir, "objectives", "softmax-gradient.md"),
    cardFile("softmax-gradient", "The gradient of softmax cross-entropy", "Show that the gradient is $\\frac{\\partial L}{\\partial z_i} = p_i - y_i$.", "The softmax gradient is p minus y <b>not bold</b> here."),
  );
  writeFileSync(join(dir, "objectives", "label-smoothing.md"), cardFile("label-smoothing", "Label smoothing", "What does label smoothing do to the targets?", "Smoothing mixes the one-hot target with a uniform one."));
  return dir;
}

describe("the cards pages in Chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-browser-"));
    const db = openStore(databasePath(home));
    recordAttempt(
      db,
      { cardId: "objectives/softmax-gradient", startedAt: "2026-12-01T09:00:00.000Z", durationMs: 125_000, answer: "p minus y", rubricTicks: [true, true, false], suggestedRating: Rating.Good, rating: Rating.Hard, followup: null, mockId: null },
      new Date("2026-12-01T09:00:00.000Z"),
    );
    db.close();
    session = await openBrowserSession({ home, contentDir: fixtureBank() });
  });
  afterAll(() => session?.close());

  it("search finds a card, with its matched words marked and markup shown as text", async () => {
    const { page } = session;
    await page.goto(session.url("/cards"));
    await page.getByText("2 of 2 cards").waitFor();
    await page.getByLabel("Search questions, answers and rubrics").fill("bold");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("1 of 2 cards, best match first").waitFor();
    expect(new URL(page.url()).search).toBe("?q=bold");
    const snippet = page.locator(".snippet").first();
    expect(await snippet.locator("mark").allInnerTexts()).toEqual(["bold"]);
    expect(await snippet.innerText()).toContain("<b>not bold</b>");
    expect(await page.locator(".card-list b").count()).toBe(0);
    await page.getByLabel("Search questions, answers and rubrics").fill("gradient");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "The gradient of softmax cross-entropy" }).waitFor();
    await session.screenshot("cards-search");
  });

  it("searches a term with punctuation as its words, without a syntax error", async () => {
    const { page } = session;
    await page.getByLabel("Search questions, answers and rubrics").fill('"softmax');
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "The gradient of softmax cross-entropy" }).waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
  });

  it("a card shows its question with rendered maths, its rubric and its history", async () => {
    const { page } = session;
    await page.goto(session.url("/cards/objectives/softmax-gradient"));
    await page.getByRole("heading", { level: 1, name: "The gradient of softmax cross-entropy" }).waitFor();
    await page.locator(".question .katex").first().waitFor();
    await page.getByRole("listitem").filter({ hasText: "States the third point" }).waitFor();
    const row = page.getByRole("table").getByRole("row").nth(1);
    expect(await row.innerText()).toMatch(/\t2:05\t67% \(2\/3\)\thard \(suggested good\)\tp minus y$/);
    await session.screenshot("cards");
  });
});
