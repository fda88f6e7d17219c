/**
 * The alignment lab's runbook: at /align/runbook the index of its pages (title, the interview
 * question each prepares for, the command that shows it), at /align/runbook/:id one page: its
 * question, the command and metrics that show the failure, its near misses, then the page's
 * Markdown.
 */
import { AlignRunbookIndexResponse, AlignRunbookPageResponse, type AlignRunbookEntry } from "../../../src/api/align-runbook.js";
import { getJson } from "../api.js";
import { Markdown } from "../components/markdown.js";
import { Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import type { PageProps } from "../pages.js";

const pageHref = (id: string) => `/align/runbook/${encodeURIComponent(id)}`;

function Index() {
  const state = useApi(() => getJson("/api/align/runbook", AlignRunbookIndexResponse), []);
  return (
    <>
      <h1>Align runbook</h1>
      <p class="muted">How RLHF goes wrong in ways the alignment lab can show: the mechanism, the symptom in the lab's metrics, what to check first, the fix and its trade-offs, and a model answer to the interview question.</p>
      <Loading state={state}>
        {({ pages }) => (
          <div class="lab-table">
            <table>
              <thead>
                <tr>
                  <th scope="col">Page</th>
                  <th scope="col">Interview question</th>
                  <th scope="col">Shown by</th>
                </tr>
              </thead>
              <tbody>
                {pages.map((p: AlignRunbookEntry) => (
                  <tr>
                    <td>
                      <a href={pageHref(p.id)}>{p.title}</a>
                    </td>
                    <td>{p.question}</td>
                    <td>
                      <code>{p.shownBy.command}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loading>
    </>
  );
}

function Page({ id }: { id: string }) {
  const state = useApi(() => getJson(`/api/align/runbook/${encodeURIComponent(id)}`, AlignRunbookPageResponse), [id]);
  return (
    <Loading state={state}>
      {(page) => (
        <article aria-label={page.title}>
          <h1>{page.title}</h1>
          <section class="panel" aria-label="At a glance">
            <p>
              <strong>Interview question:</strong> {page.question}
            </p>
            <p>
              <strong>Shown by:</strong> <code>{page.shownBy.command}</code>, in {page.shownBy.metrics.map((m, i) => (
                <>
                  {i > 0 ? ", " : ""}
                  <code>{m}</code>
                </>
              ))}
            </p>
            <p>
              <strong>Near misses:</strong>{" "}
              {page.nearMisses.map((n, i) => (
                <>
                  {i > 0 ? " · " : ""}
                  <a href={pageHref(n)}>{n}</a>
                </>
              ))}
            </p>
            <p class="muted">{page.file}</p>
          </section>
          <Markdown text={page.markdown} />
        </article>
      )}
    </Loading>
  );
}

export default function AlignRunbookPage({ params }: PageProps) {
  return (
    <div class="lab align-runbook">
      <p>
        <a href="/align">← Align</a>
        {params.id ? (
          <>
            {" · "}
            <a href="/align/runbook">Runbook</a>
          </>
        ) : null}
      </p>
      {params.id ? <Page id={params.id} /> : <Index />}
    </div>
  );
}
