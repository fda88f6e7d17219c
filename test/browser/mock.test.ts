import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccessibility } from "./accessibility.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

describe("the mock interview page in Chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession();
  });
  afterAll(() => session?.close());

  it("a mock segment", async () => {
    const { page } = session;
    await page.getByRole("link", { name: "Mock" }).click();
    await page.getByLabel("Minutes").waitFor();
    const clean = { unlabelled: [], unreachable: [], lowContrast: [] };
    expect(await checkAccessibility(page)).toEqual(clean);
    await page.getByLabel("Minutes").fill("8");
    await page.getByLabel("Role").selectOption("engineer");
    await page.getByLabel("Seed (optional)").fill("7");
    await page.getByRole("button", { name: "Start the interview" }).click();

    // 8 minutes: four segments of one question, the first with 2 minutes on its clock.
    await page.getByRole("heading", { name: "Segment 1 of 4: foundations" }).waitFor();
    expect(await page.getByRole("timer").textContent()).toMatch(/^[12]:\d\d left in this segment$/);
    await page.getByLabel(/Your answer/).fill("Attention cost grows with the square of the context; a KV cache trades memory for recompute.");
    await page.getByRole("button", { name: "Show the model answer" }).click();
    await page.getByRole("heading", { name: "Model answer" }).waitFor();
    const points = page.getByRole("group", { name: "Which rubric points did your answer cover?" }).getByRole("checkbox");
    const rubricSize = await points.count();
    await points.first().check();
    await page.getByLabel(/^Rating \(suggested from/).waitFor();
    await page.getByRole("button", { name: "Save the rating" }).click();
    await page.getByRole("heading", { name: "Follow-up" }).waitFor();
    await page.getByLabel("Your answer to the follow-up").fill("It would halve the memory per token.");
    await page.getByRole("button", { name: "Answer the follow-up" }).click();
    await page.getByRole("heading", { name: "A short answer" }).waitFor();
    await page.getByRole("button", { name: "Next question" }).click();

    await page.getByRole("heading", { name: "Segment 2 of 4: experiment judgment" }).waitFor();
    expect(await page.getByRole("list", { name: "Segments" }).getByRole("listitem").first().textContent()).toBe("foundations (done)");
    // The page's clock runs past the segment's end (2 min 40 s at most): it says so in words, not only in colour.
    await page.clock.install();
    await page.clock.fastForward("03:00");
    await page.getByText(/^⚠ Overtime: 0:\d\d past this segment's end/).waitFor();
    await session.screenshot("mock");
    expect(await checkAccessibility(page)).toEqual(clean);

    await page.getByRole("button", { name: "Stop the interview here" }).click();
    await page.getByRole("heading", { name: "Mock interview summary" }).waitFor();
    expect(await page.getByText("stopped early").count()).toBe(1);
    const foundations = await page.getByRole("row", { name: /^foundations/ }).getByRole("cell").allTextContents();
    expect(foundations.slice(0, 2)).toEqual(["1", `${Math.round(100 / rubricSize)}%`]);
    const id = new URL(page.url()).searchParams.get("id")!;
    expect(await page.getByText(`mocks/${id}.md`).count()).toBe(1);
    const report = join(session.home, "mocks", `${id}.md`);
    expect(existsSync(report)).toBe(true);
    expect(readFileSync(report, "utf8")).toContain("Research engineer loop, 8 minutes, seed 7; stopped early.");
    await session.screenshot("mock-summary");
  });

  it("the coding segment is a kata: editor, tests without hints, hand-in with the reference, then the next segment", async () => {
    const { page } = session;
    await page.goto(session.url("/mock"));
    await page.getByLabel("Minutes").fill("8");
    await page.getByLabel("Seed (optional)").fill("3");
    await page.getByRole("button", { name: "Start the interview" }).click();
    await page.getByRole("heading", { name: "Segment 1 of 4: foundations" }).waitFor();
    const id = new URL(page.url()).searchParams.get("id")!;
    // The two card segments answered through the API, as the page would, to reach the coding segment.
    const kata = await page.evaluate(async (mockId) => {
      const post = async (path: string, body: unknown) => (await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();
      let mock = await (await fetch(`/api/mock/${mockId}`)).json();
      while (!mock.current.kata) {
        const cardId = mock.current.cardId;
        const question = await post("/api/drill/question", { cardId });
        const shown = await post("/api/drill/reveal", { cardId, startedAt: question.startedAt, answer: "an answer" });
        const uid = crypto.randomUUID();
        const ticks = shown.rubric.map(() => true);
        await post("/api/drill/attempts", { uid, cardId, startedAt: question.startedAt, durationMs: 1000, answer: "an answer", ticks, rating: "good", mockId, followupIndex: 0 });
        mock = await post(`/api/mock/${mockId}/answers`, { uid });
      }
      return mock.current.kata as string;
    }, id);
    await page.reload();
    await page.getByRole("heading", { name: "Segment 3 of 4: coding talk-through" }).waitFor();
    const question = page.getByRole("region", { name: "Coding question" });
    await question.getByRole("textbox", { name: "Python (NumPy) solution" }).waitFor();
    await question.getByRole("button", { name: "Run tests" }).click();
    const result = page.getByRole("region", { name: "Test results" });
    await result.locator("h2").waitFor({ timeout: 30_000 });
    expect(await result.locator(".kata-hint").count()).toBe(0);
    await question.getByRole("textbox", { name: "Python (NumPy) solution" }).click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(readFileSync(join("content", "katas", kata, "solution.py"), "utf8"));
    await question.getByRole("button", { name: "Hand in" }).click();
    await page.getByRole("region", { name: "Reference solution" }).getByRole("heading", { name: "Common bugs" }).waitFor({ timeout: 30_000 });
    expect(await result.locator("h2").innerText()).toBe("✓ Passed");
    await session.screenshot("mock-kata");
    await page.getByRole("button", { name: "Next question" }).click();
    await page.getByRole("heading", { name: "Segment 4 of 4: research taste" }).waitFor();
  });
});
