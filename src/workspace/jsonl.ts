import { readFileSync } from "node:fs";
import type { z } from "zod";
import { formatPath, InputError } from "../errors.js";

/** One parsed record and the 1-based line it came from, so later checks can name it. */
export interface LineRecord<T> {
  line: number;
  value: T;
}

/**
 * Reads a JSON Lines file: one JSON object per line, blank lines skipped.
 * Every record is validated with `schema`; the first problem is thrown as one
 * InputError naming `file:line`, the field and a hint. Nothing is returned partially.
 *
 * @example readJsonl("qa.jsonl", qaRecord, "fields: prediction, references")
 */
export function readJsonl<T>(path: string, schema: z.ZodType<T>, hint: string): LineRecord<T>[] {
  const text = readText(path);
  const records: LineRecord<T>[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === "") continue;
    const line = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (err) {
      throw new InputError(`${path}:${line}: not valid JSON (${(err as Error).message})`, "each line must hold one JSON object");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new InputError(`${path}:${line}: expected a JSON object, got ${describeJson(parsed)}`, hint);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new InputError(`${path}:${line}: field ${formatPath(issue.path)}: ${issue.message}`, hint);
    }
    records.push({ line, value: result.data });
  }
  if (records.length === 0) throw new InputError(`${path}: no records (the file is empty)`, hint);
  return records;
}

/** Reads a whole UTF-8 file ("-": standard input), turning "not found" and friends into one clear line. */
export function readText(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "read error";
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code;
    throw new InputError(`${path}: cannot read (${reason})`, "check the path");
  }
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
