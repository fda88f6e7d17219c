/**
 * Markdown with maths, the one way card and note text becomes HTML: markdown-it with raw
 * HTML disabled (so text can never inject markup), and KaTeX for $…$ and $$…$$. Both
 * libraries load only on pages that render Markdown.
 */
import { useEffect, useState } from "preact/hooks";

type Render = (text: string) => string;
let renderer: Promise<Render> | null = null;

function loadRenderer(): Promise<Render> {
  renderer ??= Promise.all([import("markdown-it"), import("katex"), import("katex/dist/katex.min.css")]).then(([{ default: MarkdownIt }, { default: katex }]) => {
    const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
    const maths = (source: string, displayMode: boolean) => katex.renderToString(source, { displayMode, throwOnError: false, output: "html" });
    // $$…$$ blocks and $…$ inline, held out of Markdown (as private-use placeholders) so that _ and * inside maths stay maths.
    return (text: string) => {
      const formulas: string[] = [];
      const hold = (html: string) => `\uE000${formulas.push(html) - 1}\uE000`;
      const held = text
        .replace(/\$\$([\s\S]+?)\$\$/g, (_, tex: string) => hold(maths(tex.trim(), true)))
        .replace(/(^|[^\\$])\$([^\s$](?:[^$\n]*?[^\s$])?)\$(?!\d)/g, (_, before: string, tex: string) => before + hold(maths(tex, false)));
      return md.render(held).replace(/\uE000(\d+)\uE000/g, (_, i: string) => formulas[Number(i)] ?? "");
    };
  });
  return renderer;
}

/** Renders `text` as Markdown with maths. */
export function Markdown({ text, class: className }: { text: string; class?: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void loadRenderer().then((render) => live && setHtml(render(text)));
    return () => {
      live = false;
    };
  }, [text]);
  if (html === null) return <div class={`markdown ${className ?? ""}`}>{text}</div>;
  return <div class={`markdown ${className ?? ""}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
