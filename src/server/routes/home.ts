/** GET /api/home: the home page's facts. */
import { Hono } from "hono";
import { HomeResponse } from "../../api/home.js";
import { homePage } from "../../home/page.js";
import type { ServerContext } from "../context.js";
import { reply } from "../validate.js";

export function homeRoutes(ctx: ServerContext): Hono {
  return new Hono().get("/", (c) => {
    const { cards, problems } = ctx.bank();
    return reply(c, HomeResponse, homePage({ cards, bankProblems: problems.length, db: ctx.db(), home: ctx.home, now: ctx.now() }));
  });
}
