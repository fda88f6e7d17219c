/**
 * /api/align/runbook: the alignment lab's runbook, GET / (the index) and GET /:id (one page;
 * an id that is not a page is a 404).
 */
import { Hono } from "hono";
import { AlignRunbookId, AlignRunbookIndexResponse, AlignRunbookPageResponse } from "../../api/align-runbook.js";
import { alignRunbookPage, readAlignRunbook, type AlignRunbookPage } from "../../align/align-runbook.js";
import { param, reply } from "../validate.js";

const entry = (p: AlignRunbookPage) => ({ id: p.id, title: p.title, question: p.question, nearMisses: p.nearMisses, shownBy: p.shownBy });

export function alignRunbookRoutes(): Hono {
  return new Hono()
    .get("/", (c) => reply(c, AlignRunbookIndexResponse, { pages: readAlignRunbook().map(entry) }))
    .get("/:id", (c) => {
      const page = alignRunbookPage(param(c, "id", AlignRunbookId));
      return reply(c, AlignRunbookPageResponse, { ...entry(page), file: page.file, markdown: page.markdown });
    });
}
