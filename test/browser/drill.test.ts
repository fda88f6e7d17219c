import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAttempt } from "../../src/drill/history.js";
import { saveRecording } from "../../src/drill/recordings.js";
import { openStore } from "../../src/store/open.js";
import type { Locator } from "playwright-core";
import { openBrowserSession, type BrowserSession } from "./harness.js";

/** A concept card with five rubric points; its second follow-up is "Can recomputation change the loss curve?". */
const CARD = "systems/activation-checkpointing-optimizer-state";
const SEEDED = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";

describe("the drill page in Chromium", () => {
  let session: BrowserSession;
  let voiceUid = "";
  beforeAll(async () => {
    session = await openBrowserSession();
  });
  afterAll(() => session?.close());

  const db = () => openStore(join(session.home, "dojo.db"));
  const hasFocus = (locator: Locator) => locator.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el.ownerDocument.activeElement === el);
  const audioReady = (name: string | RegExp) =>
    expect.poll(() => session.page.getByLabel(name).evaluate((el) => { const a = el as HTMLAudioElement; return a.readyState >= 1 || a.duration > 0 ? "loaded" : a.error ? "error" : "not yet"; }), { timeout: 10_000 }).toBe("loaded");

  it("records a spoken answer with the fake microphone, stores it under the attempt in audio/, and replays it", async () => {
    const { page } = session;
    await page.goto(session.url("/drill?area=systems&difficulty=1&new=1"));
    await page.getByText("1 card: 0 due for review, 1 new.").waitFor();
    await page.getByRole("button", { name: "Start" }).click();
    const heading = page.getByRole("heading", { level: 1, name: "1/1 · systems · concept · difficulty 1" });
    // The page moves the focus to the card's heading once it shows (an effect after the render).
    await expect.poll(() => hasFocus(heading), { timeout: 10_000 }).toBe(true);
    // Tab from the card's heading reaches the answer box, then the recorder; Enter presses it.
    await page.keyboard.press("Tab");
    expect(await hasFocus(page.getByLabel("Your answer: type it, or say it aloud"))).toBe(true);
    await page.keyboard.press("Tab");
    expect(await hasFocus(page.getByRole("button", { name: "Record answer" }))).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("timer", { name: "Speaking time" }).textContent(), { timeout: 10_000 }).toMatch(/^Speaking 0:0[1-9] of 2:00/);
    await session.screenshot("drill-voice");
    await page.getByRole("button", { name: "Stop recording" }).click();
    await page.getByText(/^Recorded 0:0\d of a 2:00 target$/).waitFor();
    await audioReady("Your recording");

    await page.getByRole("button", { name: /Reveal/ }).click();
    await page.getByRole("heading", { name: "Model answer" }).waitFor();
    await page.getByText("Answered aloud (recorded).").waitFor();
    await page.keyboard.press("3");
    await page.getByText(/^Your spoken answer, 0:0\d of a 2:00 target, is saved/).waitFor();
    await audioReady("Your saved recording");

    const store = db();
    const rows = store.prepare("SELECT uid, rating, answer FROM attempts").all() as { uid: string; rating: number; answer: string }[];
    store.close();
    expect(rows.map((r) => [r.rating, r.answer])).toEqual([[3, ""]]);
    voiceUid = rows[0].uid;
    const file = join(session.home, "audio", `${voiceUid}.webm`);
    expect(existsSync(file)).toBe(true);
    // A WebM file starts with the EBML magic number.
    expect(readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    expect(statSync(file).size).toBeGreaterThan(100);
  });

  it("drills one card end to end by keyboard (type, Space, ticks, key 2, follow-up with Enter) and stores the attempt and review", async () => {
    const { page } = session;
    // An attempt two days ago (due again now) with a recording, so the card is in the queue with its history.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const store = db();
    recordAttempt(
      store,
      { uid: SEEDED, cardId: CARD, startedAt: twoDaysAgo.toISOString(), durationMs: 70_000, answer: "Earlier: it does not change optimizer state.", rubricTicks: [true, false, false, false, false], suggestedRating: 1, rating: 3, followup: null, mockId: null },
      twoDaysAgo,
    );
    const voice = JSON.parse(readFileSync(join(session.home, "audio", `${voiceUid}.json`), "utf8")) as { durationMs: number };
    saveRecording(store, session.home, SEEDED, readFileSync(join(session.home, "audio", `${voiceUid}.webm`)), voice.durationMs, new Date());
    store.close();

    await page.goto(session.url("/drill?area=systems&new=0"));
    await page.getByText("1 card: 1 due for review, 0 new.").waitFor();
    await expect.poll(() => hasFocus(page.getByRole("button", { name: "Start" })), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press("Enter"); // the Start button has the focus
    const heading = page.getByRole("heading", { level: 1, name: "1/1 · systems · concept · difficulty 2" });
    await heading.waitFor();
    await page.getByText("How do activation checkpointing and recomputation affect optimizer state?").waitFor();
    await page.getByLabel("Your answer: type it, or say it aloud").fill("It leaves optimizer state unchanged.\nIt trades compute for activation memory.");
    await expect.poll(() => page.getByRole("timer", { name: "Time on this card" }).textContent()).toMatch(/^0:0\d$/);
    await session.screenshot("drill-question");

    await heading.click(); // focus out of the text box: Space now reveals
    await page.keyboard.press("Space");
    await page.getByRole("heading", { name: "Model answer" }).waitFor();
    await page.getByText(/^Directly, not at all/).waitFor();
    await page.getByText(/rubric 20% · good/).waitFor();
    await audioReady(/^Recording of /);
    await page.getByText("Suggested rating: Again (from 0% rubric coverage)").waitFor();

    const rubric = page.getByRole("group", { name: "Which rubric points did your answer cover?" }).getByRole("checkbox");
    expect(await rubric.count()).toBe(5);
    await rubric.nth(0).check();
    await rubric.nth(1).check();
    await page.getByText("Suggested rating: Hard (from 40% rubric coverage)").waitFor();
    await page.getByRole("button", { name: "2 Hard (suggested)" }).waitFor();
    await session.screenshot("drill-reveal");
    await page.keyboard.press("2");

    await page.getByRole("heading", { name: "Follow-up" }).waitFor();
    await page.getByText("Can recomputation change the loss curve?").waitFor();
    const followup = page.getByLabel(/Your answer to the follow-up/);
    await followup.fill("Only through nondeterminism");
    await followup.press("Shift+Enter");
    await followup.pressSequentially("such as dropout masks.");
    await followup.press("Enter");
    await page.getByRole("heading", { name: "A short answer" }).waitFor();
    await page.getByText(/^Only through nondeterminism: if dropout masks are not regenerated/).waitFor();

    const check = db();
    const attempt = check.prepare("SELECT rating, suggested_rating, rubric_ticks, answer, followup, followup_answer FROM attempts WHERE card_id = ? AND uid != ?").get(CARD, SEEDED);
    const review = check.prepare("SELECT due, reps FROM reviews WHERE card_id = ?").get(CARD) as { due: string; reps: number };
    check.close();
    expect(attempt).toEqual({
      rating: 2,
      suggested_rating: 2,
      rubric_ticks: "[true,true,false,false,false]",
      answer: "It leaves optimizer state unchanged.\nIt trades compute for activation memory.",
      followup: "Can recomputation change the loss curve?",
      followup_answer: "Only through nondeterminism\nsuch as dropout masks.",
    });
    expect(review.reps).toBe(2);
    expect(new Date(review.due).getTime()).toBeGreaterThan(Date.now());

    await expect.poll(() => hasFocus(page.getByRole("button", { name: "Finish" })), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press("Enter"); // the Finish button has the focus
    await page.getByRole("heading", { name: "Session done" }).waitFor();
    await page.getByText("1 answered").waitFor();
    await page.getByText("Mean rubric coverage 40%.").waitFor();
    expect(await page.getByRole("link", { name: "See your progress" }).getAttribute("href")).toBe("/progress");
  });

  it("says when the next card is due when nothing is, and offers five new cards", async () => {
    const { page } = session;
    await page.goto(session.url("/drill?area=systems&new=0"));
    await page.getByText(/^Nothing due now; next card due /).waitFor();
    await session.screenshot("drill-empty");
    await page.getByRole("button", { name: "Drill 5 new cards" }).click();
    await page.getByText("5 cards: 0 due for review, 5 new.").waitFor();
    expect(new URL(page.url()).search).toBe("?area=systems&new=5");
    expect(await page.getByLabel("Area").inputValue()).toBe("systems");
  });

  it("shows why a filter in the address is refused, and a way back to the drill", async () => {
    const { page } = session;
    await page.goto(session.url("/drill?new=-1"));
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").innerText()).toMatch(/^query: new: /);
    await page.getByRole("link", { name: "Drill without filters" }).click();
    await page.getByRole("button", { name: "Start" }).waitFor();
  });
});
