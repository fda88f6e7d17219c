import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerInEditor, preferredEditor } from "../src/cli/clack-prompter.js";

const dir = mkdtempSync(join(tmpdir(), "lmdojo-editor-"));

/** An "editor": a shell script that does `body` to the file it is given as $1. */
function fakeEditor(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

describe("answers written in an editor", () => {
  it("are read whole from the saved file, blank lines included", () => {
    const editor = fakeEditor("write.sh", `printf 'first paragraph\\n\\nsecond paragraph\\n\\n' > "$1"`);
    expect(answerInEditor(editor, "Your answer")).toBe("first paragraph\n\nsecond paragraph");
  });

  it("are empty when the file is closed empty (answered aloud), and null when the editor fails (quit)", () => {
    expect(answerInEditor(fakeEditor("close.sh", "true"), "Your answer")).toBe("");
    expect(answerInEditor(fakeEditor("fail.sh", "exit 1"), "Your answer")).toBeNull();
  });

  it("name a missing editor in one line with a hint", () => {
    expect(() => answerInEditor(join(dir, "no-such-editor"), "Your answer")).toThrow(/^cannot start the editor ".*no-such-editor"$/);
  });

  it("use $VISUAL, else $EDITOR, else vi", () => {
    expect(preferredEditor({ VISUAL: "code --wait", EDITOR: "nano" })).toBe("code --wait");
    expect(preferredEditor({ EDITOR: "nano" })).toBe("nano");
    expect(preferredEditor({})).toBe("vi");
  });
});
