/** One card: question and model answer (Markdown with maths), rubric, follow-ups, pitfalls, references, and every attempt at it. */
import { CardResponse } from "../../../src/api/cards.js";
import { getJson } from "../api.js";
import { Markdown } from "../components/markdown.js";
import { Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { clock, percent, when } from "../format.js";
import type { PageProps } from "../pages.js";

function History({ attempts, rubric }: { attempts: CardResponse["history"]; rubric: string[] }) {
  if (attempts.length === 0) return <p class="muted">Not answered yet.</p>;
  return (
    <table class="history">
      <thead>
        <tr>
          <th scope="col">date</th>
          <th scope="col">duration</th>
          <th scope="col">rubric coverage</th>
          <th scope="col">rating</th>
          <th scope="col">answer</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <tr>
            <td>{when(a.startedAt)}</td>
            <td>{clock(a.durationMs)}</td>
            <td>
              <span title={rubric.map((point, i) => `${a.rubricTicks[i] ? "✓" : "✗"} ${point}`).join("\n")}>
                {percent(a.coverage)} ({a.rubricTicks.filter(Boolean).length}/{a.rubricTicks.length})
              </span>
            </td>
            <td>
              {a.rating}
              {a.suggestedRating && a.suggestedRating !== a.rating ? <span class="muted"> (suggested {a.suggestedRating})</span> : null}
              {a.mockId ? <span class="muted"> · mock</span> : null}
            </td>
            <td class="answer-text">
              {a.answer === "" ? <span class="muted">(answered aloud)</span> : a.answer}
              {a.followup ? (
                <p class="muted">
                  Follow-up: {a.followup}
                  {a.followupAnswer ? ` — ${a.followupAnswer}` : ""}
                </p>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function CardPage({ params }: PageProps) {
  const state = useApi(() => getJson(`/api/cards/${encodeURIComponent(params.area)}/${encodeURIComponent(params.slug)}`, CardResponse), [params.area, params.slug]);
  return (
    <Loading state={state}>
      {({ card, history }) => (
        <article class="card-page">
          <p class="muted">
            <a href="/cards">Cards</a> · <a href={`/cards?area=${card.area}`}>{card.area}</a> · {card.kind} · difficulty {card.difficulty}
            {card.source ? ` · from ${card.source}` : ""}
          </p>
          <h1>{card.title}</h1>
          <section>
            <h2>Question</h2>
            <Markdown text={card.question} class="question" />
          </section>
          <section>
            <h2>Model answer</h2>
            <Markdown text={card.answer} />
          </section>
          <div class="grid">
            <section class="panel">
              <h2>Rubric</h2>
              <ul>
                {card.rubric.map((point) => (
                  <li>{point}</li>
                ))}
              </ul>
            </section>
            <section class="panel">
              <h2>Pitfalls</h2>
              <ul>
                {card.pitfalls.map((p) => (
                  <li>{p}</li>
                ))}
              </ul>
            </section>
          </div>
          <section>
            <h2>Follow-ups</h2>
            <dl class="followups">
              {card.followups.map((f) => (
                <>
                  <dt>{f.question}</dt>
                  <dd>{f.answer}</dd>
                </>
              ))}
            </dl>
          </section>
          {card.references.length > 0 ? (
            <section>
              <h2>References</h2>
              <ul>
                {card.references.map((r) => (
                  <li>{r}</li>
                ))}
              </ul>
            </section>
          ) : null}
          {card.related.length > 0 ? (
            <section>
              <h2>Related</h2>
              <ul>
                {card.related.map((id) => (
                  <li>
                    <a href={`/cards/${id}`}>{id}</a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section>
            <h2>History</h2>
            <History attempts={history} rubric={card.rubric} />
          </section>
        </article>
      )}
    </Loading>
  );
}
