/**
 * Request body limits, decided from Content-Length before a byte of the body is read. Node's
 * HTTP parser holds a request to the length it declares, so the check is exact. A body
 * without a declared length (chunked) is refused with 411: browsers declare the length of
 * every fetch body, and the alternative, buffering a chunked body up to the limit and
 * wrapping it in a new Request, kept memory alive after every such request.
 */
import type { MiddlewareHandler } from "hono";

/** Refuses bodies over `limitFor(path)` bytes (413) and bodies of unknown length (411). */
export function bodyLimit(limitFor: (path: string) => number): MiddlewareHandler {
  return async (c, next) => {
    if (!c.req.raw.body) return next();
    const declared = c.req.header("content-length");
    if (declared === undefined || !/^\d+$/.test(declared)) {
      return c.json({ error: "request body without a Content-Length", hint: "send the body with its length (fetch does)" }, 411);
    }
    const limit = limitFor(c.req.path);
    if (Number(declared) > limit) return c.json({ error: `request body over ${limit / 1024 / 1024} MB`, hint: "send a smaller file" }, 413);
    return next();
  };
}
