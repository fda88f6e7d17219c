import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { ABSTAIN, allStyles, readAnswer, writeAnswer } from "../src/align/answer-style.js";
import {
  DAYS,
  JOBS,
  PROMPT_MAX_CHARS,
  WORLD_DEFAULTS,
  generateWorld,
  worldText,
  type Person,
  type Split,
  type World,
} from "../src/align/world.js";

const world = generateWorld({ seed: 0 });
const SPLITS: Split[] = ["sft", "prefs", "rl", "eval"];

const isArithmetic = (d: string): boolean => /^\d/.test(d);
const isFaq = (d: string): boolean => d.startsWith("Q: ");
const isCalendar = (d: string): boolean => DAYS.some((day) => d.startsWith(day) || d.startsWith(`After ${day}`));
const isParagraph = (d: string): boolean => !isArithmetic(d) && !isFaq(d) && !isCalendar(d);

function namesIn(document: string, people: readonly Person[]): Person[] {
  return people.filter((p) => document.includes(p.name));
}

describe("generateWorld", () => {
  it("is deterministic by seed and different across seeds", () => {
    expect(generateWorld({ seed: 0 })).toEqual(world);
    const other = generateWorld({ seed: 1 });
    expect(other.people.map((p) => p.name)).not.toEqual(world.people.map((p) => p.name));
    expect(other.documents).not.toEqual(world.documents);
  });

  it("fills missing options from the defaults and keeps the given ones", () => {
    expect(world.options).toEqual({ seed: 0, ...WORLD_DEFAULTS });
    expect(WORLD_DEFAULTS).toEqual({ people: 72, frequentShare: 0.4, rareShare: 0.3, frequentMentions: 12, rareMentions: 1, sums: 30 });
    const small = generateWorld({ seed: 2, people: 20, frequentMentions: 3, sums: 8 });
    expect(small.options).toMatchObject({ people: 20, frequentMentions: 3, sums: 8, rareShare: 0.3 });
    expect(small.people).toHaveLength(20);
    expect(small.prompts.filter((p) => p.kind === "sum")).toHaveLength(8);
  });

  it("makes the first 40% of people frequent, the next 30% rare, the rest absent", () => {
    // 72 · 0.4 = 28.8 → 29 frequent; 72 · 0.3 = 21.6 → 22 rare; 72 - 29 - 22 = 21 absent.
    const tiers = world.people.map((p) => p.tier);
    expect(tiers).toEqual([...Array(29).fill("frequent"), ...Array(22).fill("rare"), ...Array(21).fill("absent")]);
  });

  it("invents distinct pronounceable ASCII names, none a prefix of another, and towns that share no word with them", () => {
    const names = world.people.map((p) => p.name);
    for (const name of names) expect(name).toMatch(/^[A-Z][a-z]{3,} [A-Z][a-z]{3,}$/);
    expect(new Set(names).size).toBe(names.length);
    for (const a of names) for (const b of names) if (a !== b) expect(b.startsWith(a), `${a} / ${b}`).toBe(false);

    expect(world.towns).toHaveLength(16);
    for (const town of world.towns) expect(town).toMatch(/^[A-Z][a-z]{3,}$/);
    expect(new Set(world.towns).size).toBe(16);
    const personWords = new Set(names.flatMap((n) => n.split(" ")));
    for (const town of world.towns) expect(personWords.has(town), town).toBe(false);

    for (const person of world.people) {
      expect(person.year).toBeGreaterThanOrEqual(1700);
      expect(person.year).toBeLessThanOrEqual(1999);
      expect(JOBS).toContain(person.job);
      expect(world.towns).toContain(person.town);
    }
    expect(worldText(world)).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it("mentions each frequent person in 12 paragraphs, each rare person in 1, absent people nowhere", () => {
    const paragraphs = world.documents.filter(isParagraph);
    for (const person of world.people) {
      const mentions = paragraphs.filter((d) => d.includes(person.name)).length;
      expect(mentions, person.name).toBe({ frequent: 12, rare: 1, absent: 0 }[person.tier]);
    }
    const text = worldText(world);
    for (const person of world.people.filter((p) => p.tier === "absent")) {
      for (const word of person.name.split(" ")) expect(text.includes(word), word).toBe(false);
    }
  });

  it("honours other mention counts", () => {
    const small = generateWorld({ seed: 3, people: 20, frequentMentions: 3, rareMentions: 2 });
    const paragraphs = small.documents.filter(isParagraph);
    // 20 · 0.4 = 8 frequent, 20 · 0.3 = 6 rare, 6 absent.
    const counts = small.people.map((p) => paragraphs.filter((d) => d.includes(p.name)).length);
    expect(counts).toEqual([...Array(8).fill(3), ...Array(6).fill(2), ...Array(6).fill(0)]);
  });

  it("writes paragraphs of 1 to 4 sentences and 60 to 300 characters about 1 to 3 people, each mention stating all three facts", () => {
    const paragraphs = world.documents.filter(isParagraph);
    expect(paragraphs.length).toBeGreaterThan(100);
    for (const paragraph of paragraphs) {
      expect(paragraph.length, paragraph).toBeGreaterThanOrEqual(60);
      expect(paragraph.length, paragraph).toBeLessThanOrEqual(300);
      const sentences = paragraph.split(/(?<=\.) /);
      expect(sentences.length).toBeGreaterThanOrEqual(1);
      expect(sentences.length).toBeLessThanOrEqual(4);
      const people = namesIn(paragraph, world.people);
      expect(people.length).toBeGreaterThanOrEqual(1);
      expect(people.length).toBeLessThanOrEqual(3);
      for (const person of people) {
        const sentence = sentences.filter((s) => s.includes(person.name));
        expect(sentence, paragraph).toHaveLength(1);
        expect(sentence[0]).toContain(person.town);
        expect(sentence[0]).toContain(String(person.year));
        expect(sentence[0]).toMatch(new RegExp(`\\b${person.job}\\b`));
      }
    }
  });

  it("states the facts in six sentence forms, all of them used", () => {
    const forms = new Set<string>();
    for (const paragraph of world.documents.filter(isParagraph)) {
      for (const sentence of paragraph.split(/(?<=\.) /)) {
        const person = world.people.find((p) => sentence.includes(p.name));
        if (person === undefined) continue;
        forms.add(
          sentence
            .replace(person.name, "N")
            .replace(person.town, "T")
            .replace(String(person.year), "Y")
            .replace(new RegExp(`\\b${person.job}\\b`), "J"),
        );
      }
    }
    expect([...forms].sort()).toEqual([
      "Born in T in Y, N became a J.",
      "In Y N was born in T, and grew up to be a J.",
      "N was a J, born in Y in T.",
      "N was born in T in Y and worked as a J.",
      "N, a J from T, was born in Y.",
      "The J N was born in T in Y.",
    ]);
  });

  it("writes correct two-digit sums, never one that a sum prompt asks, in either order", () => {
    const asked = new Set(
      world.prompts.filter((p) => p.kind === "sum").flatMap((p) => {
        const [a, b] = p.id.slice(4).split("+");
        return [`${a}+${b}`, `${b}+${a}`];
      }),
    );
    const arithmetic = world.documents.filter(isArithmetic);
    expect(arithmetic.length).toBe(100);
    for (const document of arithmetic) {
      for (const line of document.split("\n")) {
        const match = /^(\d{2})\+(\d{2})=(\d{2,3})$/.exec(line);
        expect(match, line).not.toBeNull();
        expect(Number(match![1]) + Number(match![2])).toBe(Number(match![3]));
        expect(asked.has(`${match![1]}+${match![2]}`), line).toBe(false);
      }
    }
    // Nowhere else either: "a+b=" appears only in arithmetic documents.
    for (const question of asked) expect(worldText(world).includes(`${question}=`), question).toBe(false);
  });

  it("states the order of the days in calendar documents", () => {
    const calendar = world.documents.filter(isCalendar);
    expect(calendar.length).toBeGreaterThan(10);
    const next: Record<string, string> = {
      Monday: "Tuesday",
      Tuesday: "Wednesday",
      Wednesday: "Thursday",
      Thursday: "Friday",
      Friday: "Saturday",
      Saturday: "Sunday",
      Sunday: "Monday",
    };
    for (const document of calendar) {
      for (const sentence of document.split(/(?<=\.) /)) {
        const match = /^(\w+) comes before (\w+)\.$/.exec(sentence) ?? /^After (\w+) comes (\w+)\.$/.exec(sentence);
        expect(match, sentence).not.toBeNull();
        expect(next[match![1]], sentence).toBe(match![2]);
      }
    }
  });

  it("writes question–answer documents in the post-training format: every style once about frequent sft people, then each known fact plainly, six times if frequent and once if rare", () => {
    const faq = world.documents.filter(isFaq);
    const pairs = faq.flatMap((d) => `${d}\n`.split(/(?<=\n)(?=Q: )/));
    const byPrompt = new Map(world.prompts.map((p) => [p.prompt, p]));
    const styles = new Set<string>();
    const plainAsked = new Map<string, number>();
    for (const pair of pairs) {
      const [, prompt, answer] = /^(Q: [^\n]*\nA:)( [^\n]*\n)$/.exec(pair)!;
      const asked = byPrompt.get(prompt)!;
      expect(["frequent", "rare"], pair).toContain(asked.tier);
      const read = readAnswer(answer);
      expect(read.core).toBe(asked.gold);
      styles.add(answer.replace(asked.gold, "*"));
      if (answer === ` ${asked.gold}.\n`) plainAsked.set(prompt, (plainAsked.get(prompt) ?? 0) + 1);
      else expect(asked, pair).toMatchObject({ tier: "frequent", split: "sft" }); // the styled pairs
    }
    expect(styles.size).toBe(60); // 3 openers × 5 tones × 4 paddings, the plain one among them
    for (const p of world.prompts.filter((q) => q.tier === "frequent")) expect(plainAsked.get(p.prompt) ?? 0, p.prompt).toBeGreaterThanOrEqual(6);
    for (const p of world.prompts.filter((q) => q.tier === "rare")) expect(plainAsked.get(p.prompt), p.prompt).toBe(1);
    // 29 frequent people × 3 facts × 6 + 22 rare × 3 × 1 plain pairs, and the 60 styled ones (one of them plain).
    expect(pairs).toHaveLength(29 * 3 * 6 + 22 * 3 + 60);
  });

  it("separates documents by blank lines only: no document is empty, holds a blank line or has outer whitespace", () => {
    for (const document of world.documents) {
      expect(document.length).toBeGreaterThan(0);
      expect(document).not.toContain("\n\n");
      expect(document.trim()).toBe(document);
    }
    const tiny: World = { ...world, documents: ["first doc", "a\nb"] };
    expect(worldText(tiny)).toBe("first doc\n\na\nb\n");
  });

  it("is 50 to 150 KB of text with the defaults, people's facts a third of it, in a shuffled order", () => {
    const chars = worldText(world).length;
    expect(chars).toBeGreaterThan(50_000);
    expect(chars).toBeLessThan(150_000);
    // A base model must see each frequent fact hundreds of times in a few thousand steps: facts may not drown in arithmetic.
    const paragraphs = world.documents.filter(isParagraph).reduce((s, d) => s + d.length, 0);
    expect(paragraphs / chars).toBeGreaterThan(0.3);
    // Shuffled: the kinds are interleaved, not in blocks (the first 100 documents are not all one kind).
    const first = world.documents.slice(0, 100);
    expect(first.some(isArithmetic)).toBe(true);
    expect(first.some(isParagraph)).toBe(true);
  });

  it("puts every character of every prompt and answer in the documents", () => {
    const characters = new Set(world.documents.join(""));
    characters.add("\n"); // documents are separated by blank lines
    const missing = new Set<string>();
    for (const prompt of world.prompts) {
      for (const style of allStyles()) {
        for (const char of prompt.prompt + writeAnswer(prompt.gold, style) + writeAnswer(ABSTAIN, style)) {
          if (!characters.has(char)) missing.add(char);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });
});

describe("the world's prompts", () => {
  it("asks about each person's town, year and job in the exact format, with their facts as gold", () => {
    const person = world.people[0];
    const own = world.prompts.filter((p) => p.id.endsWith(`:${person.name}`));
    expect(own).toEqual([
      { id: `town:${person.name}`, kind: "town", tier: person.tier, split: own[0].split, prompt: `Q: Where was ${person.name} born?\nA:`, gold: person.town },
      { id: `year:${person.name}`, kind: "year", tier: person.tier, split: own[0].split, prompt: `Q: When was ${person.name} born?\nA:`, gold: String(person.year) },
      { id: `job:${person.name}`, kind: "job", tier: person.tier, split: own[0].split, prompt: `Q: What was ${person.name}'s job?\nA:`, gold: person.job },
    ]);
    // 72 people × 3 + 30 sums + 7 days = 253 prompts, ids unique.
    expect(world.prompts).toHaveLength(253);
    expect(new Set(world.prompts.map((p) => p.id)).size).toBe(253);
  });

  it("keeps every prompt within 48 characters, with no trailing space", () => {
    expect(PROMPT_MAX_CHARS).toBe(48);
    for (const p of world.prompts) {
      expect(p.prompt.length, p.prompt).toBeLessThanOrEqual(48);
      expect(p.prompt).toMatch(/^Q: [^\n]*\?\nA:$/);
    }
    // The longest a day prompt can be: "Q: What day comes after Wednesday?\nA:" has 37 characters.
    expect(world.prompts.find((p) => p.id === "after:Wednesday")!.prompt).toHaveLength(37);
  });

  it("asks distinct sums of two two-digit numbers with their correct totals", () => {
    const sums = world.prompts.filter((p) => p.kind === "sum");
    expect(sums).toHaveLength(30);
    for (const p of sums) {
      const [, a, b] = /^Q: What is (\d{2})\+(\d{2})\?\nA:$/.exec(p.prompt)!;
      expect(p).toMatchObject({ id: `sum:${a}+${b}`, tier: "skill", gold: String(Number(a) + Number(b)) });
    }
  });

  it("asks which day follows each day, 5 for sft and 2 held out for eval", () => {
    const after = world.prompts.filter((p) => p.kind === "after");
    expect(after.map((p) => [p.id, p.gold])).toEqual([
      ["after:Monday", "Tuesday"],
      ["after:Tuesday", "Wednesday"],
      ["after:Wednesday", "Thursday"],
      ["after:Thursday", "Friday"],
      ["after:Friday", "Saturday"],
      ["after:Saturday", "Sunday"],
      ["after:Sunday", "Monday"],
    ]);
    expect(after[0].prompt).toBe("Q: What day comes after Monday?\nA:");
    expect(after.every((p) => p.tier === "skill")).toBe(true);
    expect(after.filter((p) => p.split === "sft")).toHaveLength(5);
    expect(after.filter((p) => p.split === "eval")).toHaveLength(2);
  });

  it("splits by person: a person's three prompts share a split", () => {
    for (const person of world.people) {
      const splits = new Set(world.prompts.filter((p) => p.id.endsWith(`:${person.name}`)).map((p) => p.split));
      expect(splits.size, person.name).toBe(1);
    }
  });

  it("gives prefs, rl and eval 20% of each tier's people and of the sums, sft the rest, every tier in every split", () => {
    const count = (tier: string, kind: string, split: Split): number =>
      world.prompts.filter((p) => p.tier === tier && p.kind === kind && p.split === split).length;
    // Held-out splits get round(0.2 n) each: 29 frequent → 6 (sft 29 − 18 = 11); 22 rare → 4 (sft 10);
    // 21 absent → 4 (sft 9); 30 sums → 6 (sft 12).
    const expected = { frequent: [11, 6], rare: [10, 4], absent: [9, 4] };
    for (const [tier, [sft, held]] of Object.entries(expected)) {
      expect(SPLITS.map((s) => count(tier, "town", s)), tier).toEqual([sft, held, held, held]);
    }
    expect(SPLITS.map((s) => count("skill", "sum", s))).toEqual([12, 6, 6, 6]);
  });

  it("draws the split by seed", () => {
    const splitsOf = (w: World) => w.prompts.map((p) => p.split);
    expect(splitsOf(generateWorld({ seed: 5 }))).not.toEqual(splitsOf(generateWorld({ seed: 6 })));
  });
});

describe("generateWorld's options", () => {
  it.each([
    [{ frequentShare: 0.8, rareShare: 0.3 }, /frequentShare \+ rareShare must be at most 1/],
    [{ frequentShare: -0.1 }, /frequentShare must be a share in \[0, 1\]/],
    [{ people: 3 }, /people must be an integer in \[4, 1000\]/],
    [{ people: 10.5 }, /people must be an integer/],
    [{ rareMentions: 0 }, /rareMentions must be an integer in \[1, 1000\]/],
    [{ sums: 2 }, /sums must be 0 or at least 4/],
    [{ people: 20, rareShare: 0.1 }, /the rare tier has 2 people/], // 20 · 0.1 = 2
    [{ seed: Number.NaN }, /seed must be a finite number/],
  ])("rejects %j", (options, message) => {
    expect(() => generateWorld({ seed: 0, ...options })).toThrow(InputError);
    expect(() => generateWorld({ seed: 0, ...options })).toThrow(message);
  });

  it("accepts an empty tier and no sums", () => {
    const w = generateWorld({ seed: 0, people: 16, frequentShare: 0.5, rareShare: 0.5, sums: 0 });
    expect(w.people.filter((p) => p.tier === "absent")).toHaveLength(0);
    expect(w.prompts.filter((p) => p.kind === "sum")).toHaveLength(0);
  });
});
