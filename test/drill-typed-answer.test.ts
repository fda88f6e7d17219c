import { describe, expect, it } from "vitest";
import { finishedAnswer } from "../src/drill/typed-answer.js";

/** Feeds lines one at a time, as the terminal does; returns the answer and how many lines it took. */
function type(lines: readonly string[]): { answer: string | null; linesRead: number } {
  for (let n = 1; n <= lines.length; n++) {
    const answer = finishedAnswer(lines.slice(0, n));
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
    expect(type(pasted)).toEqual({ answer: "Causal LM: p(x_t | x_<t).\n\nMasked LM: p(masked | visible).\n\n\nSeq2seq: p(y | x).", linesRead: 7 });
  });

  it("is not finished by blank lines, by a '.' inside a line, or by a first line with text", () => {
    expect(finishedAnswer(["first paragraph", ""])).toBeNull();
    expect(finishedAnswer(["first paragraph", "", ""])).toBeNull();
    expect(finishedAnswer(["ends with a dot."])).toBeNull();
    expect(finishedAnswer(["e.g. this", ". not alone"])).toBeNull();
  });

  it("drops carriage returns of pasted Windows text, trailing blank lines, and spaces around the end mark", () => {
    expect(finishedAnswer(["one\r", "two\r", "", "  .  "])).toBe("one\ntwo");
  });
});
