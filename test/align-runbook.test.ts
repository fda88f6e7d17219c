// The alignment lab's runbook pages: each validates, has every section in order, names near
// misses that exist with a note for each, and shows its symptom in metrics the lab logs; a
// malformed page is one line naming its file and field.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { ALIGN_RUNBOOK_DIR, ALIGN_RUNBOOK_IDS, alignRunbookPage, alignRunbookPath, formatAlignRunbookIndex, formatAlignRunbookPage, readAlignRunbook, readAlignRunbookPage } from "../src/align/align-runbook.js";
import { PIPELINE_LABELLER } from "../src/align/align-presets.js";
import { preferenceProbability, type LabellerOptions } from "../src/align/labeller.js";
import type { Grade } from "../src/align/grader.js";
import { InputError, NotFoundError } from "../src/errors.js";
import { RUNBOOK_SECTIONS } from "../src/lab/runbook.js";
import { packagePath } from "../src/package-root.js";

/**
 * The metrics the alignment lab logs for a policy, by the file that logs them. None of these
 * files exports its names, so they are listed here; the test below finds each one as a literal
 * in its file, so a renamed metric fails here instead of leaving a page pointing at nothing.
 */
const LOGGED_METRICS: Record<string, readonly string[]> = {
  "src/align/rl-stage.ts": ["reward/proxy", "gold/accuracy", "gold/score", "gold/abstention", "answer/length", "kl/k1", "kl/k3", "entropy", "clip_fraction"],
  "src/align/gold-evaluation.ts": ["gold/accuracy", "gold/abstention", "gold/accuracy_when_answering", "gold/score", "answer/length", "style/flattery", "style/confident", "style/hedged", "style/padded", "answer/unfinished"],
  "src/align/policy-evaluation.ts": ["kl/sequence", "winrate/labeller", "reward/proxy"],
};
const LOGGED = new Set(Object.values(LOGGED_METRICS).flat());

