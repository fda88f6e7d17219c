/**
 * What every part of the web contract shares: the error body, and the ids and file names a
 * request may carry. Ids are checked here, once, so that no route can be handed a path.
 */
import { z } from "zod";

/** Every failed request answers with this body (never a stack trace). */
export const ErrorBody = z.object({ error: z.string(), hint: z.string().optional() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A name that stays inside its folder: no separators, no `..`, no leading dot. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const safeName = (what: string) =>
  z
    .string()
    .max(200)
    .regex(SAFE_NAME, `${what}: letters, digits, '.', '_' and '-' only, not starting with '.'`)
    .refine((s) => !s.includes(".."), `${what}: '..' is not allowed`);

/** A lab run's folder name under runs/. */
export const RunId = safeName("run id");
/** A card's id, as in its front matter: "<area>/<slug>". */
export const CardId = z
  .string()
  .max(200)
  .regex(/^[a-z0-9-]+\/[A-Za-z0-9_-]+$/, "card id: <area>/<slug>, letters, digits, '_' and '-'");
/** A file name inside a workspace folder (a note, a recording). */
export const FileName = safeName("file name");

/** An ISO 8601 timestamp as JSON carries dates. */
export const IsoDate = z.string().datetime({ offset: true });
