/**
 * The failure runbook shipped with lmdojo: one page per fault in content/runbook/<fault>.md,
 * front matter then Markdown sections (Mechanism, Symptom signature, What to check first, Fix,
 * Near misses, Interview answer). The front matter also states which detectors fire on the
 * fault in the lab's standard run, and within how many steps of the injection: the
 * failure-lab tests run every fault and hold each page to that claim.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseFrontMatter } from "../front-matter.js";
import { packagePath } from "../package-root.js";
import { DETECTORS } from "../train/detectors.js";
import { FAULT_NAMES, type FaultName } from "../train/fault-names.js";

export const RUNBOOK_DIR = packagePath("content", "runbook");

const SECTIONS = ["Mechanism", "Symptom signature", "What to check first", "Fix", "Near misses", "Interview answer"] as const;

const frontMatterSchema = z.strictObject({
  fault: z.enum(FAULT_NAMES),
  title: z.string().min(1),
  category: z.enum(["optimizer", "data", "numerics", "evaluation", "checkpointing"]),
  question: z.string().min(1),
  nearMisses: z.array(z.enum(FAULT_NAMES)).min(1),
  /**
   * The detectors that fire on the fault in the lab's standard run (src/lab/fault-run.ts), each
   * with the most steps after the injection it takes; {} when none catches it.
   */
  detectors: z.partialRecord(z.enum(DETECTORS), z.number().int().positive()),
});

export interface RunbookPage extends z.infer<typeof frontMatterSchema> {
  /** The page's sections by heading, Markdown without the heading line. */
  sections: Record<(typeof SECTIONS)[number], string>;
  path: string;
}

/**
 * The runbook page of a fault, validated: the fault field matches the file name, every section
 * is present in order, and a page naming a detector says within how many steps it fires.
 *
 * @example readRunbookPage("lr-x10").detectors // { "update-ratio": 5, "attention-logit-growth": 20 }
 */
export function readRunbookPage(fault: FaultName): RunbookPage {
  const path = packagePath("content", "runbook", `${fault}.md`);
  const hint = "see content/runbook/README.md for the page format";
  const { data, body } = parseFrontMatter(readFileSync(path, "utf8"), path, frontMatterSchema, hint);
  if (data.fault !== fault) throw new Error(`${path}: field fault: "${data.fault}" differs from the file name`);
  const parts = body.split(/^## /m).slice(1);
  const headings = parts.map((part) => part.slice(0, part.indexOf("\n")).trim());
  if (headings.join("|") !== SECTIONS.join("|")) throw new Error(`${path}: sections are [${headings.join(", ")}], expected [${SECTIONS.join(", ")}]`);
  const sections = Object.fromEntries(parts.map((part, i) => [SECTIONS[i], part.slice(part.indexOf("\n") + 1).trim()])) as RunbookPage["sections"];
  return { ...data, sections, path };
}
