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

/** "m:ss" for a running timer. */
function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The terminal implementation of a practice session's prompts (@clack/prompts). Ctrl-C quits. */
export const clackPrompter: Prompter = {
  show(title, body) {
    note(wrap(body), title);
  },
  async answer(message, since) {
    // clack redraws the prompt from `message` on every render, so a getter makes a live
    // timer; the interval asks for a redraw each second (clack redraws on "resize").
    const options = {
      placeholder: "(empty if you answered aloud)",
      get message() {
        return since ? `${message}   ⏱ ${clock(Date.now() - since.getTime())}` : message;
      },
    };
    const tick = since ? setInterval(() => process.stdout.emit("resize"), 1000) : undefined;
    try {
      const value = await multiline(options);
      return isCancel(value) ? null : value;
    } finally {
      clearInterval(tick);
    }
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
