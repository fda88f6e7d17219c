/**
 * A synthetic pretraining corpus whose structure is known, so a lab can ask precise
 * questions of a tiny model: did it learn the story grammar, can it add two 2-digit
 * numbers, does it recall a fact it saw, did it memorize a canary it saw once?
 *
 * Four domains, each a family of short documents:
 *   stories     "Mira the small fox found a red ball. Then she ran to the river. The end."
 *   arithmetic  "37+48=85" lines (always correct sums of two 2-digit numbers)
 *   facts       "the capital of Varo is Lune." sentences from one fixed table of invented
 *               facts, so a fact reads the same in every document that states it
 *   code        "let x1 = 7;" then "let x2 = x1 + 3;" ... (variables defined before use)
 *
 * Options add what later labs measure: exact and near duplicates at a set rate (near =
 * one character substituted) and canaries (random tokens with a fixed prefix, listed in
 * the output). Everything is drawn from one seeded generator: same options, same corpus.
 */
import { InputError, describeValue } from "../errors.js";
import { createRng, type Rng } from "../stats/prng.js";

export type Domain = "stories" | "arithmetic" | "facts" | "code";

/** The domains in a fixed order (the order of weights and counts everywhere in src/data). */
export const DOMAINS: readonly Domain[] = ["stories", "arithmetic", "facts", "code"];

export interface SyntheticDocument {
  id: number;
  domain: Domain;
  text: string;
}

/** One entry of the fact table: `text` is exactly how every document states it. */
export interface Fact {
  subject: string;
  relation: "capital" | "language" | "birthplace";
  object: string;
  text: string;
}

/** A document that copies an earlier one: exactly, or with one character substituted. */
export interface Duplicate {
  id: number;
  sourceId: number;
  kind: "exact" | "near";
}

/** A canary token and the ids of the documents it was appended to. */
export interface Canary {
  text: string;
  documentIds: number[];
}

export interface SyntheticOptions {
  /** Seed of the only random generator used. */
  seed: number;
  /** Stop once the documents hold at least this many characters (e.g. 1_000_000 for ~1 MB). */
  targetChars: number;
  /** Share of characters per domain; missing domains get 0. Default: equal shares. */
  domainWeights?: Partial<Record<Domain, number>>;
  /** Probability that a new document is an exact copy of an earlier original. Default 0. */
  exactDuplicateRate?: number;
  /** Probability that a new document is an earlier original with one character changed. Default 0. */
  nearDuplicateRate?: number;
  /** Number of distinct canary tokens. Default 0. */
  canaryCount?: number;
  /** Number of distinct documents each canary is appended to. Default 1. */
  canaryRepetitions?: number;
  /** Start of every canary token, so probes can find them. Default "CANARY-". */
  canaryPrefix?: string;
}

export interface SyntheticCorpus {
  documents: SyntheticDocument[];
  /** The fact table that the facts domain draws from. */
  facts: Fact[];
  duplicates: Duplicate[];
  canaries: Canary[];
}

/**
 * Generates the corpus: 10 MB in about 0.2 s on this 2-core machine; documents are 40 to 300 characters.
 *
 * @example
 * const corpus = generateSyntheticCorpus({ seed: 0, targetChars: 500_000, exactDuplicateRate: 0.02, canaryCount: 5 });
 * corpus.documents[0]; // { id: 0, domain: "facts", text: "the capital of Luro is Kafuto. Nebibi was born in Lulalu. ..." }
 */
export function generateSyntheticCorpus(options: SyntheticOptions): SyntheticCorpus {
  const settings = resolveOptions(options);
  const rng = createRng(settings.seed);
  const world = createWorld(rng);

  const documents: SyntheticDocument[] = [];
  const duplicates: Duplicate[] = [];
  const originalIds: number[] = []; // documents that are not copies: the only duplicate sources
  const copiedIds = new Set<number>();
  const charsByDomain = DOMAINS.map(() => 0);
  let totalChars = 0;

  while (totalChars < settings.targetChars) {
    const id = documents.length;
    const roll = rng.nextFloat();
    let document: SyntheticDocument;
    if (originalIds.length > 0 && roll < settings.exactDuplicateRate + settings.nearDuplicateRate) {
      const source = documents[originalIds[rng.nextInt(originalIds.length)]];
      const kind = roll < settings.exactDuplicateRate ? "exact" : "near";
      const text = kind === "exact" ? source.text : substituteOneCharacter(source.text, rng);
      document = { id, domain: source.domain, text };
      duplicates.push({ id, sourceId: source.id, kind });
      copiedIds.add(source.id);
    } else {
      const domain = DOMAINS[pickDomain(settings.weights, charsByDomain, settings.targetChars, rng)];
      document = { id, domain, text: writeDocument(domain, world, rng) };
      originalIds.push(id);
    }
    documents.push(document);
    charsByDomain[DOMAINS.indexOf(document.domain)] += document.text.length;
    totalChars += document.text.length;
  }

  const canaries = plantCanaries(documents, originalIds, copiedIds, settings, rng);
  return { documents, facts: world.facts, duplicates, canaries };
}

