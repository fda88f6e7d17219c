/**
 * Markdown files with YAML front matter (question cards, katas): `---`, the fields, `---`,
 * then the Markdown body. The fields are validated against a zod schema, and the first
 * problem becomes one InputError naming the file and the field or YAML line.
 */
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { formatPath, InputError } from "./errors.js";

/**
 * The validated front matter of `source` and its Markdown body.
 *
 * @example parseFrontMatter("---\ntitle: x\n---\nBody", "a.md", schema, "see content/README.md") // { data: { title: "x" }, body: "Body" }
 */
export function parseFrontMatter<S extends z.ZodType>(source: string, file: string, schema: S, formatHint: string): { data: z.infer<S>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(source);
  if (!match) throw new InputError(`${file}: no YAML front matter`, "start the file with a line '---', the fields, and '---'");
  let data: unknown;
  try {
    data = parseYaml(match[1]);
  } catch (err) {
    const line = err instanceof YAMLParseError && err.linePos ? `:${err.linePos[0].line + 1}` : "";
    throw new InputError(`${file}${line}: front matter is not valid YAML (${(err as Error).message.split("\n")[0]})`, "check quoting and indentation");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${file}: field ${formatPath(issue.path)}: ${issue.message}`, formatHint);
  }
  return { data: parsed.data, body: match[2] };
}
