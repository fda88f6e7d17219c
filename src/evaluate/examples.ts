/**
 * lmdojo's own example record files (examples/), which the web app offers as "try an
 * example": `<kind>.jsonl` for each eval kind, and `ablation.jsonl` for ablate.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NotFoundError } from "../errors.js";
import { EVAL_KINDS } from "./kinds.js";

/** The folder of the example files shipped with lmdojo. */
export const EXAMPLES_DIR = fileURLToPath(new URL("../../examples/", import.meta.url));

/** The example file of ablate. */
export const ABLATION_EXAMPLE = "ablation.jsonl";

export interface ExampleFile {
  name: string;
  tool: "eval" | "ablate";
  /** The eval kind the file holds (null for ablate). */
  kind: string | null;
}

/** The example files in `dir` that a tool reads, sorted by name. */
export function listExamples(dir: string = EXAMPLES_DIR): ExampleFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .sort()
    .flatMap((name): ExampleFile[] => {
      const kind = basename(name, ".jsonl");
      if (name === ABLATION_EXAMPLE) return [{ name, tool: "ablate", kind: null }];
      return Object.hasOwn(EVAL_KINDS, kind) ? [{ name, tool: "eval", kind }] : [];
    });
}

/**
 * The text of the example called `name`. Only a listed name is read, so no other file
 * can be reached through it.
 */
export function readExample(name: string, dir: string = EXAMPLES_DIR): { name: string; text: string } {
  if (!listExamples(dir).some((example) => example.name === name)) {
    throw new NotFoundError(`no example "${name}"`, "GET /api/toolkit/examples lists them");
  }
  return { name, text: readFileSync(join(dir, name), "utf8") };
}