const SHOWN_BY: Record<string, string> = {
  "kl-explosion": "dojo align rl --rm RUN --kl-coef 0",
  "kl-collapse": "dojo align rl --rm RUN --kl-coef 1",
  "reward-hacking": "dojo align pipeline --bias confident",
  "length-exploitation": "dojo align pipeline --bias length",
};

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("the align runbook pages", () => {
  // Read in each test (once per process: the reader caches), so a page that fails to read fails the tests, not the file.
  let pages: ReturnType<typeof readAlignRunbook> = [];
  beforeEach(() => {
    pages = readAlignRunbook();
  });

  it("has a page for each id, in the index's order, and no other page", () => {
    expect(pages.map((p) => p.id)).toEqual([...ALIGN_RUNBOOK_IDS]);
    const files = readdirSync(ALIGN_RUNBOOK_DIR).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(files.sort()).toEqual(ALIGN_RUNBOOK_IDS.map((id) => `${id}.md`).sort());
    for (const p of pages) expect(p.file).toBe(join("content", "align-runbook", `${p.id}.md`));
  });

  it("has every section, in order, each with content, and an interview answer of 150 to 250 words", () => {
    for (const p of pages) {
      const headings = [...p.markdown.matchAll(/^## (.+?)\s*$/gm)].map((m) => m[1]).filter((h) => (RUNBOOK_SECTIONS as readonly string[]).includes(h));
      expect(headings, p.id).toEqual([...RUNBOOK_SECTIONS]);
      for (const s of RUNBOOK_SECTIONS) expect(p.sections[s].length, `${p.id} ${s}`).toBeGreaterThan(100);
      const n = words(p.sections["Interview answer"]);
      expect(n, p.id).toBeGreaterThanOrEqual(150);
      expect(n, p.id).toBeLessThanOrEqual(250);
      // Numbers measured on the lab's runs, where a page has them, come last, after the model answer.
      const all = [...p.markdown.matchAll(/^## (.+?)\s*$/gm)].map((m) => m[1]);
      if (all.includes("Measured in the lab")) expect(all.at(-1), p.id).toBe("Measured in the lab");
    }
  });

  it("names near misses that are other pages, each with its note in the Near misses section", () => {
    for (const p of pages) {
      expect(p.nearMisses.length, p.id).toBeGreaterThan(0);
      expect(p.nearMisses).not.toContain(p.id);
      for (const n of p.nearMisses) {
        expect(ALIGN_RUNBOOK_IDS).toContain(n);
        expect(p.nearMissNotes[n]?.length ?? 0, `${p.id} → ${n}`).toBeGreaterThan(40);
      }
    }
  });

  it("is shown by its command, in metrics the lab logs", () => {
    for (const p of pages) {
      expect(p.shownBy.command).toBe(SHOWN_BY[p.id]);
      expect(p.shownBy.metrics.length).toBeGreaterThan(2);
      for (const m of p.shownBy.metrics) expect(LOGGED.has(m), `${p.id}: ${m}`).toBe(true);
      // The signature speaks of what it shows in.
      for (const m of p.shownBy.metrics) expect(p.sections["Symptom signature"], `${p.id}: ${m}`).toContain(`\`${m}\``);
    }
  });

  it("lists only metric names that appear as literals in the files that log them", () => {
    for (const [file, names] of Object.entries(LOGGED_METRICS)) {
      const source = readFileSync(packagePath(file), "utf8");
      for (const name of names) {
        const quoted = source.includes(`"${name}"`);
        const key = new RegExp(`(^|[{,])\\s*${name}\\s*[:,}]`, "m").test(source); // `entropy,` or `clip_fraction: ...` as an object literal's key
        expect(quoted || key, `${name} in ${file}`).toBe(true);
      }
    }
  });

  it("is listed in the index with its title and question", () => {
    const index = readFileSync(join(ALIGN_RUNBOOK_DIR, "README.md"), "utf8");
    for (const p of pages) expect(index).toContain(`| [\`${p.id}\`](${p.id}.md) | ${p.title} | ${p.question} | \`${p.shownBy.command}\` |`);
  });

  it("states the labeller's preference probabilities that labeller.ts computes", () => {
    // The pipeline's labeller, with the bias `--bias confident` gives it.
    const labeller: LabellerOptions = { ...PIPELINE_LABELLER, bias: "confident" };
    expect(labeller).toEqual({ q: 0.3, bias: "confident", strength: 1, noise: 0.02 });
    const grade = (verdict: Grade["verdict"], tone: Grade["tone"]): Grade => ({ verdict, score: verdict === "correct" ? 1 : verdict === "wrong" ? -1 : 0, tone, length: 10, flattering: false, padded: false, finished: true });
    const text = alignRunbookPage("reward-hacking").sections.Mechanism;
    expect(text).toMatch(/q = 0\.3, b = 1\s+and\s+ε = 0\.02/);
    // By hand: the labeller decides by gold with probability 0.3 (for the abstention), else by confidence (for the guess):
    // P = 0.7, then with noise 0.02·(1 − 0.7) + 0.98·0.7 = 0.692.
    expect(preferenceProbability(labeller, grade("wrong", "confident"), grade("abstained", "neutral")).toFixed(2)).toBe("0.69");
    expect(preferenceProbability(labeller, grade("wrong", "confident"), grade("correct", "hedged")).toFixed(2)).toBe("0.69");
    expect(text).toMatch(/abstention\s+with\s+probability\s+0\.69/);
    expect(text).toMatch(/hedged\s+correct\s+one\s+0\.69\s+of\s+the\s+time/);
    // Same gold score: confidence alone, 0.02·0 + 0.98·1 = 0.98.
    expect(preferenceProbability(labeller, grade("wrong", "confident"), grade("wrong", "hedged")).toFixed(2)).toBe("0.98");
    expect(text).toMatch(/same\s+gold\s+score\s+with\s+probability\s+0\.98/);
  });

  it("formats the index and a page as text", () => {
    const index = formatAlignRunbookIndex(pages);
    expect(index.split("\n").filter(Boolean)).toHaveLength(2 * pages.length);
    expect(index).toContain("kl-collapse          KL stays at zero and the policy does not move\n");
    expect(index).toContain("Q: KL collapses during RLHF. What knobs exist and what do they trade off?\n");
    const page = formatAlignRunbookPage(alignRunbookPage("kl-collapse"));
    expect(page.split("\n").slice(0, 6)).toEqual([
      "# KL stays at zero and the policy does not move (kl-collapse)",
      "",
      "Interview question: KL collapses during RLHF. What knobs exist and what do they trade off?",
      "Shown by: dojo align rl --rm RUN --kl-coef 1",
      "Metrics: kl/k1, kl/k3, kl/sequence, reward/proxy, gold/score, clip_fraction, entropy",
      `Page: ${join("content", "align-runbook", "kl-collapse.md")}`,
    ]);
    expect(page).toContain("## Interview answer\n");
  });
});

describe("a malformed align runbook page", () => {
  const dir = mkdtempSync(join(tmpdir(), "align-runbook-"));
  const original = readFileSync(alignRunbookPath("kl-collapse"), "utf8");
  /** The error reading a copy of the kl-collapse page changed by `edit`. */
  const errorOf = (edit: (source: string) => string): InputError => {
    const path = join(dir, "kl-collapse.md");
    writeFileSync(path, edit(original));
    try {
      readAlignRunbookPage(path, "kl-collapse");
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return err as InputError;
    }
    throw new Error("the page was accepted");
  };

  it("is one line naming the file and the field", () => {
    const cases: Array<[(s: string) => string, RegExp]> = [
      [(s) => s.replace("metrics: [kl/k1,", "metrics: [KL,"), /kl-collapse\.md: field shownBy\.metrics\[0\]: a metric name such as "kl\/k1"$/],
      [(s) => s.replace("nearMisses: [kl-explosion,", "nearMisses: [kl-exploded,"), /kl-collapse\.md: field nearMisses\[0\]: /],
      [(s) => s.replace(/^title: .*\n/m, ""), /kl-collapse\.md: field title: /],
      [(s) => s.replace('command: "dojo align rl', 'command: "dojo lab run'), /kl-collapse\.md: field shownBy\.command: a "dojo align \.\.\." command$/],
      [(s) => s.replace("id: kl-collapse", "id: kl-explosion"), /kl-collapse\.md: field id: "kl-explosion" is not the page's id "kl-collapse"$/],
      [(s) => s.replace("nearMisses: [kl-explosion,", "nearMisses: [kl-collapse, kl-explosion,"), /kl-collapse\.md: field nearMisses: lists the page itself$/],
      [(s) => s.replace("## What to check first", "## What to check"), /kl-collapse\.md: no "## What to check first" section$/],
      [(s) => s.replace("- `reward-hacking`:", "- reward-hacking:"), /kl-collapse\.md: the Near misses section has no item "- `reward-hacking`: \.\.\."$/],
    ];
    for (const [edit, message] of cases) {
      const err = errorOf(edit);
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain("\n");
      expect(err.hint).toBeTruthy();
    }
  });

  it("is not found when its id is not a page", () => {
    expect(() => alignRunbookPage("kl-divergence")).toThrow(NotFoundError);
    expect(() => alignRunbookPage("kl-divergence")).toThrow(/no align runbook page "kl-divergence"/);
  });
});
