/**
 * Every page of the app: its path pattern, its title in the navigation, and the module that
 * renders it, loaded on first visit so that each page's libraries (KaTeX, CodeMirror, uPlot)
 * load only where they are used; only the home page is in the entry script.
 */
import type { FunctionComponent } from "preact";
// The home page is where most visits start: it ships in the entry script, one fetch fewer before it shows.
import Home from "./pages/home.js";

export interface PageProps {
  /** Named parts of the path, e.g. { id } for /lab/runs/:id. */
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface PageEntry {
  pattern: string;
  /** In the navigation bar when set. */
  nav?: string;
  load: () => Promise<{ default: FunctionComponent<PageProps> }>;
}

export const PAGES: PageEntry[] = [
  { pattern: "/", nav: "Home", load: () => Promise.resolve({ default: Home }) },
  { pattern: "/drill", nav: "Drill", load: () => import("./pages/drill.js") },
  { pattern: "/mock", nav: "Mock", load: () => import("./pages/mock.js") },
  { pattern: "/progress", nav: "Progress", load: () => import("./pages/progress.js") },
  { pattern: "/cards", nav: "Cards", load: () => import("./pages/cards.js") },
  { pattern: "/cards/:area/:slug", load: () => import("./pages/card.js") },
  { pattern: "/katas", nav: "Katas", load: () => import("./pages/katas.js") },
  { pattern: "/katas/:slug", load: () => import("./pages/kata.js") },
  { pattern: "/incidents", nav: "Incidents", load: () => import("./pages/incidents.js") },
  { pattern: "/incidents/:session", load: () => import("./pages/incident.js") },
  { pattern: "/toolkit", nav: "Toolkit", load: () => import("./pages/toolkit.js") },
  { pattern: "/toolkit/:tool", load: () => import("./pages/toolkit.js") },
  { pattern: "/lab", nav: "Lab", load: () => import("./pages/lab.js") },
  { pattern: "/lab/runs/:id", load: () => import("./pages/lab-run.js") },
  { pattern: "/align", nav: "Align", load: () => import("./pages/align.js") },
  { pattern: "/align/runs/:id", load: () => import("./pages/align-run.js") },
  { pattern: "/align/pipelines/:id", load: () => import("./pages/align-pipeline.js") },
  { pattern: "/align/pipelines/:id/drill", load: () => import("./pages/align-drill.js") },
  { pattern: "/align/runbook", load: () => import("./pages/align-runbook.js") },
  { pattern: "/align/runbook/:id", load: () => import("./pages/align-runbook.js") },
];

/** The page for `path` and its parameters, or null. */
export function matchPage(path: string): { page: PageEntry; params: Record<string, string> } | null {
  for (const page of PAGES) {
    const names: string[] = [];
    const regex = new RegExp(
      "^" + page.pattern.replace(/:[a-z]+\*?/gi, (m) => (names.push(m.slice(1).replace("*", "")), m.endsWith("*") ? "(.+)" : "([^/]+)")) + "/?$",
    );
    const found = regex.exec(path);
    if (found) return { page, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1])])) };
  }
  return null;
}
