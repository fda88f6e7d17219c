/**
 * Request validation against the contract in src/api: a body or query that does not match
 * its schema is a 400 naming the field, before any app code runs.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { formatPath, InputError } from "../errors.js";

/** The first schema problem as one line: "rating: expected one of 1, 2, 3, 4". */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** `value` checked against `schema`; a mismatch is an InputError (400). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError(`${what}: ${firstIssue(result.error)}`, "check this value and send it again");
  return result.data;
}

/** The JSON body of `c`, checked against `schema`. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new InputError("request body: not valid JSON", "send a JSON object");
  }
  return parseWith(schema, body, "request body");
}

/** The query string of `c` as an object, checked against `schema`. */
export function query<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.query(), "query");
}

/** A path parameter checked against `schema` (ids and file names: no `..`, no separators). */
export function param<S extends z.ZodType>(c: Context, name: string, schema: S): z.infer<S> {
  return parseWith(schema, c.req.param(name), name);
}

/** A JSON response whose body is checked against its schema first: the server keeps its half of the contract. */
export function reply<S extends z.ZodType>(c: Context, schema: S, body: z.infer<S>, status: 200 | 201 = 200) {
  return c.json(schema.parse(body) as object, status);
}