interface ResolvedOptions {
  seed: number;
  targetChars: number;
  weights: number[];
  exactDuplicateRate: number;
  nearDuplicateRate: number;
  canaryCount: number;
  canaryRepetitions: number;
  canaryPrefix: string;
}

function resolveOptions(options: SyntheticOptions): ResolvedOptions {
  const { seed, targetChars } = options;
  if (!Number.isFinite(seed)) {
    throw new InputError(`seed must be a finite number, got ${describeValue(seed)}`, "pass an integer such as 0");
  }
  if (!(Number.isInteger(targetChars) && targetChars >= 1)) {
    throw new InputError(
      `targetChars must be a positive integer, got ${describeValue(targetChars)}`,
      "e.g. 1000000 for about 1 MB of text",
    );
  }
  const weightsGiven = options.domainWeights ?? { stories: 1, arithmetic: 1, facts: 1, code: 1 };
  for (const key of Object.keys(weightsGiven)) {
    if (!DOMAINS.includes(key as Domain)) {
      throw new InputError(`domainWeights has unknown domain ${describeValue(key)}`, `domains are ${DOMAINS.join(", ")}`);
    }
  }
  const weights = DOMAINS.map((domain) => weightsGiven[domain] ?? 0);
  for (const [i, weight] of weights.entries()) {
    if (!(Number.isFinite(weight) && weight >= 0)) {
      throw new InputError(
        `domainWeights.${DOMAINS[i]} must be a finite number >= 0, got ${describeValue(weight)}`,
        "weights are relative shares of characters, e.g. { stories: 2, arithmetic: 1 }",
      );
    }
  }
  if (weights.every((weight) => weight === 0)) {
    throw new InputError("domainWeights are all 0", "give at least one domain a positive weight");
  }
  const exactDuplicateRate = options.exactDuplicateRate ?? 0;
  const nearDuplicateRate = options.nearDuplicateRate ?? 0;
  for (const [name, rate] of [
    ["exactDuplicateRate", exactDuplicateRate],
    ["nearDuplicateRate", nearDuplicateRate],
  ] as const) {
    if (!(Number.isFinite(rate) && rate >= 0 && rate < 1)) {
      throw new InputError(`${name} must be in [0, 1), got ${describeValue(rate)}`, "e.g. 0.05 for 5% of documents");
    }
  }
  if (exactDuplicateRate + nearDuplicateRate >= 1) {
    throw new InputError(
      `exactDuplicateRate + nearDuplicateRate must be below 1, got ${exactDuplicateRate + nearDuplicateRate}`,
      "some documents must be originals",
    );
  }
  const canaryCount = options.canaryCount ?? 0;
  const canaryRepetitions = options.canaryRepetitions ?? 1;
  const canaryPrefix = options.canaryPrefix ?? "CANARY-";
  if (!(Number.isInteger(canaryCount) && canaryCount >= 0)) {
    throw new InputError(`canaryCount must be an integer >= 0, got ${describeValue(canaryCount)}`);
  }
  if (!(Number.isInteger(canaryRepetitions) && canaryRepetitions >= 1)) {
    throw new InputError(`canaryRepetitions must be an integer >= 1, got ${describeValue(canaryRepetitions)}`);
  }
  if (typeof canaryPrefix !== "string" || canaryPrefix.length === 0) {
    throw new InputError(`canaryPrefix must be a non-empty string, got ${describeValue(canaryPrefix)}`);
  }
  return {
    seed,
    targetChars,
    weights,
    exactDuplicateRate,
    nearDuplicateRate,
    canaryCount,
    canaryRepetitions,
    canaryPrefix,
  };
}

