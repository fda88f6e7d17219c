/**
 * A user's text file as the lab's documents: its paragraphs (src/data/paragraphs.ts),
 * with one clear error for a file that cannot be trained on.
 */
import { createHash } from "node:crypto";
import { splitParagraphs, type TextDocument } from "../data/paragraphs.js";
import { InputError } from "../errors.js";
import { readText } from "../workspace/jsonl.js";
import { plural } from "../report/plural.js";

/**
 * Reads a UTF-8 text file as paragraph documents, with the sha256 of its text (a run
 * records it, so that a resumed run or an evaluation notices a changed file). One clear
 * error for a missing file, a binary file (NUL bytes or invalid UTF-8) or a file with too
 * little text to split.
 *
 * @example readTextDocuments("../shared/data/tinyshakespeare.txt").documents.length // 7,222 speeches
 */
export function readTextDocuments(path: string, minDocuments = 2): { documents: TextDocument[]; sha256: string } {
  const text = readText(path);
  const bad = [text.indexOf("\0"), text.indexOf("\uFFFD")].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), Infinity);
  if (bad !== Infinity) {
    const line = text.slice(0, bad).split("\n").length;
    throw new InputError(`${path}:${line}: not a UTF-8 text file (a NUL byte or invalid UTF-8)`, "pass a plain text file, e.g. ../shared/data/tinyshakespeare.txt");
  }
  const documents = splitParagraphs(text);
  if (documents.length < minDocuments) {
    throw new InputError(
      `${path}: found ${plural(documents.length, "paragraph")}, need at least ${minDocuments}`,
      "documents are paragraphs separated by blank lines; train and validation each need some",
    );
  }
  return { documents, sha256: createHash("sha256").update(text).digest("hex") };
}
