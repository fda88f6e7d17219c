/**
 * The alignment lab's runbook: the index of its pages (GET /api/align/runbook) and one page
 * (GET /api/align/runbook/:id), as content/align-runbook/ holds them.
 */
import { z } from "zod";

/** A page's id: lower-case words joined by '-' (the server checks it against its pages). */
export const AlignRunbookId = z.string().max(40).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a runbook page id such as kl-collapse");

/** The command that shows the failure in the lab and the metrics it shows in. */
export const AlignRunbookShownBy = z.object({ command: z.string(), metrics: z.array(z.string()) });

/** A page as the index lists it. */
export const AlignRunbookEntry = z.object({
  id: AlignRunbookId,
  title: z.string(),
  /** The interview question the page prepares for. */
  question: z.string(),
  nearMisses: z.array(AlignRunbookId),
  shownBy: AlignRunbookShownBy,
});
export type AlignRunbookEntry = z.infer<typeof AlignRunbookEntry>;

/** GET /api/align/runbook */
export const AlignRunbookIndexResponse = z.object({ pages: z.array(AlignRunbookEntry) });
export type AlignRunbookIndexResponse = z.infer<typeof AlignRunbookIndexResponse>;

/** GET /api/align/runbook/:id */
export const AlignRunbookPageResponse = AlignRunbookEntry.extend({
  /** The page's path inside lmdojo's folder. */
  file: z.string(),
  /** The page's Markdown body, every section with its heading. */
  markdown: z.string(),
});
export type AlignRunbookPageResponse = z.infer<typeof AlignRunbookPageResponse>;
