import { z } from "zod";
import { InputError } from "../errors.js";
import { parseFrontMatter } from "../front-matter.js";

/** The areas of the question bank, in the order a study plan visits them. */
export const AREAS = [
  "objectives",
  "tokenization",
  "architecture",
  "scaling",
  "evaluation",
  "ablations",
  "grounding",
  "alignment",
  "papers",
  "pretraining-data",
  "pathologies",
  "systems",
  "taste",
  "communication",
] as const;
export type Area = (typeof AREAS)[number];

export const KINDS = ["concept", "judgment", "quantitative", "design", "communication"] as const;
export type Kind = (typeof KINDS)[number];

/** Model answers aim at 120–350 words; outside these looser bounds a card is rejected. */
export const ANSWER_WORDS = { min: 100, max: 400 } as const;

const text = z.string().trim().min(1, "must not be empty");

/** The YAML front matter of a card file. */
export const cardFrontMatter = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'must be "<area>/<slug>" in lower-case letters, digits and dashes'),
  area: z.enum(AREAS),
  title: text,
  kind: z.enum(KINDS),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: "must be 1, 2 or 3" }),
  /** Where the question comes from, when it is one of the source documents' questions. */
  source: text.optional(),
  rubric: z.array(text).min(3, "needs 3 to 6 key points").max(6, "needs 3 to 6 key points"),
  followups: z.array(z.strictObject({ question: text, answer: text })).min(2, "needs at least 2 follow-ups"),
  pitfalls: z.array(text).min(1, "needs at least 1 pitfall"),
  related: z.array(text).default([]),
  references: z.array(text).default([]),
  /** Quantitative cards: the problem generator that draws fresh numbers at each review (src/drill/problems.ts). */
  generator: z.string().regex(/^[a-z0-9-]+$/, "must be a generator id in lower-case letters, digits and dashes").optional(),
});

/** One question card: front matter plus the question and model answer from the body. */
export type Card = z.infer<typeof cardFrontMatter> & { question: string; answer: string; file: string };

/** Words as a reader counts them: runs of non-space characters. */
export function countAnswerWords(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/**
 * Parses one card file: `---` YAML front matter `---`, then a Markdown body with a
 * `## Question` section and a `## Answer` section. Throws one InputError naming the
 * file and field (and YAML line) of the first problem.
 */
export function parseCard(source: string, file: string): Card {
  const { data, body } = parseFrontMatter(source, file, cardFrontMatter, "see content/README.md for the card format");
  const question = section(body, "Question", file);
  const answer = section(body, "Answer", file);
  const words = countAnswerWords(answer);
  if (words < ANSWER_WORDS.min || words > ANSWER_WORDS.max) {
    throw new InputError(
      `${file}: field answer: ${words} words`,
      `model answers are about 120-350 words (accepted ${ANSWER_WORDS.min}-${ANSWER_WORDS.max})`,
    );
  }
  return { ...data, question, answer, file };
}

/** The text under `## name` up to the next `## ` heading. */
function section(body: string, name: string, file: string): string {
  const match = new RegExp(`^## ${name}[ \\t]*\\r?\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, "m").exec(body);
  const content = match?.[1].trim();
  if (!content) throw new InputError(`${file}: field ${name.toLowerCase()}: missing`, `add a "## ${name}" section to the body`);
  return content;
}
