import { isCancel, multiline, multiselect, note, select } from "@clack/prompts";
import type { Prompter } from "../drill/prompter.js";

/** Wraps text to the terminal width, so model answers read as paragraphs. */
function wrap(text: string, width = Math.min(process.stdout.columns ?? 80, 100) - 6): string {
  return text
    .split("\n")
    .map((line) => {
      const words = line.split(" ");
      const lines: string[] = [];
      let current = "";
      for (const word of words) {
        if (current && current.length + word.length + 1 > width) {
          lines.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      return [...lines, current].join("\n");
    })
    .join("\n");
}

/** The terminal implementation of a practice session's prompts (@clack/prompts). Ctrl-C quits. */
export const clackPrompter: Prompter = {
  show(title, body) {
    note(wrap(body), title);
  },
  async answer(message) {
    const value = await multiline({ message, placeholder: "(empty if you answered aloud)" });
    return isCancel(value) ? null : value;
  },
  async checklist(message, items) {
    const value = await multiselect({
      message,
      options: items.map((item, i) => ({ value: i, label: item })),
      required: false,
    });
    if (isCancel(value)) return null;
    return items.map((_, i) => value.includes(i));
  },
  async choose(message, options, initial) {
    const value = await select<string>({ message, options: options.map((o) => ({ value: o.value, label: o.label })), initialValue: initial });
    return isCancel(value) ? null : (value as typeof initial);
  },
};
