/**
 * One kata: a small component to implement from memory, as in an interview's coding round.
 * A kata lives in `content/katas/<slug>/`:
 *   kata.md                YAML front matter (below) and the statement in Markdown
 *   starter.py, starter.ts the signatures and docstrings the user starts from
 *   solution.py, solution.ts reference solutions, shown after an attempt
 *   wrong/<bug-id>.py|ts   known-wrong solutions the judge must reject (tests only)
 */
import { z } from "zod";
import { InputError } from "../errors.js";
import { parseFrontMatter } from "../front-matter.js";

/** The areas of the coding round, in the order `dojo kata list` shows them. */
export const KATA_AREAS = ["numerics", "model", "training", "decoding", "tokenization", "alignment", "systems"] as const;
export type KataArea = (typeof KATA_AREAS)[number];

export const LANGUAGES = ["py", "ts"] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { py: "Python", ts: "TypeScript" };

const text = z.string().trim().min(1, "must not be empty");
const id = z.string().regex(/^[a-z0-9-]+$/, "must be lower-case letters, digits and dashes");

/** The YAML front matter of kata.md. */
export const kataFrontMatter = z.strictObject({
  slug: id,
  title: text,
  area: z.enum(KATA_AREAS),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: "must be 1, 2 or 3" }),
  /** The time budget in interview mode. */
  minutes: z.number().int().min(5).max(60),
  /** The functions to implement, by their Python names; TypeScript uses the camelCase of each. */
  functions: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a Python function name in snake_case")).min(1),
  /** Whether a Python solution may import PyTorch (when it is installed). */
  torch: z.boolean().default(false),
  tests: z.strictObject({
    /** The case generator in src/katas/cases/ (usually the slug). */
    generator: id,
    /** Random cases per check, drawn afresh at each check. */
    random: z.number().int().min(1).max(200),
    rtol: z.number().min(0).max(1),
    atol: z.number().min(0).max(1),
    /** The fixed edge cases, by the names the generator gives them. */
    edges: z.array(text).min(1, "needs at least 1 edge case"),
  }),
  bugs: z
    .array(
      z.strictObject({
        id,
        /** The mistake, as the user would make it. */
        mistake: text,
        /** What a run shows when the mistake is made. */
        symptom: text,
        /** The hint the judge gives when an output matches this mistake. */
        hint: text,
      }),
    )
    .min(2, "needs at least 2 common bugs"),
  followups: z.array(z.strictObject({ question: text, answer: text })).min(2, "needs 2-3 follow-ups").max(3, "needs 2-3 follow-ups"),
  references: z.array(text).default([]),
});

export type KataMeta = z.infer<typeof kataFrontMatter>;

/** A kata as lmdojo reads it: its front matter, statement, starters and reference solutions. */
export interface Kata extends KataMeta {
  /** The Markdown statement (shapes and dtypes, constraints, worked examples). */
  statement: string;
  starter: Record<Language, string>;
  solution: Record<Language, string>;
  /** Known-wrong solutions by file name (e.g. "no-max-subtraction.py"). */
  wrong: Record<string, string>;
  /** Where kata.md is, relative to the content folder's parent, for messages. */
  file: string;
}

/** The TypeScript name of a Python function name: log_softmax → logSoftmax. */
export function tsName(pythonName: string): string {
  return pythonName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The entry function's name in a language. */
export const functionName = (name: string, lang: Language): string => (lang === "py" ? name : tsName(name));

/**
 * Parses kata.md: `---` front matter `---`, then the statement. Throws one InputError
 * naming the file and the field (or YAML line) of the first problem.
 */
export function parseKataFile(source: string, file: string): { meta: KataMeta; statement: string } {
  const { data, body } = parseFrontMatter(source, file, kataFrontMatter, "see content/katas/README.md for the kata format");
  const statement = body.trim();
  if (!statement) throw new InputError(`${file}: field statement: missing`, "write the statement under the front matter");
  return { meta: data, statement };
}
