import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { isCancel, log, multiselect, note, select } from "@clack/prompts";
import { ANSWER_END, answerText, finishedAnswer, isBlankSoFar, PASTE_WAIT_MS } from "../drill/typed-answer.js";
import type { Prompter } from "../drill/prompter.js";
import { InputError } from "../errors.js";

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

/**
 * Reads a typed answer line by line (finishedAnswer decides when it is complete), so a
 * pasted answer with blank lines stays whole. After blank lines only, it waits PASTE_WAIT_MS
 * to see whether more input follows (a paste that starts with a blank line) before taking
 * them as "answered aloud". The line being typed shows the time since `since`, live.
 * Ctrl-C quits (null); Ctrl-D ends the answer as typed so far.
 */
function typeAnswer(message: string, since?: Date): Promise<string | null> {
  log.step(`${message}\nEnd with a line holding only "${ANSWER_END}". Answered aloud? Just press Enter.`);
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const lines: string[] = [];
    let settled = false;
    let pasteWait: NodeJS.Timeout | undefined;
    const label = () => (since ? `${clock(Date.now() - since.getTime())} │ ` : "│ ");
    // A live timer: redraw the current line's prompt each second, keeping what is typed.
    const tick = since
      ? setInterval(() => {
          rl.setPrompt(label());
          rl.prompt(true);
        }, 1000)
      : undefined;
    const settle = (value: string | null) => {
      if (settled) return;
      settled = true;
      clearInterval(tick);
      clearTimeout(pasteWait);
      rl.close();
      resolve(value);
    };
    const prompt = () => {
      rl.setPrompt(label());
      rl.prompt();
    };
    const decide = (morePending: boolean) => {
      const answer = finishedAnswer(lines, morePending);
      if (answer === null) prompt();
      else settle(answer);
    };
    rl.on("line", (line) => {
      lines.push(line);
      // The next line of a paste arrives in the same burst and cancels the wait.
      clearTimeout(pasteWait);
      // More pending: a paste's next line, or its last line still without a line break.
      if (isBlankSoFar(lines)) pasteWait = setTimeout(() => decide(rl.line.length > 0), PASTE_WAIT_MS);
      else decide(false);
    });
    rl.on("SIGINT", () => settle(null));
    rl.on("close", () => settle(lines.length ? answerText(lines) : null));
    prompt();
  });
}

/**
 * Opens `editor` (a shell command, e.g. "nano" or "code --wait") on an empty temporary file
 * and returns what was saved: "" if it stayed empty (answered aloud), null if the editor
 * exited with an error (the user quit). The file is removed afterwards.
 */
export function answerInEditor(editor: string, message: string): string | null {
  log.step(`${message}\nWrite it in ${editor}, then save and close. Answered aloud? Close it empty.`);
  const dir = mkdtempSync(join(tmpdir(), "dojo-answer-"));
  const file = join(dir, "answer.md");
  try {
    writeFileSync(file, "");
    const result = spawnSync(`${editor} '${file}'`, { shell: true, stdio: "inherit" });
    if (result.status === 127 || result.error) {
      throw new InputError(`cannot start the editor "${editor}"`, "set $VISUAL or $EDITOR to an editor command, e.g. nano");
    }
    return result.status === 0 ? readFileSync(file, "utf8").trimEnd() : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The terminal implementation of a practice session's prompts (@clack/prompts). Answers
 * are typed line by line, or written in `editor` when given. Ctrl-C quits.
 */
export function terminalPrompter(options: { editor?: string } = {}): Prompter {
  return {
    show(title, body) {
      note(wrap(body), title);
    },
    async answer(message, since) {
      return options.editor === undefined ? typeAnswer(message, since) : answerInEditor(options.editor, message);
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
}

/** The editor `--editor` opens: $VISUAL, else $EDITOR, else vi. */
export function preferredEditor(env: NodeJS.ProcessEnv = process.env): string {
  return env.VISUAL || env.EDITOR || "vi";
}
