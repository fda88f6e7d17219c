/** The question bank: browse and full-text search (GET /api/cards), one card with its history (GET /api/cards/:area/:slug). */
import { z } from "zod";
import { CardId, IsoDate } from "./common.js";

/** GET /api/cards?q=…&area=…&kind=…&difficulty=…: q is an SQLite FTS5 query. */
export const CardsQuery = z.object({
  q: z.string().max(500).optional(),
  area: z.string().min(1).max(40).optional(),
  kind: z.string().min(1).max(40).optional(),
  difficulty: z.enum(["1", "2", "3"]).transform(Number).optional(),
});
export type CardsQuery = z.infer<typeof CardsQuery>;

/** A piece of a search snippet: matched words (`hit`) or the text around them, always plain text. */
export const SnippetPart = z.object({ text: z.string(), hit: z.boolean() });
export type SnippetPart = z.infer<typeof SnippetPart>;

export const CardsResponse = z.object({
  /** The filters' choices. */
  areas: z.array(z.string()),
  kinds: z.array(z.string()),
  /** Cards in the bank, before filtering. */
  total: z.number().int(),
  cards: z.array(
    z.object({
      id: CardId,
      area: z.string(),
      title: z.string(),
      kind: z.string(),
      difficulty: z.number().int(),
      /** Where the query matched; null without a query. */
      snippet: z.array(SnippetPart).nullable(),
    }),
  ),
});
export type CardsResponse = z.infer<typeof CardsResponse>;

const Rating = z.enum(["again", "hard", "good", "easy"]);

export const CardResponse = z.object({
  card: z.object({
    id: CardId,
    area: z.string(),
    title: z.string(),
    kind: z.string(),
    difficulty: z.number().int(),
    source: z.string().nullable(),
    /** Markdown with $…$ maths. */
    question: z.string(),
    answer: z.string(),
    rubric: z.array(z.string()),
    followups: z.array(z.object({ question: z.string(), answer: z.string() })),
    pitfalls: z.array(z.string()),
    related: z.array(CardId),
    references: z.array(z.string()),
  }),
  /** Every attempt at the card, oldest first. */
  history: z.array(
    z.object({
      startedAt: IsoDate,
      durationMs: z.number().int(),
      coverage: z.number(),
      rubricTicks: z.array(z.boolean()),
      rating: Rating,
      suggestedRating: Rating.nullable(),
      answer: z.string(),
      followup: z.string().nullable(),
      followupAnswer: z.string().nullable(),
      mockId: z.string().nullable(),
    }),
  ),
});
export type CardResponse = z.infer<typeof CardResponse>;
