import { createInterface } from "node:readline";
import type { Prompter } from "../drill/prompter.js";
import { ANSWER_END, finishedAnswer } from "../drill/typed-answer.js";

/**
 * A session's prompts over plain lines, for input that is not a terminal (a script, a pipe):
 * each choice is one line, its number or its value (an empty line keeps the preselected
 * one); an answer is lines up to one holding only "." (a first empty line: answered aloud).
 * The end of input quits (null), as Ctrl-C does on a terminal.
 *
 * @example echo "2\n\nIt diverged.\n." | dojo incident   // the second option, the default, an answer
 */
export function linePrompter(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Prompter & { close(): void } {
  const reader = createInterface({ input, terminal: false });
  const lines = reader[Symbol.asyncIterator]();
  const read = async (): Promise<string | null> => {
    const next = await lines.next();
    return next.done ? null : next.value.replace(/\r$/, "");
  };
  const write = (text: string) => output.write(text);
  return {
    show(title, body) {
      write(`\n── ${title} ──\n${body.trimEnd()}\n`);
    },
    async answer(message) {
      write(`\n${message}\n(end with a line holding only "${ANSWER_END}"; an empty first line: answered aloud)\n`);
      const typed: string[] = [];
      for (;;) {
        const line = await read();
        if (line === null) return typed.length > 0 ? finishedAnswer([...typed, ANSWER_END], false) : null;
        typed.push(line);
        const done = finishedAnswer(typed, false);
        if (done !== null) return done;
      }
    },
    async checklist(message, items) {
      write(`\n${message}\n${items.map((item, i) => `  ${i + 1}. ${item}`).join("\n")}\n(the numbers of those that hold, separated by spaces)\n> `);
      const line = await read();
      if (line === null) return null;
      const picked = new Set(line.split(/[\s,]+/).filter(Boolean).map(Number));
      return items.map((_, i) => picked.has(i + 1));
    },
    async choose(message, options, initial) {
      write(`\n${message}\n${options.map((o, i) => `  ${i + 1}. ${o.label}${o.value === initial ? " (Enter)" : ""}`).join("\n")}\n> `);
      for (;;) {
        const line = await read();
        if (line === null) return null;
        const text = line.trim();
        if (text === "") return initial;
        const byNumber = /^\d+$/.test(text) ? options[Number(text) - 1] : undefined;
        const chosen = byNumber ?? options.find((o) => o.value === text);
        if (chosen) return chosen.value;
        write(`"${text}" is not one of them: type a number from 1 to ${options.length}, or Enter for the preselected one\n> `);
      }
    },
    close: () => reader.close(),
  };
}
