import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowserSession, type BrowserSession } from "./harness.js";

describe("the home page in Chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession();
  });
  afterAll(() => session?.close());

  it("opens from the printed URL, drops the token from the address bar, and shows the next step", async () => {
    const { page } = session;
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe("");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Next: start with five questions");
    expect(await page.getByTestId("due").textContent()).toBe("0");
    await session.screenshot("home");
  });

  it("runs no inline script and loads nothing from another origin", async () => {
    const { page } = session;
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.reload();
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(violations).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(session.server.url) && !url.startsWith("data:"))).toEqual([]);
  });
});
