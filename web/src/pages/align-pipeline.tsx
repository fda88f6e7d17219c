/**
 * One alignment pipeline's report, rendered from its Markdown with its SVG charts, which the
 * server serves beside the report.
 */
import { PipelineResponse } from "../../../src/api/align.js";
import { getJson } from "../api.js";
import { Markdown } from "../components/markdown.js";
import { Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import type { PageProps } from "../pages.js";

/** The report's chart links, `![title](name.svg)`, pointed at the server's copy of each chart. */
function withChartUrls(markdown: string, id: string): string {
  return markdown.replace(/\]\(([\w-]+\.svg)\)/g, (_, file: string) => `](/api/align/pipelines/${encodeURIComponent(id)}/charts/${file})`);
}

export default function AlignPipelinePage({ params }: PageProps) {
  const id = params.id;
  const state = useApi(() => getJson(`/api/align/pipelines/${encodeURIComponent(id)}`, PipelineResponse), [id]);
  return (
    <div class="lab-run align-report">
      <p>
        <a href="/align">← Align</a>
      </p>
      <h1>Pipeline {id}</h1>
      <Loading state={state}>
        {({ record, report }) => (
          <>
            <p>
              Runs: base <a href={`/lab/runs/${encodeURIComponent(record.base)}`}>{record.base}</a>
              {[["sft", record.sft], ["pairs", record.pairs], ["rm", record.rm], ...record.dpo.map((d) => [`dpo β ${d.beta}`, d.run]), ...record.rl.map((r) => [`rl KL coef ${r.klCoef}`, r.run])].map(([name, run]) => (
                <>
                  {" · "}
                  {name} <a href={`/align/runs/${encodeURIComponent(run)}`}>{run}</a>
                </>
              ))}
            </p>
            {report === null ? (
              <p class="muted">
                No report yet: <code>dojo align report {id}</code> writes it from the pipeline's runs.
              </p>
            ) : (
              <Markdown text={withChartUrls(report, id)} class="lab-report" />
            )}
          </>
        )}
      </Loading>
    </div>
  );
}
