import { describe, expect, it } from "vitest";
import { answerText, finishedAnswer } from "../src/drill/typed-answer.js";

/**
 * Feeds lines one at a time, as the terminal does; returns the answer and how many lines it
 * took. Typed by hand, nothing is pending behind a line; pasted, the lines after it are.
 */
function type(lines: readonly string[], how: "typed" | "pasted" = "typed"): { answer: string | null; linesRead: number } {
  for (let n = 1; n <= lines.length; n++) {
    const answer = finishedAnswer(lines.slice(0, n), how === "pasted" && n < lines.length);
    if (answer !== null) return { answer, linesRead: n };
  }
  return { answer: null, linesRead: lines.length };
}

describe("a typed answer", () => {
  it("is one Enter when answered aloud", () => {
    expect(type([""])).toEqual({ answer: "", linesRead: 1 });
  });

  it("keeps every line of a pasted answer, blank lines included, up to the line holding only '.'", () => {
    const pasted = ["Causal LM: p(x_t | x_<t).", "", "Masked LM: p(masked | visible).", "", "", "Seq2seq: p(y | x).", ".", "after the end"];
    // 7 lines read: the sixth is the last of the answer, the seventh is the end line.
    expect(type(pasted, "pasted")).toEqual({ answer: "Causal LM: p(x_t | x_<t).\n\nMasked LM: p(masked | visible).\n\n\nSeq2seq: p(y | x).", linesRead: 7 });
  });

  it("keeps a paste that starts with blank lines whole, without them; Enter alone with nothing behind it is still 'aloud'", () => {
    const pasted = ["", "", "Warmup avoids early Adam steps with noisy second moments.", "", "It also helps post-LN.", ".", "next prompt"];
    // 6 lines read: two leading blanks (dropped), three answer lines, the end line.
    expect(type(pasted, "pasted")).toEqual({ answer: "Warmup avoids early Adam steps with noisy second moments.\n\nIt also helps post-LN.", linesRead: 6 });
    // The same lines typed by hand: the first Enter, with nothing behind it, is "aloud".
    expect(type(pasted, "typed")).toEqual({ answer: "", linesRead: 1 });
    expect(finishedAnswer([""], true)).toBeNull();
    expect(finishedAnswer(["", " "], false)).toBe("");
    // Once a line has text, pending input changes nothing: only the end line finishes.
    expect(finishedAnswer(["", "text"], false)).toBeNull();
    expect(finishedAnswer(["", "text", "."], true)).toBe("text");
  });

  it("is not finished by blank lines, by a '.' inside a line, or by a first line with text", () => {
    expect(finishedAnswer(["first paragraph", ""], false)).toBeNull();
    expect(finishedAnswer(["first paragraph", "", ""], false)).toBeNull();
    expect(finishedAnswer(["ends with a dot."], false)).toBeNull();
    expect(finishedAnswer(["e.g. this", ". not alone"], false)).toBeNull();
  });

  it("drops carriage returns of pasted Windows text, trailing blank lines, and spaces around the end mark", () => {
    expect(finishedAnswer(["one\r", "two\r", "", "  .  "], false)).toBe("one\ntwo");
    // What Ctrl-D keeps: the same text, leading blank lines dropped too, indentation kept.
    expect(answerText(["", "\r", "  indented\r", "two", ""])).toBe("  indented\ntwo");
    expect(answerText(["", ""])).toBe("");
  });
});
