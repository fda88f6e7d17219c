import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTENT_DIR, loadBank, parseBank } from "../src/drill/bank.js";
import { packagePath } from "../src/package-root.js";

const CACHE = packagePath("build", "bank-cache.json");

describe("lmdojo's own bank, cached", () => {
  it("gives exactly the cards and problems a fresh parse gives, and keeps them in build/bank-cache.json", () => {
    const parsed = parseBank(CONTENT_DIR);
    expect(loadBank()).toEqual(parsed);
    const cached = JSON.parse(readFileSync(CACHE, "utf8")) as { key: string; bank: unknown };
    expect(cached.key).toMatch(/^[0-9a-f]{64}$/);
    expect(cached.bank).toEqual(JSON.parse(JSON.stringify(parsed)));
    expect(loadBank()).toEqual(parsed);
  });

  it("parses again when the cache is damaged or was made for other files", () => {
    writeFileSync(CACHE, "{ not json");
    expect(loadBank().cards.length).toBe(parseBank(CONTENT_DIR).cards.length);
    // A cache whose key does not match holds nothing the loader may use.
    writeFileSync(CACHE, JSON.stringify({ key: "another bank", bank: { cards: [], problems: ["stale"] } }));
    const bank = loadBank();
    expect(bank.problems).not.toContain("stale");
    expect(bank.cards.length).toBeGreaterThan(200);
  });
});
