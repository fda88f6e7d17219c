/**
 * The alignment lab's world: a seeded, generated world whose truth is known, so every
 * answer a tiny model gives can be graded against gold.
 *
 * People have a birth town, a birth year and a job. How often the pretraining documents
 * mention a person sets what the model can know about them:
 *   frequent  mentioned in many documents: the model can learn the facts
 *   rare      mentioned once or so: the model has seen them but may not recall them
 *   absent    never mentioned: the honest answer is "I don't know"
 *   skill     not facts but skills: two-digit addition and the order of the days
 *
 * The documents are short paragraphs about people, lines of correct sums, calendar
 * sentences and question–answer documents in the post-training format ("Q: ...\nA: ..."):
 * one per answer style, which put every character post-training uses into the pretraining
 * text, and the facts of frequent people asked plainly several times and of rare people once,
 * so that what the model can answer follows how often it read a fact. Prompts ask about every
 * person and skill, split by person into SFT, preference, RL and evaluation sets.
 * One seeded generator draws everything: same options, same world.
 */
import { InputError, describeValue } from "../errors.js";
import { createRng, type Rng } from "../stats/prng.js";
import { allStyles, PLAIN_STYLE, writeAnswer } from "./answer-style.js";

export interface WorldOptions {
  /** Seed of the only random generator used. */
  seed: number;
  /** Number of people. */
  people: number;
  /** Share of people who are frequent (the first ones). */
  frequentShare: number;
  /** Share of people who are rare (the next ones); the rest are absent. */
  rareShare: number;
  /** Documents that mention each frequent person. */
  frequentMentions: number;
  /** Documents that mention each rare person. */
  rareMentions: number;
  /** Number of arithmetic prompts ("What is 23+41?"). */
  sums: number;
}

/** The options `generateWorld` uses for what it is not given. */
export const WORLD_DEFAULTS: Omit<WorldOptions, "seed"> = {
  people: 72,
  frequentShare: 0.4,
  rareShare: 0.3,
  frequentMentions: 12,
  rareMentions: 1,
  sums: 30,
};

export type Tier = "frequent" | "rare" | "absent" | "skill";

export interface Person {
  /** Two invented words, "Mira Tolvan"; no word is shared with another person or a town. */
  name: string;
  town: string;
  year: number;
  job: string;
  tier: Exclude<Tier, "skill">;
}

/** Which stage of post-training a prompt belongs to. */
export type Split = "sft" | "prefs" | "rl" | "eval";

export interface WorldPrompt {
  /** "town:Mira Tolvan", "sum:23+41", "after:Monday". */
  id: string;
  kind: "town" | "year" | "job" | "sum" | "after";
  tier: Tier;
  split: Split;
  /** "Q: Where was Mira Tolvan born?\nA:", at most PROMPT_MAX_CHARS characters. */
  prompt: string;
  /** The correct answer's core: "Karsk", "1843", "weaver", "64", "Tuesday". */
  gold: string;
}

export interface World {
  options: WorldOptions;
  people: Person[];
  towns: string[];
  /** Pretraining documents, in a seeded order; none holds a blank line. */
  documents: string[];
  prompts: WorldPrompt[];
}

/** The longest prompt there can be: the lab's model has a short context, and the answer must fit after it. */
export const PROMPT_MAX_CHARS = 48;

/** Plain jobs; each starts with a consonant, so every template can write "a {job}". */
export const JOBS = [
  "baker",
  "sailor",
  "weaver",
  "miller",
  "potter",
  "smith",
  "farmer",
  "tailor",
  "mason",
  "fisher",
  "carter",
  "brewer",
  "cooper",
  "tanner",
] as const;

/** The days in order; the day after Sunday is Monday. */
export const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

const TOWN_COUNT = 16;
const FIRST_YEAR = 1700;
const LAST_YEAR = 1999;
/** Split shares of people and sums: each of prefs, rl and eval gets this share (at least one), sft the rest. */
const HELD_SPLIT_SHARE = 0.2;
/** "after" prompts in eval; the rest are sft. */
const AFTER_EVAL_COUNT = 2;
// The skill documents' volume, fixed so the defaults give about 100 KB of text, a third of it paragraphs about people.
const ARITHMETIC_DOCUMENTS = 100;
const CALENDAR_DOCUMENTS = 40;
/** Question–answer pairs per FAQ document. */
const FAQ_PAIRS_PER_DOCUMENT = 5;
/** Times each fact is asked in the pretraining text's plain question–answer documents, by tier. */
const QA_REPEATS = { frequent: 6, rare: 1 } as const;

