import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { InputError, NotFoundError } from "../errors.js";
import { AREAS, parseCard, type Card } from "./card.js";
import { PROBLEM_GENERATORS } from "./problems.js";
import { packagePath } from "../package-root.js";

/** The question bank shipped with lmdojo. */
export const CONTENT_DIR = packagePath("content", "cards");

/** The valid cards of a bank, and one line per problem of the invalid ones. */
export interface BankLoad {
  cards: Card[];
  problems: string[];
}

/**
 * Loads every `content/cards/<area>/<slug>.md` under `dir`. Each file is checked on its
 * own (schema, sections), then the bank as a whole: the folder matches the area, the id
 * matches "<area>/<file name>" (so ids are unique) and `related` ids exist.
 */
export function loadBank(dir: string = CONTENT_DIR): BankLoad {
  const cards: Card[] = [];
  const fileIds = new Set<string>();
  /** One line per problem: "file: field ...: message (hint: ...)". */
  const problems: string[] = [];
  const root = join(dir, "..", "..");
  for (const area of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    for (const name of readdirSync(join(dir, area)).filter((f) => f.endsWith(".md")).sort()) {
      const path = join(dir, area, name);
      const file = relative(root, path);
      fileIds.add(`${area}/${basename(name, ".md")}`);
      try {
        const card = parseCard(readFileSync(path, "utf8"), file);
        const slug = basename(name, ".md");
        if (!(AREAS as readonly string[]).includes(area)) problems.push(`${file}: folder "${area}" is not an area`);
        else if (card.area !== area) problems.push(`${file}: field area: "${card.area}" but the file is in ${area}/`);
        else if (card.id !== `${area}/${slug}`) problems.push(`${file}: field id: must be "${area}/${slug}"`);
        else if (card.generator !== undefined && !(card.generator in PROBLEM_GENERATORS)) problems.push(`${file}: field generator: no generator "${card.generator}" (hint: see src/drill/problems.ts)`);
        else if (card.generator !== undefined && card.kind !== "quantitative") problems.push(`${file}: field generator: only quantitative cards draw numbers, this one is ${card.kind}`);
        else cards.push(card);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(err.hint ? `${err.message} (hint: ${err.hint})` : err.message);
      }
    }
  }
  // Ids are unique because each id must equal its file's "<area>/<slug>" path. Related ids
  // are checked against every card file, so one invalid card does not break its neighbours.
  for (const card of cards) {
    for (const id of card.related) {
      if (!fileIds.has(id)) problems.push(`${card.file}: field related: no card "${id}"`);
    }
  }
  return { cards, problems };
}

/** The card with id `id`; an unknown id is a NotFoundError. */
export function findCard(cards: readonly Card[], id: string): Card {
  const card = cards.find((c) => c.id === id);
  if (!card) throw new NotFoundError(`no card "${id}"`, "dojo cards list shows the ids");
  return card;
}
