import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDojo } from "../cli-run.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

/** The value column of the row that starts with `label` in `dojo calc` text output. */
function cliCell(stdout: string, label: string): string {
  const line = stdout.split("\n").find((l) => l.startsWith(label));
  expect(line, `no line "${label}" in:\n${stdout}`).toBeDefined();
  return line!.slice(label.length).trim().split(/\s{2,}/)[0];
}

describe("the Calc page in Chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowserSession();
  });
  afterAll(() => session?.close());

  it("a filled kv form gives the same numbers as dojo calc kv with the same flags, as a link and a command line", async () => {
    const { page } = session;
    await page.goto(session.url("/toolkit/calc?calc=kv"));
    await page.getByRole("navigation", { name: "Systems calculators" }).waitFor();
    expect(await page.getByRole("link", { name: "kv", exact: true }).getAttribute("aria-current")).toBe("page");
    await page.getByLabel("--model", { exact: true }).selectOption("llama2-70b");
    await page.getByLabel("--seq", { exact: true }).fill("4096");
    await page.getByLabel("--batch", { exact: true }).fill("32");
    await page.getByLabel("--dtype", { exact: true }).selectOption("fp8");
    await page.getByLabel("--unit", { exact: true }).selectOption("GiB");
    await page.getByRole("button", { name: "Compute" }).click();

    const batchRow = page.getByRole("row", { name: /^batch of 32 / });
    await batchRow.waitFor();
    const cli = await runDojo(["calc", "kv", "--model", "llama2-70b", "--seq", "4096", "--batch", "32", "--dtype", "fp8", "--unit", "GiB"]);
    expect(cli.code).toBe(0);
    // Llama-2-70B caches 8 KV heads: 2·80·8·128 = 5·2¹⁵ bytes per token (fp8) × 2¹² tokens × 2⁵ sequences = 5·2³² B = 20 GiB.
    expect(await batchRow.getByRole("cell").first().textContent()).toBe("20.00 GiB");
    expect(cliCell(cli.stdout, "batch of 32")).toBe("20.00 GiB");
    for (const label of ["weights (fp8)", "total"]) {
      const row = page.getByRole("row", { name: new RegExp(`^${label.replace(/[()]/g, "\\$&")} `) });
      expect([label, await row.getByRole("cell").first().textContent()]).toEqual([label, cliCell(cli.stdout, label)]);
    }
    expect(await page.getByRole("heading", { level: 2 }).textContent()).toBe(cli.stdout.split("\n")[0]);
    const command = await page.getByTestId("calc-command").textContent();
    expect(command).toMatch(/^(npx )?dojo calc kv --model llama2-70b --seq 4096 --batch 32 --dtype fp8 --unit GiB$/);
    await session.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Copy command" }).click();
    await page.getByRole("status").filter({ hasText: "Copied." }).waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(command);

    // The form's values are in the URL: opening it again shows the same report.
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ calc: "kv", model: "llama2-70b", seq: "4096", batch: "32", dtype: "fp8", unit: "GiB" });
    await page.reload();
    await batchRow.waitFor();
    expect(await batchRow.getByRole("cell").first().textContent()).toBe("20.00 GiB");
    await session.screenshot("toolkit-calc");
  });

  it("opens a calculator's examples, ticks a switch an example sets, and shows a bad value as one error line", async () => {
    const { page } = session;
    await page.getByRole("navigation", { name: "Calculators" }).getByRole("link", { name: "memory" }).click();
    // The README's memory example: 20.55 GB per device (worked in test/cli-calc.test.ts).
    await page.getByRole("row", { name: /^total per device / }).getByRole("cell", { name: "20.55 GB" }).waitFor();
    expect(await page.getByLabel("--sp", { exact: true }).isChecked()).toBe(false);
    await page.getByLabel("--tp", { exact: true }).fill("3");
    await page.getByRole("button", { name: "Compute" }).click();
    await page.getByRole("alert").filter({ hasText: "--tp (3) must divide --heads (32)" }).waitFor();
    // The second example switches sequence parallelism on: the box is ticked and the command line says so.
    await page.getByRole("link", { name: /^dojo calc memory --model llama2-70b / }).click();
    await page.getByTestId("calc-command").filter({ hasText: / --sp / }).waitFor();
    expect(await page.getByLabel("--sp", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole("heading", { level: 2 }).textContent()).toContain(" · sp · ");
  });
});
