import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserSession, type BrowserSession } from "./harness.js";

const KATA = join("content", "katas", "stable-softmax");
const wrong = readFileSync(join(KATA, "wrong", "log-of-softmax.py"), "utf8");
const right = readFileSync(join(KATA, "solution.py"), "utf8");

describe("the kata pages in Chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession();
  });
  afterAll(() => session?.close());

  /** Replaces the editor's text, as typing it would. */
  async function typeCode(code: string) {
    const editor = session.page.getByRole("textbox", { name: "Python (NumPy) solution" });
    await editor.click();
    await session.page.keyboard.press("Control+A");
    await session.page.keyboard.press("Delete");
    await session.page.keyboard.insertText(code);
  }

  it("lists the katas by area and opens one with its statement and the starter in the editor", async () => {
    const { page } = session;
    await page.goto(session.url("/katas"));
    await page.getByRole("heading", { level: 2, name: "numerics" }).waitFor();
    await page.getByRole("link", { name: "Stable softmax and log-softmax" }).click();
    await page.getByRole("heading", { level: 1, name: "Stable softmax and log-softmax" }).waitFor();
    await page.getByRole("textbox", { name: "Python (NumPy) solution" }).waitFor();
    await expect.poll(() => page.locator(".cm-content").innerText()).toContain("def log_softmax(x: np.ndarray) -> np.ndarray:");
    await page.getByRole("button", { name: "Give up and show the solution" }).waitFor();
  });

  it("runs a wrong solution: the failing case, the expected and actual values and the hint of its mistake", async () => {
    const { page } = session;
    await typeCode(wrong);
    await page.getByRole("button", { name: "Run tests" }).click();
    const result = page.getByRole("region", { name: "Test results" });
    await result.getByRole("heading", { name: "✗ failed" }).waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toContain("got:      [[0, -Infinity, -Infinity]");
    expect(await result.locator(".kata-hint").innerText()).toMatch(/^Hint: log\(softmax\(x\)\) underflows/);
    await session.screenshot("kata-failed");
  });

  it("runs the right one, rates the kata Hard, shows the history and then the reference", async () => {
    const { page } = session;
    await typeCode(right);
    await page.getByRole("button", { name: "Run tests" }).click();
    const result = page.getByRole("region", { name: "Test results" });
    await result.getByRole("heading", { name: "✓ Passed" }).waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toMatch(/Rated Hard \(passed after failed checks\): due /);
    const rows = page.getByRole("table").getByRole("row");
    await expect.poll(() => rows.count()).toBe(3); // the header and two checks
    await page.getByRole("button", { name: "Show the solution" }).click();
    const reveal = page.getByRole("region", { name: "Reference solution" });
    await reveal.getByRole("heading", { name: "Common bugs" }).waitFor();
    expect(await reveal.locator("pre").innerText()).toContain("z - np.log(np.exp(z).sum(axis=-1, keepdims=True))");
    await session.screenshot("kata-passed");
  });

  it("interview mode starts the timer from a fresh starter and keeps hints until the end", async () => {
    const { page } = session;
    await page.getByRole("button", { name: /^Interview mode/ }).click();
    await page.getByRole("timer").waitFor();
    expect(await page.getByRole("timer").innerText()).toMatch(/Interview: 1[45]:\d\d left/);
    // The editor is made anew for the interview: wait for the starter's text in it.
    await expect.poll(() => page.locator(".cm-content").innerText()).toContain("raise NotImplementedError");
    await typeCode(wrong);
    await page.getByRole("button", { name: "Run tests" }).click();
    const result = page.getByRole("region", { name: "Test results" });
    await result.getByRole("heading", { name: "✗ failed" }).waitFor({ timeout: 30_000 });
    expect(await result.locator(".kata-hint").count()).toBe(0);
    await session.screenshot("kata-interview");
    await page.getByRole("button", { name: "Hand in" }).click();
    await page.getByRole("region", { name: "Reference solution" }).waitFor({ timeout: 30_000 });
    expect(await result.locator(".kata-hint").count()).toBe(1);
  });
});
