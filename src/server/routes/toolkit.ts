/**
 * /api/toolkit: eval and ablate over an uploaded JSON Lines file (the raw body, up to the
 * upload limit), through the same functions as `dojo eval` and `dojo ablate`, in a worker thread
 * so that a long bootstrap holds up no other request; the record formats;
 * and lmdojo's own example files.
 */
import { Hono, type Context } from "hono";
import { AblateQuery, AblateResponse, EvalQuery, EvalResponse, ExampleResponse, ExamplesResponse, FormatsResponse } from "../../api/toolkit.js";
import { ABLATION_FIELDS } from "../../ablation/index.js";
import { FileName } from "../../api/common.js";
import { listExamples, readExample } from "../../evaluate/examples.js";
import { EVAL_KINDS } from "../../evaluate/kinds.js";
import type { ServerContext } from "../context.js";
import { param, query, reply } from "../validate.js";

/** A report as JSON carries it: NaN and infinities become null (JSON has no such numbers), as in the CLI's --json. */
const asJson = (report: unknown): unknown => JSON.parse(JSON.stringify(report));

/** The uploaded file: the request body as UTF-8 text. */
const uploadText = (c: Context) => c.req.text();

export function toolkitRoutes(ctx: ServerContext): Hono {
  return new Hono()
    .get("/formats", (c) =>
      reply(c, FormatsResponse, {
        kinds: Object.values(EVAL_KINDS).map(({ name, summary, fields, caveat }) => ({ name, summary, fields, caveat })),
        ablationFields: ABLATION_FIELDS,
      }),
    )
    .get("/examples", (c) => reply(c, ExamplesResponse, { examples: listExamples() }))
    .get("/examples/:name", (c) => reply(c, ExampleResponse, readExample(param(c, "name", FileName))))
    .post("/eval", async (c) => {
      const q = query(c, EvalQuery);
      const report = await ctx.toolkit.evaluate({
        kind: q.kind,
        source: { name: q.name, text: await uploadText(c) },
        options: { rules: q.rules, ks: q.k ?? null, relevanceThreshold: q.relevanceThreshold },
        settings: { level: q.level, method: q.ci, nResamples: q.resamples, seed: q.seed },
        sliceField: q.slice ?? null,
      });
      return reply(c, EvalResponse, asJson(report) as EvalResponse);
    })
    .post("/ablate", async (c) => {
      const q = query(c, AblateQuery);
      const report = await ctx.toolkit.ablate([{ name: q.name, text: await uploadText(c) }], {
        baseline: q.baseline,
        factor: q.factor,
        lowerIsBetter: q.lowerIsBetter,
        higherIsBetter: q.higherIsBetter,
        level: q.level,
        nResamples: q.resamples,
        seed: q.seed,
      });
      return reply(c, AblateResponse, asJson({ ...report, level: q.level }) as AblateResponse);
    });
}
