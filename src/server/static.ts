/**
 * The built front end (build/web, written by `npm install`'s prepare step): files by exact
 * name, and index.html for every other page path, so that /drill or /lab/runs/x can be
 * reloaded. A path that leaves the folder is refused.
 */
import { readFileSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import type { Context } from "hono";
import { packagePath } from "../package-root.js";

export const WEB_BUILD_DIR = packagePath("build", "web");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".json": "application/json",
};

const MISSING_BUILD = "<!doctype html><title>lmdojo</title><p>The web app is not built. Run <code>npm install</code> (or <code>npm run build</code>) in lmdojo's folder, then start it again.</p>";

/** Serves `c.req.path` from `dir`. */
export function serveWeb(c: Context, dir: string): Response {
  const root = resolve(dir);
  let path: string;
  try {
    path = decodeURIComponent(c.req.path);
  } catch {
    return c.json({ error: "malformed %-escape in the path", hint: "use a link from the app" }, 400);
  }
  const file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return c.json({ error: "path outside the web app", hint: "use a link from the app" }, 400);
  const isAsset = extname(path) !== "";
  const target = isAsset ? file : join(root, "index.html");
  try {
    if (!statSync(target).isFile()) throw new Error("not a file");
  } catch {
    if (isAsset) return c.json({ error: `no such file: ${path}` }, 404);
    return c.html(MISSING_BUILD, 503);
  }
  // Hashed asset names never change content; pages must be fetched fresh.
  const cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-store";
  return c.body(readFileSync(target), 200, { "Content-Type": TYPES[extname(target)] ?? "application/octet-stream", "Cache-Control": cache });
}
