/**
 * When a typed answer is finished. Enter alone on the first line means "I answered aloud";
 * otherwise every line is kept, blank lines and pasted paragraphs included, until a line
 * holding only "." (so a pasted answer is never cut at its first blank line). A paste that
 * starts with a blank line is told from Enter alone by what follows it: more input pending
 * right behind the blank line (the rest of the paste) means a paste, none means "aloud".
 */

/** The line that ends a typed answer. */
export const ANSWER_END = ".";

/**
 * How long to wait after a blank first line for the rest of a paste, in ms: a paste arrives
 * in one burst, while a person's next key after Enter takes far longer.
 */
export const PASTE_WAIT_MS = 50;

/** Only blank lines so far: "aloud" or the start of a paste, told apart by whether more input is pending. */
export function isBlankSoFar(lines: readonly string[]): boolean {
  return lines.length > 0 && lines.every((line) => line.trim() === "");
}

/**
 * The answer as typed so far: carriage returns of pasted Windows text, leading blank lines
 * (a paste that began with one) and trailing blank lines dropped.
 */
export function answerText(lines: readonly string[]): string {
  const text = lines.map((line) => line.replace(/\r$/, ""));
  const first = text.findIndex((line) => line.trim() !== "");
  return first < 0 ? "" : text.slice(first).join("\n").trimEnd();
}

/**
 * The answer once `lines` (as typed so far, without line breaks) complete it, else null.
 * `morePending`: whether more input came right behind the last line (the rest of a paste);
 * it only matters while every line is blank.
 * `[""]`, nothing pending → "" (aloud); `[""]` with more pending → null (a paste goes on);
 * `["", "a", "."]` → "a"; `["a", "", "b", "."]` → "a\n\nb"; `["a", ""]` → null (not finished).
 * The end line is not part of the answer.
 */
export function finishedAnswer(lines: readonly string[], morePending: boolean): string | null {
  if (isBlankSoFar(lines)) return morePending ? null : "";
  if (lines.length === 0 || lines[lines.length - 1].trim() !== ANSWER_END) return null;
  return answerText(lines.slice(0, -1));
}
