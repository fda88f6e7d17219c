/**
 * The typed client over the contract in src/api: every response is checked against the same
 * zod schema the server checked it with, and a failed request throws ApiError with the
 * server's one-line message.
 */
import type { z } from "zod";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

async function send<S extends z.ZodType>(path: string, schema: S, init: RequestInit): Promise<z.infer<S>> {
  const response = await fetch(path, { credentials: "same-origin", ...init });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(`${path}: the server sent something other than JSON (HTTP ${response.status})`, response.status);
  }
  if (!response.ok) {
    const error = body as { error?: string; hint?: string } | null;
    throw new ApiError(error?.error ?? `HTTP ${response.status}`, response.status, error?.hint);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(`${path}: the response does not match the contract (${parsed.error.issues[0]?.message})`, response.status);
  return parsed.data;
}

/** GET `path` (with an optional query), checked against `schema`. */
export function getJson<S extends z.ZodType>(path: string, schema: S, query?: Record<string, string | number | undefined>): Promise<z.infer<S>> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== "") params.set(key, String(value));
  const qs = params.toString();
  return send(qs ? `${path}?${qs}` : path, schema, { method: "GET" });
}

/** POST a JSON body to `path`, response checked against `schema`. */
export function postJson<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  return send(path, schema, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** POST a raw body (a record file, a recording) to `path`, response checked against `schema`. */
export function postRaw<S extends z.ZodType>(path: string, body: Blob | string, contentType: string, schema: S): Promise<z.infer<S>> {
  return send(path, schema, { method: "POST", headers: { "content-type": contentType }, body });
}
