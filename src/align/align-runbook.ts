/**
 * The alignment lab's runbook: content/align-runbook/<id>.md, one page per way RLHF goes wrong
 * that the lab can show (the KL exploding or collapsing, reward hacking, length exploitation).
 * Each page has front matter (id, title, question, nearMisses, shownBy: the command that shows
 * the failure and the metrics it shows in) and the failure runbook's sections, Mechanism to
 * Interview answer (src/lab/runbook.ts), whose section and near-miss readers it shares.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { z } from "zod";
import { InputError, NotFoundError } from "../errors.js";
import { parseFrontMatter } from "../front-matter.js";
import { RUNBOOK_SECTIONS, idItems, splitSections, type RunbookSection } from "../lab/runbook.js";
import { packagePath, PACKAGE_ROOT } from "../package-root.js";

export const ALIGN_RUNBOOK_DIR = packagePath("content", "align-runbook");

/** Every page, in the index's order. */
export const ALIGN_RUNBOOK_IDS = ["kl-explosion", "kl-collapse", "reward-hacking", "length-exploitation"] as const;
export type AlignRunbookId = (typeof ALIGN_RUNBOOK_IDS)[number];

const HINT = "see content/align-runbook/README.md";

const frontMatter = z.strictObject({
  id: z.enum(ALIGN_RUNBOOK_IDS),
  title: z.string().min(1),
  /** The interview question the page prepares for. */
  question: z.string().min(1),
  /** Pages that look like this one; the Near misses section says why each is not it. */
  nearMisses: z.array(z.enum(ALIGN_RUNBOOK_IDS)),
  /** The command that shows the failure and the logged metrics it shows in. */
  shownBy: z.strictObject({
    command: z.string().regex(/^dojo align \S/, 'a "dojo align ..." command'),
    metrics: z.array(z.string().regex(/^[a-z][a-z0-9_]*(\/[a-z0-9_]+)?$/, 'a metric name such as "kl/k1"')).min(1),
  }),
});

export interface AlignRunbookPage {
  id: AlignRunbookId;
  /** The page's path inside lmdojo's folder, e.g. "content/align-runbook/kl-collapse.md". */
  file: string;
  title: string;
  question: string;
  nearMisses: AlignRunbookId[];
  shownBy: { command: string; metrics: string[] };
  /** The Markdown of each section, without its heading. */
  sections: Record<RunbookSection, string>;
  /** The Near misses section's item about each near miss, by id. */
  nearMissNotes: Partial<Record<AlignRunbookId, string>>;
  /** The whole page's Markdown body. */
  markdown: string;
}

/** Where page `id` is. */
export function alignRunbookPath(id: AlignRunbookId): string {
  return join(ALIGN_RUNBOOK_DIR, `${id}.md`);
}

const cache = new Map<AlignRunbookId, AlignRunbookPage>();

/**
 * Every page, in the index's order, each read and checked once per process.
 *
 * @example readAlignRunbook().map((p) => p.id) // ["kl-explosion", "kl-collapse", "reward-hacking", "length-exploitation"]
 */
export function readAlignRunbook(): AlignRunbookPage[] {
  return ALIGN_RUNBOOK_IDS.map((id) => alignRunbookPage(id));
}

/**
 * Page `id`; an id that is not a page is a NotFoundError, a malformed page an InputError naming
 * its file and field.
 *
 * @example alignRunbookPage("kl-collapse").shownBy.command // "dojo align rl --rm RUN --kl-coef 1"
 */
export function alignRunbookPage(id: string): AlignRunbookPage {
  if (!(ALIGN_RUNBOOK_IDS as readonly string[]).includes(id)) throw new NotFoundError(`no align runbook page "${id}"`, `the pages are ${ALIGN_RUNBOOK_IDS.join(", ")}`);
  const known = id as AlignRunbookId;
  let page = cache.get(known);
  if (!page) cache.set(known, (page = readAlignRunbookPage(alignRunbookPath(known), known)));
  return page;
}

/** Reads and checks the page at `path` as page `id`'s. */
export function readAlignRunbookPage(path: string, id: AlignRunbookId): AlignRunbookPage {
  const file = relative(PACKAGE_ROOT, path);
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`${file}: cannot read the align runbook page (${(err as NodeJS.ErrnoException).code})`, `every page is content/align-runbook/<id>.md, for ${ALIGN_RUNBOOK_IDS.join(", ")}`);
  }
  const { data, body } = parseFrontMatter(source, file, frontMatter, HINT);
  if (data.id !== id) throw new InputError(`${file}: field id: "${data.id}" is not the page's id "${id}"`, "the id is the file's name without .md");
  if (data.nearMisses.includes(id)) throw new InputError(`${file}: field nearMisses: lists the page itself`, "near misses are the other pages");
  const sections = splitSections(body, file, RUNBOOK_SECTIONS);
  const nearMissNotes = idItems(sections["Near misses"], ALIGN_RUNBOOK_IDS);
  const missing = data.nearMisses.find((n) => nearMissNotes[n] === undefined);
  if (missing !== undefined) throw new InputError(`${file}: the Near misses section has no item "- \`${missing}\`: ..."`, "give one item per page listed in nearMisses");
  return { id, file, title: data.title, question: data.question, nearMisses: data.nearMisses, shownBy: data.shownBy, sections, nearMissNotes, markdown: body.trim() };
}

/**
 * The index as text: one line per page with its title and question.
 *
 * @example formatAlignRunbookIndex(readAlignRunbook()) // "kl-explosion  KL to the reference grows without bound\n  ..."
 */
export function formatAlignRunbookIndex(pages: readonly AlignRunbookPage[]): string {
  const width = Math.max(...pages.map((p) => p.id.length));
  const lines = pages.flatMap((p) => [`${p.id.padEnd(width)}  ${p.title}`, `${" ".repeat(width)}  Q: ${p.question}`]);
  return `${lines.join("\n")}\n`;
}

/**
 * A page as text: its title, question, the command and metrics that show it, then its Markdown.
 *
 * @example formatAlignRunbookPage(alignRunbookPage("kl-collapse")).split("\n")[0] // "# KL stays at zero and the policy does not move (kl-collapse)"
 */
export function formatAlignRunbookPage(page: AlignRunbookPage): string {
  return [
    `# ${page.title} (${page.id})`,
    "",
    `Interview question: ${page.question}`,
    `Shown by: ${page.shownBy.command}`,
    `Metrics: ${page.shownBy.metrics.join(", ")}`,
    `Page: ${page.file}`,
    "",
    page.markdown,
    "",
  ].join("\n");
}
