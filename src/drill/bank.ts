import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { InputError, NotFoundError } from "../errors.js";
import { AREAS, parseCard, type Card } from "./card.js";
import { PROBLEM_GENERATORS } from "./problems.js";
import { packagePath } from "../package-root.js";
import { writeFileAtomic } from "../workspace/atomic.js";

/** The question bank shipped with lmdojo. */
export const CONTENT_DIR = packagePath("content", "cards");

/** The valid cards of a bank, and one line per problem of the invalid ones. */
export interface BankLoad {
  cards: Card[];
  problems: string[];
}

/**
 * The bank under `dir`, as parseBank reads it. lmdojo's own bank (the default) is cached as
 * JSON in build/bank-cache.json, keyed by each card file's name, size and modification time
 * and by the code that validates cards: parsing 250 cards' YAML takes a few hundred
 * milliseconds, reading the cache a few. An unwritable cache only costs that time.
 */
export function loadBank(dir: string = CONTENT_DIR): BankLoad {
  if (dir !== CONTENT_DIR) return parseBank(dir);
  const key = bankCacheKey(dir);
  try {
    const cached = JSON.parse(readFileSync(BANK_CACHE, "utf8")) as { key: string; bank: BankLoad };
    if (cached.key === key) return cached.bank;
  } catch {
    // No cache yet, or a damaged one: parse and write it anew.
  }
  const bank = parseBank(dir);
  try {
    writeFileAtomic(BANK_CACHE, JSON.stringify({ key, bank }));
  } catch {
    // A read-only install: the next load parses again.
  }
  return bank;
}

const BANK_CACHE = packagePath("build", "bank-cache.json");
/** The code whose rules decide what a valid card is: a change to it must not be hidden by the cache. */
const CARD_RULES = ["card.ts", "bank.ts", "problems.ts"].map((name) => packagePath("src", "drill", name));

/** sha256 over lmdojo's version and each card file and card-rule file: path, size, modification time. */
function bankCacheKey(dir: string): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(packagePath("package.json")));
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".md"))
    .map((e) => join(e.parentPath, e.name));
  for (const file of [...files.sort(), ...CARD_RULES]) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/**
 * Parses every `content/cards/<area>/<slug>.md` under `dir`. Each file is checked on its
 * own (schema, sections), then the bank as a whole: the folder matches the area, the id
 * matches "<area>/<file name>" (so ids are unique) and `related` ids exist.
 */
export function parseBank(dir: string): BankLoad {
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
