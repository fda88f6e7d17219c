/**
 * A small client-side router: the page is chosen by the path, links inside the app change
 * the history instead of reloading, and the server answers every page path with index.html.
 */
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();

/** Goes to `href` (a path with an optional query) inside the app. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  for (const listener of listeners) listener();
}

/** The current location; re-renders on navigation and on the back button. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((t) => t + 1);
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Clicks on same-origin links navigate inside the app (modifier clicks still open a new tab). */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener("click", (event) => {
    const a = (event.target as Element).closest?.("a");
    if (!a || a.target || a.hasAttribute("download") || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
