import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { matchPage, PAGES, type PageProps } from "./pages.js";
import { useLocation } from "./router.js";

/** The navigation bar and the current page. */
export function App() {
  const { path, query } = useLocation();
  const match = matchPage(path);
  const [Page, setPage] = useState<{ component: FunctionComponent<PageProps>; pattern: string } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (!match) return;
    let live = true;
    setFailed(null);
    match.page.load().then(
      (module) => live && setPage({ component: module.default, pattern: match.page.pattern }),
      (error: Error) => live && setFailed(error.message),
    );
    return () => {
      live = false;
    };
  }, [match?.page.pattern]);
  const section = "/" + (path.split("/")[1] ?? "");
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          lmdojo
        </a>
        <nav aria-label="Main">
          {PAGES.filter((p) => p.nav).map((p) => (
            <a href={p.pattern} aria-current={p.pattern === section ? "page" : undefined}>
              {p.nav}
            </a>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {!match ? (
          <p class="error">No page at {path}.</p>
        ) : failed ? (
          <p class="error">Could not load this page: {failed}</p>
        ) : Page && Page.pattern === match.page.pattern ? (
          <Page.component params={match.params} query={query} />
        ) : (
          <p class="muted">Loading…</p>
        )}
      </main>
    </>
  );
}
