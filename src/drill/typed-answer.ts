/**
 * When a typed answer is finished. Enter alone on the first line means "I answered aloud";
 * otherwise every line is kept, blank lines and pasted paragraphs included, until a line
 * holding only "." (so a pasted answer is never cut at its first blank line).
 */

/** The line that ends a typed answer. */
export const ANSWER_END = ".";

/**
 * The answer once `lines` (as typed so far, without line breaks) complete it, else null:
 * `[""]` → "" (aloud); `["a", "", "b", "."]` → "a\n\nb"; `["a", ""]` → null (not finished).
 * The end line is not part of the answer; trailing blank lines and carriage returns are dropped.
 */
export function finishedAnswer(lines: readonly string[]): string | null {
  if (lines.length === 1 && lines[0].trim() === "") return "";
  if (lines.length === 0 || lines[lines.length - 1].trim() !== ANSWER_END) return null;
  return lines
    .slice(0, -1)
    .map((line) => line.replace(/\r$/, ""))
    .join("\n")
    .trimEnd();
}
