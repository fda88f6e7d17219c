/**
 * Full-text search over the question bank with SQLite FTS5: questions, model answers,
 * rubrics and titles, ranked by BM25, with a snippet of the best-matching text.
 *
 * The index lives in an in-memory SQLite database built from the loaded bank, not in
 * dojo.db: the bank is lmdojo's own content (not the user's data), loaded once per server,
 * so an index built beside it can never be stale or out of step with content/, and the
 * user's database gains no table to migrate.
 */
import Database from "better-sqlite3";
import { InputError } from "../errors.js";
import { AREAS, KINDS, type Card } from "./card.js";

/** Snippet markers: private-use characters, removed from the indexed text so they only ever mark matches. */
const OPEN = "\uE001";
const CLOSE = "\uE002";
const MARKERS = /[\uE001\uE002]/g;

/** Column weights of BM25: a match in the title counts most, then the question, the rubric, the answer. */
const WEIGHTS = { title: 10, question: 4, rubric: 2, answer: 1 };
/** Tokens of context around the match in a snippet. */
const SNIPPET_TOKENS = 16;

/** A piece of a snippet: matched text (`hit`) or the text around it. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface CardHit {
  card: Card;
  /** Where the query matched (null when browsing without a query). */
  snippet: SnippetPart[] | null;
}

/** What to find: words (all must match; word* matches by prefix), and filters. */
export interface CardQuery {
  q?: string;
  area?: string;
  kind?: string;
  difficulty?: number;
}

export interface CardSearch {
  /** Cards passing the filters: ranked by relevance with a query, in bank order without. */
  find(query: CardQuery): CardHit[];
  close(): void;
}

/** Splits an FTS5 snippet at its markers into plain and matched parts. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of snippet.split(OPEN)) {
    const close = piece.indexOf(CLOSE);
    if (close >= 0) parts.push({ text: piece.slice(0, close), hit: true });
    const rest = piece.slice(close + 1);
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts.filter((p) => p.text !== "");
}

/**
 * What the user typed as an FTS5 query that cannot be a syntax error: every word must match,
 * each word quoted (so "kv-cache", "top-k", "what's" or "O(n^2)" are searched as the words in
 * them), and a trailing * kept as a prefix search.
 *
 * @example ftsQuery('kv-cache top*') // '"kv-cache" "top"*'
 */
export function ftsQuery(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const prefix = word.length > 1 && word.endsWith("*");
      return `"${(prefix ? word.slice(0, -1) : word).replace(/"/g, '""')}"${prefix ? "*" : ""}`;
    })
    .join(" ");
}

/** Builds the index of `cards` (the bank, in its order). */
export function createCardSearch(cards: readonly Card[]): CardSearch {
  const db = new Database(":memory:");
  db.exec("CREATE VIRTUAL TABLE cards USING fts5(title, question, answer, rubric, tokenize = 'porter unicode61')");
  const insert = db.prepare("INSERT INTO cards (rowid, title, question, answer, rubric) VALUES (?, ?, ?, ?, ?)");
  const clean = (text: string) => text.replace(MARKERS, "");
  db.transaction(() => {
    cards.forEach((card, i) => insert.run(i, clean(card.title), clean(card.question), clean(card.answer), clean(card.rubric.join("\n"))));
  })();
  const search = db.prepare(
    `SELECT rowid AS row, snippet(cards, -1, '${OPEN}', '${CLOSE}', '…', ${SNIPPET_TOKENS}) AS snippet
       FROM cards WHERE cards MATCH ?
      ORDER BY bm25(cards, ${WEIGHTS.title}, ${WEIGHTS.question}, ${WEIGHTS.answer}, ${WEIGHTS.rubric}), rowid`,
  );

  const matches = (q: string): CardHit[] => {
    try {
      return (search.all(ftsQuery(q)) as Array<{ row: number; snippet: string }>).map((r) => ({ card: cards[r.row], snippet: snippetParts(r.snippet) }));
    } catch (err) {
      if (!(err instanceof Database.SqliteError)) throw err;
      throw new InputError(`search "${q}": ${err.message}`, "type words to find; a word ending in * matches every word it starts");
    }
  };

  return {
    find(query) {
      if (query.area !== undefined && !(AREAS as readonly string[]).includes(query.area)) {
        throw new InputError(`no area "${query.area}"`, `areas: ${AREAS.join(", ")}`);
      }
      if (query.kind !== undefined && !(KINDS as readonly string[]).includes(query.kind)) {
        throw new InputError(`no kind "${query.kind}"`, `kinds: ${KINDS.join(", ")}`);
      }
      const q = query.q?.trim() ?? "";
      const hits = q === "" ? cards.map((card) => ({ card, snippet: null })) : matches(q);
      return hits.filter(
        ({ card }) =>
          (query.area === undefined || card.area === query.area) &&
          (query.kind === undefined || card.kind === query.kind) &&
          (query.difficulty === undefined || card.difficulty === query.difficulty),
      );
    },
    close: () => db.close(),
  };
}