/**
 * Generates the world: people, towns, documents and prompts, all from the seed.
 *
 * @example
 * const world = generateWorld({ seed: 0 });
 * world.people[0];  // { name: "Kopim Kessar", town: "Nurven", year: 1887, job: "mason", tier: "frequent" }
 * world.prompts[0]; // { id: "town:Kopim Kessar", kind: "town", tier: "frequent", split: "prefs",
 *                   //   prompt: "Q: Where was Kopim Kessar born?\nA:", gold: "Nurven" }
 */
export function generateWorld(options: Partial<WorldOptions> & { seed: number }): World {
  const resolved: WorldOptions = { ...WORLD_DEFAULTS, ...options };
  const tierSizes = validate(resolved);
  const rng = createRng(resolved.seed);

  // Every invented word differs from every other, from the days and from the jobs ("Mason").
  const taken = new Set<string>([...DAYS, ...JOBS.map(capitalize)]);
  const towns = Array.from({ length: TOWN_COUNT }, () => inventWord(rng, taken, inventTown));
  const people: Person[] = [];
  for (const tier of ["frequent", "rare", "absent"] as const) {
    for (let i = 0; i < tierSizes[tier]; i++) {
      const name = `${inventWord(rng, taken, inventFirstName)} ${inventWord(rng, taken, inventSurname)}`;
      const year = FIRST_YEAR + rng.nextInt(LAST_YEAR - FIRST_YEAR + 1);
      people.push({ name, town: pick(towns, rng), year, job: pick(JOBS, rng), tier });
    }
  }

  const prompts = [...personPrompts(people, rng), ...sumPrompts(resolved.sums, rng), ...afterPrompts(rng)];
  const faqPrompts = prompts.filter((p) => p.tier === "frequent" && p.split === "sft");
  const documents = shuffle(
    [
      ...personDocuments(people, resolved, rng),
      ...arithmeticDocuments(prompts, rng),
      ...calendarDocuments(rng),
      ...faqDocuments(faqPrompts, rng),
      ...questionAnswerDocuments(prompts, rng),
    ],
    rng,
  );
  return { options: resolved, people, towns, documents, prompts };
}

/**
 * The pretraining text: the documents separated by a blank line, ending with "\n".
 *
 * @example
 * worldText(generateWorld({ seed: 0 })); // "88+79=167\n73+62=135\n...\n65+34=99\n\n15+67=82\n..."
 */
export function worldText(world: World): string {
  return `${world.documents.join("\n\n")}\n`;
}

/** Checks the options and returns how many people each tier gets. */
function validate(options: WorldOptions): Record<Exclude<Tier, "skill">, number> {
  const integer = (name: keyof WorldOptions, min: number, max: number, hint: string): number => {
    const value = options[name];
    if (!(Number.isInteger(value) && value >= min && value <= max)) {
      throw new InputError(`${name} must be an integer in [${min}, ${max}], got ${describeValue(value)}`, hint);
    }
    return value;
  };
  const share = (name: keyof WorldOptions): number => {
    const value = options[name];
    if (!(typeof value === "number" && value >= 0 && value <= 1)) {
      throw new InputError(`${name} must be a share in [0, 1], got ${describeValue(value)}`, "e.g. 0.4 for 40% of people");
    }
    return value;
  };
  if (!Number.isFinite(options.seed)) {
    throw new InputError(`seed must be a finite number, got ${describeValue(options.seed)}`, "pass an integer such as 0");
  }
  const people = integer("people", 4, 1000, `the default is ${WORLD_DEFAULTS.people}`);
  integer("frequentMentions", 1, 1000, `the default is ${WORLD_DEFAULTS.frequentMentions}`);
  integer("rareMentions", 1, 1000, `the default is ${WORLD_DEFAULTS.rareMentions}; a person never mentioned is absent`);
  integer("sums", 0, 1000, `the default is ${WORLD_DEFAULTS.sums}`);
  const frequentShare = share("frequentShare");
  const rareShare = share("rareShare");
  if (frequentShare + rareShare > 1) {
    throw new InputError(
      `frequentShare + rareShare must be at most 1, got ${frequentShare + rareShare}`,
      "the rest of the people are absent",
    );
  }
  const frequent = Math.round(people * frequentShare);
  const rare = Math.min(Math.round(people * rareShare), people - frequent);
  const sizes = { frequent, rare, absent: people - frequent - rare };
  for (const [tier, size] of Object.entries(sizes)) {
    // Every split needs a person of every tier, and the FAQ documents need frequent people.
    if ((size > 0 || tier === "frequent") && size < 4) {
      throw new InputError(
        `the ${tier} tier has ${size} people; it needs none or at least 4 (frequent: at least 4)`,
        "raise people or change frequentShare and rareShare",
      );
    }
  }
  if (options.sums > 0 && options.sums < 4) {
    throw new InputError(`sums must be 0 or at least 4, got ${options.sums}`, "every split needs a sum");
  }
  return sizes;
}

