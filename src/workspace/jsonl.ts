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
  return parseJsonl(readText(path), path, schema, hint);
}

/**
 * Parses JSON Lines text as readJsonl reads a file; `source` names the text in messages
 * ("qa.jsonl:3: field prediction: ..."), e.g. the name of an uploaded file.
 */
export function parseJsonl<T>(text: string, source: string, schema: z.ZodType<T>, hint: string): LineRecord<T>[] {
  const records: LineRecord<T>[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === "") continue;
    records.push({ line: i + 1, value: parseRecord(raw, `${source}:${i + 1}`, schema, hint) });
  }
  if (records.length === 0) throw new InputError(`${source}: no records (the file is empty)`, hint);
  return records;
}

/** The last line of an append-only log that a killed writer left unfinished. */
export interface TornLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset where the line starts: truncating the file there removes it. */
  offset: number;
  /** Why it does not read back (the JSON or validation error). */
  problem: string;
}

/**
 * Reads an append-only JSON Lines log (one record and its newline appended at a time, e.g. a
 * run's events.jsonl). Like readJsonl, except that an empty file has no records, and a last
 * line that has no newline and does not read back is not an error but is returned as `torn`:
 * a process killed during an append leaves such a partial line. A bad line anywhere else,
 * or a bad last line that did get its newline, is one InputError as in readJsonl.
 *
 * @example const { records, torn } = readJsonlLog("runs/x/events.jsonl", eventSchema, hint)
 */
export function readJsonlLog<T>(path: string, schema: z.ZodType<T>, hint: string): { records: LineRecord<T>[]; torn: TornLine | null } {
  const text = readText(path);
  const lastStart = text.lastIndexOf("\n") + 1; // where the unterminated tail begins (0: no newline at all)
  const lines = text.slice(0, lastStart).split("\n"); // ends with "" after the last newline
  const records: LineRecord<T>[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw !== "") records.push({ line: i + 1, value: parseRecord(raw, `${path}:${i + 1}`, schema, hint) });
  }
  const tail = text.slice(lastStart).trim();
  if (tail === "") return { records, torn: null };
  const line = lines.length;
  try {
    records.push({ line, value: parseRecord(tail, `${path}:${line}`, schema, hint) });
    return { records, torn: null };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { records, torn: { line, offset: Buffer.byteLength(text.slice(0, lastStart), "utf8"), problem: err.message } };
  }
}

/** One line's JSON object, validated; any problem is one InputError naming `where` (file:line). */
function parseRecord<T>(raw: string, where: string, schema: z.ZodType<T>, hint: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new InputError(`${where}: not valid JSON (${(err as Error).message})`, "each line must hold one JSON object");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InputError(`${where}: expected a JSON object, got ${describeJson(parsed)}`, hint);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(`${where}: field ${formatPath(issue.path)}: ${issue.message}`, hint);
  }
  return result.data;
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

/**
 * A whole JSON file checked against a schema: a file that cannot be read, is not JSON or has a
 * wrong field is one InputError naming the file (and the field), with `hint` (`fieldHint` for a
 * wrong field, when it differs).
 *
 * @example readJsonFile(join(runDir, "config.json"), runConfigSchema, "restore it or start a new run")
 */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S, hint: string, fieldHint = hint): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(readText(path));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: not valid JSON (${(err as Error).message})`, hint);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${path}: field ${formatPath(issue.path)}: ${issue.message}`, fieldHint);
  }
  return parsed.data;
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
