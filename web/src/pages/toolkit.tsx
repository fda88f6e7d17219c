/**
 * The toolkit: one tab per tool, each its own module, loaded when its tab is first opened.
 * The tab is in the address (/toolkit/<tool>, or ?tool=…), so a tool can be linked to; a tool
 * gets the query for its own state. A tool is one entry of TOOLS.
 */
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { PageProps } from "../pages.js";
import { navigate } from "../router.js";

interface Tool {
  id: string;
  label: string;
  load: () => Promise<{ default: FunctionComponent<PageProps> }>;
}

const TOOLS: Tool[] = [
  { id: "eval", label: "Eval", load: () => import("./toolkit-eval.js") },
  { id: "ablate", label: "Ablate", load: () => import("./toolkit-ablate.js") },
  { id: "calc", label: "Calc", load: () => import("./toolkit-calc.js") },
];

export default function Toolkit({ params, query }: PageProps) {
  const tool = TOOLS.find((t) => t.id === (params.tool ?? query.get("tool"))) ?? TOOLS[0];
  const [loaded, setLoaded] = useState<Record<string, FunctionComponent<PageProps>>>({});
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (loaded[tool.id]) return;
    let live = true;
    tool.load().then(
      (module) => live && setLoaded((all) => ({ ...all, [tool.id]: module.default })),
      (error: Error) => live && setFailed(error.message),
    );
    return () => {
      live = false;
    };
  }, [tool.id]);
  const Tool = loaded[tool.id];
  return (
    <div class="toolkit">
      <h1>Toolkit</h1>
      <div role="tablist" aria-label="Tools" class="tabs">
        {TOOLS.map((t) => (
          <button
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === tool.id}
            aria-controls={`panel-${t.id}`}
            onClick={() => navigate(`/toolkit/${t.id}`, { replace: true })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tool.id}`} aria-labelledby={`tab-${tool.id}`}>
        {failed ? <p class="error">Could not load this tool: {failed}</p> : Tool ? <Tool params={params} query={query} /> : <p class="muted">Loading…</p>}
      </section>
    </div>
  );
}
