/**
 * The local server's guards, in the order a request meets them:
 * 1. Host must be the loopback address and port the server listens on (DNS rebinding:
 *    a page on evil.example resolved to 127.0.0.1 still sends `Host: evil.example`).
 * 2. The launch token: `?token=` on the URL printed at start is swapped for an HttpOnly,
 *    SameSite=Strict cookie; every later request must carry that cookie (or the
 *    `x-dojo-token` header); otherwise 401.
 * 3. A request that changes state (not GET/HEAD) must come from the same origin
 *    (`Origin: http://<its Host>`); a cross-site form or fetch gets 403.
 * 4. Every response gets a Content-Security-Policy with no inline script and no remote
 *    origin, and no CORS headers are ever sent.
 */
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";

/** `script-src 'self'` forbids inline script; KaTeX's inline styles need style-src 'unsafe-inline'. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The Host header values a server on `port` answers to. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** Cookies are not per port, so two servers on one machine each get their own name. */
export const tokenCookieName = (port: number) => `dojo_token_${port}`;

const sameToken = (given: string | undefined, token: string) =>
  given !== undefined && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));

const deny = (status: 401 | 403, error: string, hint: string) =>
  new Response(JSON.stringify({ error, hint }), { status, headers: { "content-type": "application/json; charset=utf-8" } });

/** Security headers on every response, the errors included. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Referrer-Policy", "no-referrer");
    c.res.headers.set("X-Frame-Options", "DENY");
    c.res.headers.set("Cache-Control", c.res.headers.get("Cache-Control") ?? "no-store");
  };
}

/** Guards 1-3 above. */
export function accessGuard(options: { port: number; token: string; remote?: boolean }): MiddlewareHandler {
  const hosts = allowedHosts(options.port);
  const cookie = tokenCookieName(options.port);
  return async (c, next) => {
    const host = c.req.header("host") ?? "";
    // Served to other machines (--allow-remote), any name of this one at the port will do: only the token guards it then.
    const served = options.remote ? host.endsWith(`:${options.port}`) : hosts.has(host);
    if (!served) return deny(403, `host "${host}" is not served here`, `open http://127.0.0.1:${options.port}/`);

    const url = new URL(c.req.url);
    const fromUrl = url.searchParams.get("token") ?? undefined;
    if (c.req.method === "GET" && sameToken(fromUrl, options.token)) {
      // Keep the token out of the address bar and history: set the cookie, reload without it.
      setCookie(c, cookie, options.token, { httpOnly: true, sameSite: "Strict", path: "/" });
      url.searchParams.delete("token");
      return c.redirect(`${url.pathname}${url.search}`, 302);
    }
    if (!sameToken(getCookie(c, cookie) ?? c.req.header("x-dojo-token"), options.token)) {
      return deny(401, "missing or wrong access token", "open the URL that `dojo serve` printed (it carries the token)");
    }

    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      // Same origin exactly: the scheme and the host and port this request was sent to.
      if (c.req.header("origin") !== `http://${host}`) {
        return deny(403, "cross-origin request refused", "change state only from lmdojo's own pages");
      }
    }
    await next();
  };
}
