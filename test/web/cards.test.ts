import { readdirSync } from "node:fs";
import { Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { insertAttempt } from "../../src/drill/history.js";
import { testServer } from "./api-client.js";

interface Listing {
  total: number;
  areas: string[];
  cards: Array<{ id: string; area: string; kind: string; difficulty: number; snippet: Array<{ text: string; hit: boolean }> | null }>;
}

const contentDir = new URL("../../content/cards/", import.meta.url);
const cardFiles = readdirSync(contentDir, { recursive: true }).filter((f) => String(f).endsWith(".md")).length;

describe("GET /api/cards", () => {
  it("browses the whole bank in order without a query, and filters by area, kind and difficulty", async () => {
    const { getJson } = testServer();
    const all = await getJson<Listing>("/api/cards");
    expect(all.total).toBe(cardFiles);
    expect(all.cards).toHaveLength(cardFiles);
    expect(all.cards.every((c) => c.snippet === null)).toBe(true);
    const objectives = readdirSync(new URL("objectives/", contentDir)).length;
    const filtered = await getJson<Listing>("/api/cards?area=objectives");
    expect(filtered.cards).toHaveLength(objectives);
    expect(filtered.cards.map((c) => c.area)).toEqual(Array(objectives).fill("objectives"));
    const hard = await getJson<Listing>("/api/cards?area=ablations&kind=design&difficulty=3");
    expect(hard.cards.map((c) => c.id)).toContain("ablations/ablation-budget-plan");
    expect(hard.cards.every((c) => c.area === "ablations" && c.kind === "design" && c.difficulty === 3)).toBe(true);
  });

  it("finds cards by full-text search, ranked, with snippets that mark the matched words", async () => {
    const { getJson } = testServer();
    // "GPU-hours" appears in few cards; porter stemming lets "budgets" match "budget".
    const found = await getJson<Listing>("/api/cards?q=" + encodeURIComponent("budgets gpu"));
    expect(found.cards.map((c) => c.id)).toContain("ablations/ablation-budget-plan");
    for (const card of found.cards) {
      const hits = card.snippet!.filter((p) => p.hit).map((p) => p.text.toLowerCase());
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) expect(hit).toMatch(/^(budget|gpu)/);
    }
    // A title match outranks answer-only matches: the card titled on the budget plan comes first.
    const titled = await getJson<Listing>("/api/cards?q=" + encodeURIComponent('"fixed GPU budget"'));
    expect(titled.cards[0].id).toBe("ablations/ablation-budget-plan");
    const inArea = await getJson<Listing>("/api/cards?area=objectives&q=perplexity");
    expect(inArea.cards.length).toBeGreaterThan(0);
    expect(inArea.cards.every((c) => c.area === "objectives")).toBe(true);
    expect(inArea.cards.map((c) => c.id)).toContain("objectives/perplexity-what-it-measures");
    expect((await getJson<Listing>("/api/cards?q=zzzyxq")).cards).toEqual([]);
  });

  it("searches terms with hyphens, apostrophes and brackets as words, and answers 400 to an unknown filter value", async () => {
    const { request } = testServer();
    for (const q of ['"unterminated', "AND", "perplexity AND", "nosuchcolumn: loss", "(loss", "*", "what's RoPE", "O(n^2)"]) {
      expect([q, (await request("/api/cards?q=" + encodeURIComponent(q))).status]).toEqual([q, 200]);
    }
    // "kv-cache" finds the cards that speak of the KV cache.
    const kv = (await (await request("/api/cards?q=kv-cache")).json()) as { cards: Array<{ id: string }> };
    expect(kv.cards.length).toBeGreaterThan(0);
    for (const [filter, status] of [
      ["area=nope", 400],
      ["kind=essay", 400],
      ["difficulty=4", 400],
      ["difficulty=x", 400],
    ] as const) {
      expect([filter, (await request(`/api/cards?${filter}`)).status]).toEqual([filter, status]);
    }
  });
});

describe("GET /api/cards/:area/:slug", () => {
  it("gives the card and every attempt at it, oldest first, with rubric coverage and rating", async () => {
    const server = testServer();
    const db = server.ctx.db();
    const id = "objectives/cross-entropy-nll-and-kl";
    const attempt = (cardId: string, startedAt: string, rubricTicks: boolean[], rating: 1 | 2 | 3 | 4, answer: string) =>
      insertAttempt(db, { uid: `${cardId}@${startedAt}`, cardId, startedAt, durationMs: 95_000, answer, rubricTicks, suggestedRating: Rating.Hard, rating, followup: null, followupAnswer: null, mockId: null });
    // Stored out of order: the history is ordered by time.
    attempt(id, "2026-12-02T09:00:00.000Z", [true, false, true, true, false], Rating.Good, "H(p, q) = H(p) + KL");
    attempt(id, "2026-12-01T09:00:00.000Z", [false, false, false, false, true], Rating.Again, "");
    attempt("objectives/perplexity-what-it-measures", "2026-12-03T09:00:00.000Z", [true, true, true], Rating.Easy, "other card");
    const { card, history } = await server.getJson<{ card: Record<string, unknown>; history: Array<Record<string, unknown>> }>(`/api/cards/${id}`);
    expect(card).toMatchObject({ id, area: "objectives", kind: "concept", difficulty: 1, source: null });
    expect(card.question).toContain("Why is next-token prediction trained with cross-entropy?");
    expect((card.rubric as string[])[0]).toMatch(/^With one-hot targets/);
    expect(history).toEqual([
      expect.objectContaining({ startedAt: "2026-12-01T09:00:00.000Z", coverage: 0.2, rating: "again", suggestedRating: "hard", answer: "", durationMs: 95_000 }),
      // 3 of 5 rubric points.
      expect.objectContaining({ startedAt: "2026-12-02T09:00:00.000Z", coverage: 0.6, rating: "good", answer: "H(p, q) = H(p) + KL", rubricTicks: [true, false, true, true, false] }),
    ]);
  });

  it("answers 404 to an unknown card and 400 to a malformed id or a traversal attempt", async () => {
    const { request } = testServer();
    const missing = await request("/api/cards/objectives/no-such-card");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('no card "objectives/no-such-card"');
    expect((await request("/api/cards/nosuch-area/perplexity")).status).toBe(404);
    for (const path of ["Objectives/x", "objectives/a.b", "..%2F..%2Fetc/passwd", "obj%20ectives/x", "objectives/%2E%2E%2Fx"]) {
      expect([path, (await request(`/api/cards/${path}`)).status]).toEqual([path, 400]);
    }
  });
});