/**
 * Picks the next domain with probability proportional to its remaining character budget,
 * max(0, w_i / Σw · target - chars_i), so the shares converge to the weights while the
 * order of domains stays random. Falls back to the weights once every budget is spent.
 */
function pickDomain(weights: readonly number[], charsByDomain: readonly number[], target: number, rng: Rng): number {
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let budgets = weights.map((w, i) => Math.max(0, (w / weightSum) * target - charsByDomain[i]));
  if (budgets.every((budget) => budget === 0)) budgets = [...weights];
  const total = budgets.reduce((a, b) => a + b, 0);
  let u = rng.nextFloat() * total;
  for (let i = 0; i < budgets.length; i++) {
    if (budgets[i] > 0 && u < budgets[i]) return i;
    u -= budgets[i];
  }
  return budgets.findLastIndex((budget) => budget > 0); // u rounded past the last bucket
}

// ---------------------------------------------------------------------------------------
// The invented world: names from syllables, and one fact table drawn once per corpus.

const SYLLABLES = ["va", "ro", "lu", "ne", "ka", "mi", "to", "sa", "re", "di", "po", "la", "ze", "fu", "no", "bi"];
const COUNTRY_COUNT = 40;
const PERSON_COUNT = 60;

interface World {
  facts: Fact[];
  characters: string[]; // story protagonists, also invented names
}

/** A capitalized name of 2 or 3 syllables not already in `taken`. */
function inventName(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const length = 2 + rng.nextInt(2);
    let name = "";
    for (let i = 0; i < length; i++) name += pick(SYLLABLES, rng);
    name = name[0].toUpperCase() + name.slice(1);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function createWorld(rng: Rng): World {
  const taken = new Set<string>();
  const facts: Fact[] = [];
  const cities: string[] = [];
  for (let i = 0; i < COUNTRY_COUNT; i++) {
    const country = inventName(rng, taken);
    const capital = inventName(rng, taken);
    const language = `${inventName(rng, taken).toLowerCase()}ish`;
    cities.push(capital);
    facts.push({ subject: country, relation: "capital", object: capital, text: `the capital of ${country} is ${capital}.` });
    facts.push({
      subject: country,
      relation: "language",
      object: language,
      text: `the language of ${country} is ${language}.`,
    });
  }
  for (let i = 0; i < PERSON_COUNT; i++) {
    const person = inventName(rng, taken);
    const city = pick(cities, rng);
    facts.push({ subject: person, relation: "birthplace", object: city, text: `${person} was born in ${city}.` });
  }
  const characters = Array.from({ length: 12 }, () => inventName(rng, taken));
  return { facts, characters };
}

// ---------------------------------------------------------------------------------------
// Documents, one writer per domain.

function writeDocument(domain: Domain, world: World, rng: Rng): string {
  switch (domain) {
    case "stories":
      return writeStory(world, rng);
    case "arithmetic":
      return writeArithmetic(rng);
    case "facts":
      return writeFacts(world, rng);
    case "code":
      return writeCode(rng);
  }
}

const ADJECTIVES = ["small", "brave", "sleepy", "clever", "old", "happy"];
const ANIMALS = ["fox", "cat", "bird", "frog", "bear", "mouse"];
const FOUND_VERBS = ["found", "lost", "saw", "wanted", "made"];
const COLORS = ["red", "blue", "green", "yellow"];
const THINGS = ["ball", "hat", "box", "kite", "cake", "key"];
const MOVES = ["ran", "walked", "flew", "swam", "hopped"];
const PLACES = ["river", "hill", "forest", "town", "garden", "sea"];
const FEELINGS = ["happy", "sad", "tired", "proud", "hungry"];
const PRONOUNS = ["he", "she"];

/** A story: an opening, 1 to 4 middle sentences from a few templates, a closing. */
function writeStory(world: World, rng: Rng): string {
  const name = pick(world.characters, rng);
  const pronoun = pick(PRONOUNS, rng);
  const thing = `${pick(COLORS, rng)} ${pick(THINGS, rng)}`;
  const sentences = [`${name} the ${pick(ADJECTIVES, rng)} ${pick(ANIMALS, rng)} ${pick(FOUND_VERBS, rng)} a ${thing}.`];
  const middleCount = 1 + rng.nextInt(4);
  for (let i = 0; i < middleCount; i++) {
    switch (rng.nextInt(3)) {
      case 0:
        sentences.push(`Then ${pronoun} ${pick(MOVES, rng)} to the ${pick(PLACES, rng)}.`);
        break;
      case 1:
        sentences.push(`${name} felt ${pick(FEELINGS, rng)}.`);
        break;
      default:
        sentences.push(`At the ${pick(PLACES, rng)}, ${pronoun} met a ${pick(ANIMALS, rng)}.`);
    }
  }
  sentences.push(`${name} kept the ${thing}. The end.`);
  return sentences.join(" ");
}

/** 5 to 15 lines "a+b=c", a and b uniform in 10..99, c = a + b. */
function writeArithmetic(rng: Rng): string {
  const lineCount = 5 + rng.nextInt(11);
  const lines: string[] = [];
  for (let i = 0; i < lineCount; i++) {
    const a = 10 + rng.nextInt(90);
    const b = 10 + rng.nextInt(90);
    lines.push(`${a}+${b}=${a + b}`);
  }
  return lines.join("\n");
}

/** 3 to 8 distinct sentences from the fact table, each worded exactly as in the table. */
function writeFacts(world: World, rng: Rng): string {
  const count = 3 + rng.nextInt(6);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.nextInt(world.facts.length));
  return [...chosen].map((index) => world.facts[index].text).join(" ");
}

