// GET /api/align/runbook and /api/align/runbook/:id: the index and a page as the reader reads
// them, an unknown page a 404 and a malformed id a 400, both with one line.
import { describe, expect, it } from "vitest";
import { AlignRunbookIndexResponse, AlignRunbookPageResponse } from "../../src/api/align-runbook.js";
import { ALIGN_RUNBOOK_IDS, alignRunbookPage } from "../../src/align/align-runbook.js";
import { testServer } from "./api-client.js";

const server = testServer();
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe("GET /api/align/runbook", () => {
  it("lists every page in order with its title, question, near misses and what shows it", async () => {
    const { pages } = AlignRunbookIndexResponse.parse(await server.getJson("/api/align/runbook"));
    expect(pages.map((p) => p.id)).toEqual([...ALIGN_RUNBOOK_IDS]);
    const hacking = pages.find((p) => p.id === "reward-hacking")!;
    expect(hacking).toEqual({
      id: "reward-hacking",
      title: "Proxy reward rises while gold reward peaks and falls",
      question: "Reward model improves offline but policy quality degrades. Why?",
      nearMisses: ["kl-explosion", "length-exploitation", "kl-collapse"],
      shownBy: { command: "dojo align pipeline --bias confident", metrics: alignRunbookPage("reward-hacking").shownBy.metrics },
    });
    expect(pages.every((p) => !("markdown" in p))).toBe(true); // the index is light: pages come one at a time
  });
});

describe("GET /api/align/runbook/:id", () => {
  it("returns the page with its Markdown, every section under its heading", async () => {
    const page = AlignRunbookPageResponse.parse(await server.getJson("/api/align/runbook/kl-collapse"));
    expect(page.id).toBe("kl-collapse");
    expect(page.question).toBe("KL collapses during RLHF. What knobs exist and what do they trade off?");
    expect(page.shownBy.command).toBe("dojo align rl --rm RUN --kl-coef 1");
    expect(page.file).toBe("content/align-runbook/kl-collapse.md");
    expect(page.markdown).toBe(alignRunbookPage("kl-collapse").markdown);
    expect(page.markdown.match(/^## .+$/gm)).toEqual(["## Mechanism", "## Symptom signature", "## What to check first", "## Fix", "## Near misses", "## Interview answer", "## Measured in the lab"]);
  });

  it("answers 404 for an id that is not a page, and 400 for one that cannot be an id", async () => {
    const missing = await server.request("/api/align/runbook/kl-divergence");
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toBe('no align runbook page "kl-divergence"');
    const bad = await server.request("/api/align/runbook/KL_collapse");
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/^id: .*a runbook page id such as kl-collapse$/);
    const traversal = await server.request("/api/align/runbook/..%2F..%2Fpackage.json");
    expect([400, 404]).toContain(traversal.status);
  });

  it("leaves the align routes beside it alone", async () => {
    expect((await server.request("/api/align")).status).toBe(200);
    expect((await server.request("/api/align/runs/no-such-run")).status).toBe(404);
  });
});
