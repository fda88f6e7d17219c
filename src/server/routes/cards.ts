/** /api/cards: browse and search the question bank; one card with every attempt at it. */
import { Hono } from "hono";
import { CardResponse, CardsQuery, CardsResponse } from "../../api/cards.js";
import { CardId } from "../../api/common.js";
import { AREAS, KINDS } from "../../drill/card.js";
import { cardHistory } from "../../drill/card-history.js";
import { createCardSearch, type CardSearch } from "../../drill/card-search.js";
import { NotFoundError } from "../../errors.js";
import type { ServerContext } from "../context.js";
import { parseWith, query, reply } from "../validate.js";

export function cardsRoutes(ctx: ServerContext): Hono {
  // Built on first use, once per server: the bank does not change while the server runs.
  let search: CardSearch | null = null;
  const cardSearch = () => (search ??= createCardSearch(ctx.bank().cards));
  return new Hono()
    .get("/", (c) => {
      const { q, area, kind, difficulty } = query(c, CardsQuery);
      const hits = cardSearch().find({ q, area, kind, difficulty });
      return reply(c, CardsResponse, {
        areas: [...AREAS],
        kinds: [...KINDS],
        total: ctx.bank().cards.length,
        cards: hits.map(({ card, snippet }) => ({ id: card.id, area: card.area, title: card.title, kind: card.kind, difficulty: card.difficulty, snippet })),
      });
    })
    .get("/:area/:slug", (c) => {
      const id = parseWith(CardId, `${c.req.param("area")}/${c.req.param("slug")}`, "card id");
      const card = ctx.bank().cards.find((candidate) => candidate.id === id);
      if (!card) throw new NotFoundError(`no card "${id}"`, "GET /api/cards lists them");
      const { question, answer, rubric, followups, pitfalls, related, references } = card;
      return reply(c, CardResponse, {
        card: { id, area: card.area, title: card.title, kind: card.kind, difficulty: card.difficulty, source: card.source ?? null, question, answer, rubric, followups, pitfalls, related, references },
        history: cardHistory(ctx.db(), card),
      });
    });
}
