/**
 * Text as documents: paragraphs separated by one or more blank
 * lines are the documents (for tinyshakespeare, one speech each), so the train/validation
 * split (split.ts) never cuts inside a paragraph. Joining the documents back with "\n\n"
 * gives the file again, up to the number of blank lines between paragraphs.
 */

/** A document of a text file: its 1-based first line, for messages, and its text. */
export interface TextDocument {
  line: number;
  text: string;
}

/** The separator between documents when they are joined into a token stream. */
export const DOCUMENT_SEPARATOR = "\n\n";

/**
 * Splits text into paragraph documents (blank-line separated, trailing spaces of the
 * separator lines ignored). Windows line endings become "\n".
 *
 * @example splitParagraphs("a\nb\n\n\nc\n") // [{ line: 1, text: "a\nb" }, { line: 5, text: "c" }]
 */
export function splitParagraphs(text: string): TextDocument[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const documents: TextDocument[] = [];
  let current: string[] = [];
  let firstLine = 0;
  lines.forEach((line, index) => {
    if (line.trim() === "") {
      if (current.length > 0) documents.push({ line: firstLine, text: current.join("\n") });
      current = [];
      return;
    }
    if (current.length === 0) firstLine = index + 1;
    current.push(line);
  });
  if (current.length > 0) documents.push({ line: firstLine, text: current.join("\n") });
  return documents;
}
