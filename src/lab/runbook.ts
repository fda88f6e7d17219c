/**
 * The failure runbook: content/runbook/<fault>.md for each fault and
 * content/incidents/healthy.md for a run without one. Each page has front matter (fault,
 * title, category, question, nearMisses, detectors) and the sections Mechanism, Symptom
 * signature, What to check first, Fix, Near misses and Interview answer; the Near misses
 * section is a list of "- `name`: why it is not that fault" items. A fault's `detectors`
 * name the detectors that fire on it in the failure lab's standard run (src/lab/fault-run.ts),
 * each with the most steps after the injection it takes: the failure-lab tests run every
 * fault and hold each page to that claim, and `dojo lab break --all` shows it run by run.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { z } from "zod";
import { InputError } from "../errors.js";
import { parseFrontMatter } from "../front-matter.js";
import { packagePath, PACKAGE_ROOT } from "../package-root.js";
import { DETECTORS, type DetectorName } from "../train/detectors.js";
import { FAULT_NAMES } from "../train/fault-names.js";
import { HEALTHY, INCIDENT_IDS, type IncidentId } from "./incidents/catalogue.js";

export const RUNBOOK_DIR = packagePath("content", "runbook");
export const INCIDENTS_CONTENT_DIR = packagePath("content", "incidents");

/** The sections every page has, in order. */
export const RUNBOOK_SECTIONS = ["Mechanism", "Symptom signature", "What to check first", "Fix", "Near misses", "Interview answer"] as const;
export type RunbookSection = (typeof RUNBOOK_SECTIONS)[number];

const frontMatter = z.strictObject({
  fault: z.enum(INCIDENT_IDS),
  title: z.string().min(1),
  category: z.string().min(1),
  question: z.string().min(1),
  /** Faults that look like this one; the healthy page lists the faults a healthy run is mistaken for. */
  nearMisses: z.array(z.enum(FAULT_NAMES)),
  /** Detectors that fire on the fault in the standard run → the most steps after the injection it takes; {} when none does. */
  detectors: z.partialRecord(z.enum(DETECTORS), z.number().int().positive()).default({}),
});

export interface RunbookPage {
  id: IncidentId;
  /** The page's path inside lmdojo's folder, e.g. "content/runbook/lr-x10.md". */
  file: string;
  title: string;
  category: string;
  question: string;
  nearMisses: IncidentId[];
  detectors: Partial<Record<DetectorName, number>>;
  /** The Markdown of each section, without its heading. */
  sections: Record<RunbookSection, string>;
  /** The Near misses section's item about each near miss, by fault. */
  nearMissNotes: Partial<Record<IncidentId, string>>;
  /** The whole page's Markdown body. */
  markdown: string;
}

/** Where incident `id`'s page is. */
export function runbookPath(id: IncidentId): string {
  return id === HEALTHY ? join(INCIDENTS_CONTENT_DIR, `${HEALTHY}.md`) : join(RUNBOOK_DIR, `${id}.md`);
}

const cache = new Map<IncidentId, RunbookPage>();

/**
 * Incident `id`'s runbook page, read and checked once per process. A page that is missing,
 * malformed, lacks a section, or whose Near misses section does not cover its nearMisses
 * is an InputError naming the file.
 *
 * @example runbookPage("lr-x10").nearMisses // ["lr-x100", "no-warmup", "optimizer-reset"]
 */
export function runbookPage(id: IncidentId): RunbookPage {
  let page = cache.get(id);
  if (!page) cache.set(id, (page = readRunbookPage(runbookPath(id), id)));
  return page;
}

/** Reads and checks the page at `path` as incident `id`'s. */
export function readRunbookPage(path: string, id: IncidentId): RunbookPage {
  const file = relative(PACKAGE_ROOT, path);
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(`${file}: cannot read the runbook page (${(err as NodeJS.ErrnoException).code})`, "every incident has a page: content/runbook/<fault>.md, content/incidents/healthy.md");
  }
  const hint = "see content/runbook/README.md";
  const { data, body } = parseFrontMatter(source, file, frontMatter, hint);
  if (data.fault !== id) throw new InputError(`${file}: field fault: "${data.fault}" is not the page's incident "${id}"`, hint);
  const sections = splitSections(body, file, RUNBOOK_SECTIONS);
  const nearMissNotes = nearMissItems(sections["Near misses"]);
  const missing = data.nearMisses.find((n) => nearMissNotes[n] === undefined);
  if (missing !== undefined) throw new InputError(`${file}: the Near misses section has no item "- \`${missing}\`: ..."`, "give one item per fault listed in nearMisses");
  return { id, file, title: data.title, category: data.category, question: data.question, nearMisses: data.nearMisses, detectors: data.detectors, sections, nearMissNotes, markdown: body.trim() };
}

/**
 * The page's "## " sections named in `required`, each required (other sections are ignored).
 *
 * @example splitSections("## Fix\nRoll back.", "a.md", ["Fix"]) // { Fix: "Roll back." }
 */
export function splitSections<S extends string>(body: string, file: string, required: readonly S[]): Record<S, string> {
  const found = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of body.split("\n")) {
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) found.set(heading[1], (current = []));
    else current?.push(line);
  }
  const missing = required.find((s) => !found.has(s));
  if (missing !== undefined) throw new InputError(`${file}: no "## ${missing}" section`, `a page has the sections ${required.join(", ")}`);
  return Object.fromEntries(required.map((s) => [s, found.get(s)!.join("\n").trim()])) as Record<S, string>;
}

/**
 * The items of a Near misses section by the fault they start with, each joined into one line
 * (an item's continuation lines are indented; an unindented line ends it).
 *
 * @example nearMissItems("- `lr-x100`: faster.\n  Much faster.") // { "lr-x100": "faster. Much faster." }
 */
export function nearMissItems(section: string): Partial<Record<IncidentId, string>> {
  return idItems(section, INCIDENT_IDS);
}

/**
 * The items of a list "- `id`: text" whose id is one of `ids`, by id, each joined into one line
 * (an item's continuation lines are indented; an unindented line ends it).
 *
 * @example idItems("- `kl-collapse`: flat.\n  Nothing moves.", ["kl-collapse"]) // { "kl-collapse": "flat. Nothing moves." }
 */
export function idItems<I extends string>(section: string, ids: readonly I[]): Partial<Record<I, string>> {
  const items: Partial<Record<I, string>> = {};
  let current: { id: I; lines: string[] } | null = null;
  const close = () => {
    if (current) items[current.id] = current.lines.join(" ").replace(/\s+/g, " ").trim();
  };
  for (const line of section.split("\n")) {
    const item = /^- `([a-z0-9-]+)`:\s*(.*)$/.exec(line);
    if (item && (ids as readonly string[]).includes(item[1])) {
      close();
      current = { id: item[1] as I, lines: [item[2]] };
    } else if (/^- /.test(line) || /^\S/.test(line)) {
      // Another item, or a paragraph after the list (an item's own lines are indented).
      close();
      current = null;
    } else if (current && line.trim() !== "") {
      current.lines.push(line.trim());
    }
  }
  close();
  return items;
}
