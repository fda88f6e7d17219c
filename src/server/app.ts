/**
 * The web app's server: a hono app made from its options, so that tests drive it with
 * `app.request` and `dojo serve` puts it on a socket. Guards first (src/server/security.ts),
 * then the JSON routes under /api, one file per area, then the built pages.
 */
import { Hono } from "hono";
import { InputError, NotFoundError } from "../errors.js";
import { storeError } from "../store/open.js";
import { bodyLimit } from "./body-limit.js";
import type { ServerContext } from "./context.js";
import { drillRoutes } from "./routes/drill.js";
import { cardsRoutes } from "./routes/cards.js";
import { calcRoutes } from "./routes/calc.js";
import { katasRoutes } from "./routes/katas.js";
import { incidentsRoutes } from "./routes/incidents.js";
import { homeRoutes } from "./routes/home.js";
import { toolkitRoutes } from "./routes/toolkit.js";
import { labRoutes } from "./routes/lab.js";
import { alignRoutes } from "./routes/align.js";
import { alignRunbookRoutes } from "./routes/align-runbook.js";
import { alignDrillsRoutes } from "./routes/align-drills.js";
import { mockRoutes } from "./routes/mock.js";
import { progressRoutes } from "./routes/progress.js";
import { accessGuard, securityHeaders } from "./security.js";
import { serveWeb, WEB_BUILD_DIR } from "./static.js";

export interface AppOptions {
  context: ServerContext;
  /** The port the server listens on: the only one its Host check accepts. */
  port: number;
  /** The launch's access token. */
  token: string;
  /** Served beyond loopback (--allow-remote): any Host at the port is accepted, the token still required. */
  remote?: boolean;
  /** The built front end; build/web by default. */
  webDir?: string;
}

/** JSON bodies are small; record files (eval, ablate) and recordings are uploaded raw up to this. */
export const JSON_BODY_LIMIT = 1024 * 1024;
export const UPLOAD_LIMIT = 50 * 1024 * 1024;

/** Routes that take a raw upload rather than a JSON body. */
const isUpload = (path: string) => /^\/api\/(toolkit\/(eval|ablate)|drill\/recordings)\b/.test(path);

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.use("*", securityHeaders());
  app.use("*", accessGuard(options));
  app.use("/api/*", bodyLimit((path) => (isUpload(path) ? UPLOAD_LIMIT : JSON_BODY_LIMIT)));

  const ctx = options.context;
  app.route("/api/home", homeRoutes(ctx));
  app.route("/api/drill", drillRoutes(ctx));
  app.route("/api/toolkit", toolkitRoutes(ctx));
  app.route("/api/cards", cardsRoutes(ctx));
  app.route("/api/lab", labRoutes(ctx));
  app.route("/api/align/runbook", alignRunbookRoutes());
  app.route("/api/align/drills", alignDrillsRoutes(ctx));
  app.route("/api/align", alignRoutes(ctx));
  app.route("/api/progress", progressRoutes(ctx));
  app.route("/api/mock", mockRoutes(ctx));
  app.route("/api/calc", calcRoutes(ctx));
  app.route("/api/katas", katasRoutes(ctx));
  app.route("/api/incidents", incidentsRoutes(ctx));
  app.all("/api/*", (c) => c.json({ error: `no such API route: ${c.req.method} ${c.req.path}` }, 404));
  app.get("*", (c) => serveWeb(c, options.webDir ?? WEB_BUILD_DIR));

  app.onError((err, c) => {
    const error = storeError("dojo.db", err);
    if (error instanceof NotFoundError) return c.json({ error: error.message, hint: error.hint }, 404);
    if (error instanceof InputError) return c.json({ error: error.message, hint: error.hint }, 400);
    // A bug: its stack goes to the server's terminal, never to the page.
    console.error(err);
    return c.json({ error: "internal error; the server's terminal has the details" }, 500);
  });
  return app;
}
