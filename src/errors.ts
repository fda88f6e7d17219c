/**
 * An error the user can cause with their input (a bad file, flag or value).
 * Surfaces print it as one line, `message` then `hint`, with no stack trace, and exit 2.
 *
 * Core modules throw it for values a user can choose or supply (a level, a seed, a record's
 * data); the CLI adds the file and line it read. A broken invariant that only a bug can cause
 * (mismatched shapes or lengths inside the engine, a NaN reaching a distribution function)
 * is a plain Error instead, so that it keeps its stack trace.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

/** A value as an error message shows it: numbers as JavaScript prints them (NaN, Infinity), the rest as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** A field's path in a validation error (zod's issue.path): `["references", 1]` → `references[1]`; an empty path means the record itself. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(record)";
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

/**
 * An InputError about something that does not exist (an unknown card, run or file): the CLI
 * prints it like any InputError, the web server answers 404.
 */
export class NotFoundError extends InputError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = "NotFoundError";
  }
}