/** 4 to 10 lines of assignments; each line uses only variables defined above it. */
function writeCode(rng: Rng): string {
  const lineCount = 4 + rng.nextInt(7);
  const lines = [`let x1 = ${rng.nextInt(10)};`];
  for (let v = 2; v <= lineCount; v++) {
    const left = `x${1 + rng.nextInt(v - 1)}`;
    const right = rng.nextInt(2) === 0 ? String(1 + rng.nextInt(9)) : `x${1 + rng.nextInt(v - 1)}`;
    lines.push(`let x${v} = ${left} ${pick(["+", "-", "*"], rng)} ${right};`);
  }
  lines.push(`print(x${lineCount});`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------
// Near duplicates and canaries.

const LOWERCASE = "abcdefghijklmnopqrstuvwxyz";

/** The text with one character replaced by a different lowercase letter (the "one small edit"). */
function substituteOneCharacter(text: string, rng: Rng): string {
  const position = rng.nextInt(text.length);
  let letter = pick(LOWERCASE, rng);
  while (letter === text[position]) letter = pick(LOWERCASE, rng);
  return text.slice(0, position) + letter + text.slice(position + 1);
}

// Crockford's base32 alphabet: no I, L, O or U, so a canary cannot spell a story word.
const CANARY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CANARY_LENGTH = 16; // 80 random bits: a model cannot guess one it never saw

/**
 * Appends each canary (prefix + 16 random base32 characters) as a new line to
 * `canaryRepetitions` distinct original documents that nothing copies, so every canary
 * appears exactly `canaryRepetitions` times in the corpus.
 */
function plantCanaries(
  documents: SyntheticDocument[],
  originalIds: readonly number[],
  copiedIds: ReadonlySet<number>,
  settings: ResolvedOptions,
  rng: Rng,
): Canary[] {
  const needed = settings.canaryCount * settings.canaryRepetitions;
  if (needed === 0) return [];
  const hosts = originalIds.filter((id) => !copiedIds.has(id));
  if (hosts.length < needed) {
    throw new InputError(
      `canaryCount × canaryRepetitions = ${needed} needs that many documents, but the corpus has ${hosts.length} to host them`,
      "raise targetChars or lower the canary options",
    );
  }
  // Partial Fisher-Yates: the first `needed` entries become a uniform sample without replacement.
  for (let i = 0; i < needed; i++) {
    const j = i + rng.nextInt(hosts.length - i);
    [hosts[i], hosts[j]] = [hosts[j], hosts[i]];
  }
  const canaries: Canary[] = [];
  for (let c = 0; c < settings.canaryCount; c++) {
    let token = settings.canaryPrefix;
    for (let k = 0; k < CANARY_LENGTH; k++) token += pick(CANARY_ALPHABET, rng);
    const documentIds = hosts.slice(c * settings.canaryRepetitions, (c + 1) * settings.canaryRepetitions);
    for (const id of documentIds) documents[id].text += `\n${token}`;
    canaries.push({ text: token, documentIds: documentIds.sort((a, b) => a - b) });
  }
  return canaries;
}

function pick<T>(items: ArrayLike<T>, rng: Rng): T {
  return items[rng.nextInt(items.length)];
}
