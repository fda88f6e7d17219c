/**
 * A code editor (CodeMirror 6) for Python or TypeScript, loaded on first use so that only
 * pages with an editor download it. Colours come from the app's CSS variables, so it
 * follows the light and dark themes; the editable area carries an accessible name, and Tab
 * moves on to the next control rather than being trapped in the editor.
 */
import { useEffect, useRef } from "preact/hooks";

export interface CodeEditorProps {
  /** The text when the editor is made, and whenever `version` changes (a reset, a language switch). */
  value: string;
  version: string;
  lang: "py" | "ts";
  label: string;
  onChange: (code: string) => void;
}

export function CodeEditor({ value, version, lang, label, onChange }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    let view: { destroy: () => void } | null = null;
    let live = true;
    void (async () => {
      const [{ EditorView, basicSetup }, language] = await Promise.all([
        import("codemirror"),
        lang === "py" ? import("@codemirror/lang-python").then((m) => m.python()) : import("@codemirror/lang-javascript").then((m) => m.javascript({ typescript: true })),
      ]);
      if (!live || !host.current) return;
      view = new EditorView({
        doc: value,
        parent: host.current,
        extensions: [
          // Tab is left to move between controls (no keyboard trap); Enter keeps the indentation, Ctrl-] and Ctrl-[ change it.
          basicSetup,
          language,
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
          EditorView.theme({
            "&": { color: "var(--text)", backgroundColor: "var(--bg)", border: "1px solid var(--border)", borderRadius: "6px" },
            ".cm-content": { fontFamily: "var(--mono)", caretColor: "var(--text)" },
            ".cm-gutters": { backgroundColor: "var(--surface)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
            ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--accent) 8%, transparent)" },
            "&.cm-focused": { outline: "3px solid var(--focus)" },
            ".cm-cursor": { borderLeftColor: "var(--text)" },
            "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "color-mix(in srgb, var(--accent) 25%, transparent)" },
          }),
        ],
      });
    })();
    return () => {
      live = false;
      view?.destroy();
    };
  }, [version, lang]);
  return <div ref={host} class="code-editor" />;
}