/**
 * Plain question–answer documents: each fact of a frequent person asked QA_REPEATS.frequent
 * times, of a rare person once, of an absent person never. A small model that read a fact only
 * in biographies can complete the sentence but not answer the question (Allen-Zhu & Li 2023,
 * "Physics of Language Models: Part 3.1": knowledge stored one way is not extracted another
 * without much more training); here, as on the web, the well-known facts are also asked and
 * answered, so what the model can answer follows how often it read the fact.
 */
function questionAnswerDocuments(prompts: readonly WorldPrompt[], rng: Rng): string[] {
  const repeats = (p: WorldPrompt) => (p.tier === "frequent" || p.tier === "rare" ? QA_REPEATS[p.tier] : 0);
  const pairs = shuffle(prompts.flatMap((p) => Array.from({ length: repeats(p) }, () => p.prompt + writeAnswer(p.gold, PLAIN_STYLE))), rng);
  const documents: string[] = [];
  for (let i = 0; i < pairs.length; i += FAQ_PAIRS_PER_DOCUMENT) documents.push(pairs.slice(i, i + FAQ_PAIRS_PER_DOCUMENT).join("").slice(0, -1));
  return documents;
}

// ---------------------------------------------------------------------------------------
// Invented words: lowercase ASCII syllables, capitalized.

const ONSETS = "bdfghklmnprstvz";
const VOWELS = "aeiou";
const CODAS = "lnrskm";
const TOWN_ENDINGS = ["sk", "lin", "dor", "ven", "mar", "bek"];

/** "Mira", "Delon": consonant-vowel, consonant-vowel, then a closing consonant half the time. */
function inventFirstName(rng: Rng): string {
  const coda = rng.nextInt(2) === 0 ? pick(CODAS, rng) : "";
  return pick(ONSETS, rng) + pick(VOWELS, rng) + pick(ONSETS, rng) + pick(VOWELS, rng) + coda;
}

/** "Tolvan": two closed syllables. */
function inventSurname(rng: Rng): string {
  return closedSyllable(rng) + closedSyllable(rng);
}

/** "Karsk", "Vellin": a closed syllable and a town ending. */
function inventTown(rng: Rng): string {
  return closedSyllable(rng) + pick(TOWN_ENDINGS, rng);
}

function closedSyllable(rng: Rng): string {
  return pick(ONSETS, rng) + pick(VOWELS, rng) + pick(CODAS, rng);
}

/** A capitalized word from `invent` that is not in `taken` (and is then taken). */
function inventWord(rng: Rng, taken: Set<string>, invent: (rng: Rng) => string): string {
  for (;;) {
    const word = capitalize(invent(rng));
    if (!taken.has(word)) {
      taken.add(word);
      return word;
    }
  }
}

