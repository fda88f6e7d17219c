/** GET /api/calc: the calculators and their inputs; POST /api/calc/:name: one report and its command line. */
import { Hono } from "hono";
import { CalcListResponse, CalcName, CalcRequest, CalcResponse } from "../../api/calc.js";
import { calcAnswer, calcListing } from "../../calc/answer.js";
import { dojoCommand } from "../../home/command.js";
import type { ServerContext } from "../context.js";
import { jsonBody, param, reply } from "../validate.js";

export function calcRoutes(_ctx: ServerContext): Hono {
  return new Hono()
    .get("/", (c) => reply(c, CalcListResponse, { calculators: calcListing() }))
    .post("/:name", async (c) => {
      const name = param(c, "name", CalcName);
      const { values } = await jsonBody(c, CalcRequest);
      return reply(c, CalcResponse, calcAnswer(name, values, dojoCommand()));
    });
}
