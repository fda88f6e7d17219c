/**
 * The web server under test, driven through `app.request` (no socket): every request
 * carries the loopback Host, the token and, when it changes state, a same-origin Origin,
 * unless a test takes one away to see it refused.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/server/app.js";
import { createContext, type ServerContext } from "../../src/server/context.js";

export const TEST_PORT = 4781;
export const TEST_TOKEN = "test-token-0123456789abcdef";
export const ORIGIN = `http://127.0.0.1:${TEST_PORT}`;

export interface TestServer {
  ctx: ServerContext;
  home: string;
  /** A request as lmdojo's own page sends it; `headers` overrides (undefined removes one). */
  request: (path: string, init?: { method?: string; body?: string | Uint8Array | Blob; json?: unknown; headers?: Record<string, string | undefined> }) => Promise<Response>;
  /** GET `path` and its JSON body, expecting 200. */
  getJson: <T = unknown>(path: string) => Promise<T>;
  /** POST `body` as JSON to `path`; the response and its parsed body. */
  postJson: <T = unknown>(path: string, body: unknown) => Promise<{ status: number; body: T }>;
}

/** A server over a fresh workspace (or `home`), with a fixed clock when `now` is given. */
export function testServer(options: { home?: string; now?: () => Date; webDir?: string } = {}): TestServer {
  const home = options.home ?? mkdtempSync(join(tmpdir(), "lmdojo-web-"));
  const ctx = createContext({ home, now: options.now });
  const app = createApp({ context: ctx, port: TEST_PORT, token: TEST_TOKEN, webDir: options.webDir });
  const request: TestServer["request"] = async (path, init = {}) => {
    const method = init.method ?? (init.body !== undefined || init.json !== undefined ? "POST" : "GET");
    const headers: Record<string, string | undefined> = {
      host: `127.0.0.1:${TEST_PORT}`,
      "x-dojo-token": TEST_TOKEN,
      ...(method === "GET" || method === "HEAD" ? {} : { origin: ORIGIN }),
      ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    };
    const defined = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    // A browser's fetch declares every body's length; the server refuses bodies that do not.
    if (body !== undefined && !("content-length" in (init.headers ?? {}))) {
      defined["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body instanceof Blob ? body.size : body.byteLength);
    }
    return app.request(`http://127.0.0.1:${TEST_PORT}${path}`, { method, headers: defined, body });
  };
  return {
    ctx,
    home,
    request,
    getJson: async <T>(path: string) => {
      const response = await request(path);
      if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    postJson: async <T>(path: string, json: unknown) => {
      const response = await request(path, { json });
      return { status: response.status, body: (await response.json()) as T };
    },
  };
}