function capitalize(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

// ---------------------------------------------------------------------------------------
// Prompts, split by person (a person's facts never straddle two stages).

function personPrompts(people: readonly Person[], rng: Rng): WorldPrompt[] {
  const splitOf = new Map<Person, Split>();
  for (const tier of ["frequent", "rare", "absent"] as const) {
    const members = people.filter((p) => p.tier === tier);
    const splits = assignSplits(members.length, rng);
    members.forEach((person, i) => splitOf.set(person, splits[i]));
  }
  return people.flatMap((person) => {
    const split = splitOf.get(person)!;
    const { name, tier } = person;
    return [
      { id: `town:${name}`, kind: "town", tier, split, prompt: question(`Where was ${name} born?`), gold: person.town },
      { id: `year:${name}`, kind: "year", tier, split, prompt: question(`When was ${name} born?`), gold: String(person.year) },
      { id: `job:${name}`, kind: "job", tier, split, prompt: question(`What was ${name}'s job?`), gold: person.job },
    ];
  });
}

/** `count` distinct sums of two two-digit numbers; a+b and b+a are never both asked. */
function sumPrompts(count: number, rng: Rng): WorldPrompt[] {
  const asked = new Set<string>();
  const pairs: [number, number][] = [];
  while (pairs.length < count) {
    const a = 10 + rng.nextInt(90);
    const b = 10 + rng.nextInt(90);
    if (asked.has(`${a}+${b}`)) continue;
    asked.add(`${a}+${b}`).add(`${b}+${a}`);
    pairs.push([a, b]);
  }
  const splits = assignSplits(count, rng);
  return pairs.map(([a, b], i) => ({
    id: `sum:${a}+${b}`,
    kind: "sum",
    tier: "skill",
    split: splits[i],
    prompt: question(`What is ${a}+${b}?`),
    gold: String(a + b),
  }));
}

/** One prompt per day; AFTER_EVAL_COUNT of them, drawn by the seed, are held out for eval. */
function afterPrompts(rng: Rng): WorldPrompt[] {
  const evalDays = new Set(shuffle([...DAYS], rng).slice(0, AFTER_EVAL_COUNT));
  return DAYS.map((day, i) => ({
    id: `after:${day}`,
    kind: "after",
    tier: "skill",
    split: evalDays.has(day) ? "eval" : "sft",
    prompt: question(`What day comes after ${day}?`),
    gold: DAYS[(i + 1) % DAYS.length],
  }));
}

function question(text: string): string {
  return `Q: ${text}\nA:`;
}

/**
 * Splits for `n` items in a seeded order: prefs, rl and eval get HELD_SPLIT_SHARE of them
 * each (at least one, so every split sees every tier), sft the rest (about 40%).
 */
function assignSplits(n: number, rng: Rng): Split[] {
  if (n === 0) return [];
  const held = Math.max(1, Math.round(n * HELD_SPLIT_SHARE));
  const splits: Split[] = [
    ...Array<Split>(n - 3 * held).fill("sft"),
    ...Array<Split>(held).fill("prefs"),
    ...Array<Split>(held).fill("rl"),
    ...Array<Split>(held).fill("eval"),
  ];
  return shuffle(splits, rng);
}

// ---------------------------------------------------------------------------------------
// Documents.

/** Sentences that state all three facts of a person, in varied words. */
const FACT_TEMPLATES: ReadonlyArray<(p: Person) => string> = [
  (p) => `${p.name} was born in ${p.town} in ${p.year} and worked as a ${p.job}.`,
  (p) => `${p.name}, a ${p.job} from ${p.town}, was born in ${p.year}.`,
  (p) => `Born in ${p.town} in ${p.year}, ${p.name} became a ${p.job}.`,
  (p) => `The ${p.job} ${p.name} was born in ${p.town} in ${p.year}.`,
  (p) => `${p.name} was a ${p.job}, born in ${p.year} in ${p.town}.`,
  (p) => `In ${p.year} ${p.name} was born in ${p.town}, and grew up to be a ${p.job}.`,
];

/** Sentences about no one, so a paragraph is not only facts; some name a town to distract. */
const FILLER_TEMPLATES: ReadonlyArray<(town: string) => string> = [
  () => "The winters were long in those years.",
  () => "Few letters from that time survive.",
  () => "The roads were often muddy after the rains.",
  () => "Everyone on the street knew the family.",
  (town) => `The market in ${town} was busy every week.`,
  (town) => `A new bridge was built near ${town}.`,
  (town) => `Many people moved to ${town} for work.`,
];

const MIN_PARAGRAPH_CHARS = 60;

/**
 * Paragraphs that mention each frequent person in `frequentMentions` documents and each
 * rare person in `rareMentions`, 1 to 3 people each, never the same person twice in one;
 * absent people in none. Filler sentences bring a paragraph to 1 to 4 sentences and at
 * least MIN_PARAGRAPH_CHARS characters.
 */
function personDocuments(people: readonly Person[], options: WorldOptions, rng: Rng): string[] {
  const mentions = shuffle(
    people.flatMap((person) => {
      const { tier } = person;
      const count = tier === "frequent" ? options.frequentMentions : tier === "rare" ? options.rareMentions : 0;
      return Array<Person>(count).fill(person);
    }),
    rng,
  );
  // Packs the shuffled mentions in order; a repeated person starts a new paragraph.
  const groups: Person[][] = [];
  let group: Person[] = [];
  let size = 1 + rng.nextInt(3);
  for (const person of mentions) {
    if (group.length === size || group.includes(person)) {
      groups.push(group);
      group = [];
      size = 1 + rng.nextInt(3);
    }
    group.push(person);
  }
  if (group.length > 0) groups.push(group);

  const towns = [...new Set(people.map((p) => p.town))];
  return groups.map((members) => {
    const sentences = members.map((person) => pick(FACT_TEMPLATES, rng)(person));
    const fillers = rng.nextInt(4 - members.length + 1);
    const filler = (): string => pick(FILLER_TEMPLATES, rng)(pick(towns, rng));
    for (let i = 0; i < fillers; i++) sentences.splice(rng.nextInt(sentences.length + 1), 0, filler());
    if (sentences.join(" ").length < MIN_PARAGRAPH_CHARS) sentences.push(filler());
    return sentences.join(" ");
  });
}

/**
 * ARITHMETIC_DOCUMENTS documents of 6 to 15 correct sums "a+b=c" of two-digit numbers,
 * never one a sum prompt asks in either order: those prompts test addition, not recall.
 */
function arithmeticDocuments(prompts: readonly WorldPrompt[], rng: Rng): string[] {
  const asked = new Set<string>();
  for (const p of prompts) {
    if (p.kind !== "sum") continue;
    const [a, b] = p.id.slice("sum:".length).split("+");
    asked.add(`${a}+${b}`).add(`${b}+${a}`);
  }
  return Array.from({ length: ARITHMETIC_DOCUMENTS }, () => {
    const lines: string[] = [];
    const count = 6 + rng.nextInt(10);
    while (lines.length < count) {
      const a = 10 + rng.nextInt(90);
      const b = 10 + rng.nextInt(90);
      if (!asked.has(`${a}+${b}`)) lines.push(`${a}+${b}=${a + b}`);
    }
    return lines.join("\n");
  });
}

/** CALENDAR_DOCUMENTS documents of 3 to 7 sentences on which day follows which. */
function calendarDocuments(rng: Rng): string[] {
  return Array.from({ length: CALENDAR_DOCUMENTS }, () => {
    const count = 3 + rng.nextInt(5);
    return Array.from({ length: count }, () => {
      const i = rng.nextInt(DAYS.length);
      const next = DAYS[(i + 1) % DAYS.length];
      return rng.nextInt(2) === 0 ? `${DAYS[i]} comes before ${next}.` : `After ${DAYS[i]} comes ${next}.`;
    }).join(" ");
  });
}

/**
 * Question–answer pairs in the post-training format, one per answer style, each asking a
 * fact of a frequent person in the sft split with its gold answer. They put every
 * character of every prompt and style into the pretraining text, and show the format
 * in every style. The kind cycles town, year, job, so all three
 * question forms appear.
 */
function faqDocuments(faqPrompts: readonly WorldPrompt[], rng: Rng): string[] {
  const byKind = (kind: WorldPrompt["kind"]) => faqPrompts.filter((p) => p.kind === kind);
  const pools = [byKind("town"), byKind("year"), byKind("job")];
  const pairs = shuffle(allStyles(), rng).map((style, i) => {
    const prompt = pick(pools[i % pools.length], rng);
    return prompt.prompt + writeAnswer(prompt.gold, style);
  });
  const documents: string[] = [];
  for (let i = 0; i < pairs.length; i += FAQ_PAIRS_PER_DOCUMENT) {
    // Without the last answer's "\n": the blank line between documents follows it.
    documents.push(pairs.slice(i, i + FAQ_PAIRS_PER_DOCUMENT).join("").slice(0, -1));
  }
  return documents;
}

// ---------------------------------------------------------------------------------------

function pick<T>(items: ArrayLike<T>, rng: Rng): T {
  return items[rng.nextInt(items.length)];
}

/** Fisher–Yates in place; returns the array. */
function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
