/** GET /api/progress: the progress page's facts. */
import { Hono } from "hono";
import { ProgressResponse } from "../../api/progress.js";
import { progressPage } from "../../drill/progress-page.js";
import type { ServerContext } from "../context.js";
import { reply } from "../validate.js";

export function progressRoutes(ctx: ServerContext): Hono {
  return new Hono().get("/", (c) => reply(c, ProgressResponse, progressPage({ cards: ctx.bank().cards, db: ctx.db(), now: ctx.now() })));
}
