import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccessibility } from "./accessibility.js";
import { openBrowserSession, type BrowserSession } from "./harness.js";

/** Each top-level page, and the element that says it has loaded. */
const PAGES: Array<[string, string]> = [
  ["/", "h1"],
  ["/drill", "h1"],
  ["/mock", "h1"],
  ["/progress", "h1"],
  ["/lab", "h1"],
  ["/cards", "main a[href^='/cards/']"],
  ["/cards/systems/activation-checkpointing-optimizer-state", "h1"],
  ["/toolkit", "h1"],
  ["/toolkit/ablate", "h1"],
  ["/toolkit/calc?calc=kv&model=llama2-70b&seq=4096&batch=8", "h1"],
  ["/katas", "main a[href^='/katas/']"],
  ["/katas/stable-softmax", ".cm-content"],
  ["/incidents", "h1"],
];

for (const theme of ["light", "dark"] as const) {
  describe(`accessibility basics, ${theme} theme`, () => {
    let session: BrowserSession;
    beforeAll(async () => {
      session = await openBrowserSession({ colorScheme: theme });
    });
    afterAll(() => session?.close());

    for (const [path, ready] of PAGES) {
      it(`${path}: labelled inputs, every control reachable by Tab, text contrast at least 4.5:1`, async () => {
        await session.page.goto(session.url(path));
        await session.page.locator(ready).first().waitFor();
        expect(await checkAccessibility(session.page)).toEqual({ unlabelled: [], unreachable: [], lowContrast: [] });
      });
    }

    it("the audit finds what it looks for", async () => {
      // A page with one of each fault: the checks above could fail.
      await session.page.setContent(
        `<body style="background:#fff"><input id="nolabel"><p style="color:#bbb">faint text</p><div style="width:20px;height:20px" tabindex="-1" role="button" aria-label="x"></div><button style="display:block" tabindex="-1">skipped</button><details style="color:#000"><summary>more</summary><input aria-label="folded away"></details></body>`,
      );
      const report = await checkAccessibility(session.page);
      expect(report.unlabelled).toEqual(["input#nolabel"]);
      expect(report.lowContrast.map((l) => l.split(":")[0])).toEqual(['p "faint text"']);
      expect(report.unreachable).toEqual(['button "skipped"']);
    });
  });
}
