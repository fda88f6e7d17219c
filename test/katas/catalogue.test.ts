// Every shipped kata through the real sandboxed judge: its reference solutions in both
// languages must pass, and every known-wrong solution must be rejected, with the hint of
// its own mistake whenever the case generator knows what that mistake outputs.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKatas, readCatalogue } from "../../src/katas/catalogue.js";
import { caseGenerator } from "../../src/katas/cases/index.js";
import { judge } from "../../src/katas/judge.js";
import type { Language } from "../../src/katas/kata.js";

const { katas, problems } = loadKatas();

describe("the kata catalogue", () => {
  it("has no invalid kata", () => {
    expect(problems).toEqual([]);
  });

  it("names each broken kata folder in one line and loads the others", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "lmdojo-katas-")), "content", "katas");
    cpSync(join("content", "katas", "pass-at-k"), join(dir, "pass-at-k"), { recursive: true });
    mkdirSync(join(dir, "pass-at-k", "wrong", "notes")); // a stray folder is not a solution
    cpSync(join("content", "katas", "stable-softmax"), join(dir, "stable-softmax"), { recursive: true });
    writeFileSync(join(dir, "stable-softmax", "kata.md"), "---\nslug: stable-softmax\ntitle: [unclosed\n---\nBody\n");
    rmSync(join(dir, "pass-at-k", "wrong", "off-by-one-range.py"));
    mkdirSync(join(dir, "empty"));
    const loaded = readCatalogue(dir);
    expect(loaded.katas.map((k) => k.slug)).toEqual(["pass-at-k"]);
    expect(loaded.problems).toEqual([
      "content/katas/empty/kata.md: kata.md is missing (hint: every kata has starter.py, starter.ts, solution.py and solution.ts)",
      expect.stringMatching(/^content\/katas\/stable-softmax\/kata\.md:3: front matter is not valid YAML/),
    ]);
  });
});

// A different seed at every run, as for users; printed so that a failure can be replayed.
const seed = Number(process.env.KATA_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe.each(katas.map((k) => [k.slug, k] as const))(`kata %s (seed ${seed})`, (_, kata) => {
  it.each(["py", "ts"] as const)("accepts the %s reference solution", async (lang: Language) => {
    const result = await judge(kata, lang, kata.solution[lang], { seed });
    expect(result.summary).toBe(`all ${result.total} cases passed`);
    expect(result.verdict).toBe("passed");
  });

  it.each(Object.keys(kata.wrong))("rejects wrong/%s", async (name) => {
    const lang = extname(name).slice(1) as Language;
    const bug = basename(name, extname(name));
    const result = await judge(kata, lang, kata.wrong[name], { seed });
    expect(result.verdict).not.toBe("passed");
    expect(result.failure).not.toBeNull();
    if (caseGenerator(kata.tests.generator).bugs?.[bug] && result.failure?.actual !== null) {
      expect(result.failure?.hint?.bug).toBe(bug);
    }
  });
});
