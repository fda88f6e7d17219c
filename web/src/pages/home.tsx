/** Home: what is due, the streak, 12 weeks of reviews, weakest areas, the last run, and the next step. */
import { HomeResponse } from "../../../src/api/home.js";
import { getJson } from "../api.js";
import { Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { percent, when } from "../format.js";

function Heatmap({ days }: { days: HomeResponse["heatmap"] }) {
  const max = Math.max(1, ...days.map((d) => d.reviews));
  // Columns are weeks, rows weekdays (Monday first), as a contribution calendar reads.
  const offset = (new Date(days[0].day + "T00:00:00Z").getUTCDay() + 6) % 7;
  return (
    <div class="heatmap" role="img" aria-label={`${days.reduce((n, d) => n + d.reviews, 0)} reviews in the last 12 weeks`}>
      {days.map((d, i) => (
        <span
          class="cell"
          style={{ gridRow: ((offset + i) % 7) + 1, gridColumn: Math.floor((offset + i) / 7) + 1, opacity: d.reviews ? 0.25 + (0.75 * d.reviews) / max : undefined }}
          data-level={d.reviews ? "on" : "off"}
          title={`${d.day}: ${d.reviews} reviews`}
        />
      ))}
    </div>
  );
}

export default function Home() {
  const state = useApi(() => getJson("/api/home", HomeResponse), []);
  return (
    <Loading state={state}>
      {(home) => (
        <div class="home">
          <section class="next">
            <h1>Next: {home.next.why}</h1>
            <a class="button primary" href={home.next.href}>
              {home.next.label.startsWith("drill") ? "Start drilling" : home.next.label.startsWith("mock") ? "Start a mock interview" : home.next.label.startsWith("lab") ? "Open the lab" : home.next.label === "incident" ? "Diagnose an incident" : "Go"}
            </a>
            <p class="muted">
              In a terminal: <code>{home.next.command}</code>
            </p>
          </section>
          <div class="grid">
            <section class="panel">
              <h2>Due now</h2>
              <p class="big" data-testid="due">{home.due}</p>
              <p class="muted">{home.nextDue ? `next card due ${when(home.nextDue)}` : "no card scheduled yet"}</p>
              {home.katasDue.length > 0 ? (
                <p>
                  and <a href={`/katas/${home.katasDue[0]}`}>{home.katasDue.length === 1 ? "1 kata" : `${home.katasDue.length} katas`}</a> due
                </p>
              ) : null}
              {home.incidentsDue > 0 ? (
                <p>
                  and <a href="/incidents">{home.incidentsDue === 1 ? "1 incident" : `${home.incidentsDue} incidents`}</a> due
                </p>
              ) : null}
            </section>
            <section class="panel">
              <h2>Streak</h2>
              <p class="big">{home.streakDays}</p>
              <p class="muted">days in a row with a review · {home.answered} answers in all</p>
            </section>
            <section class="panel wide">
              <h2>Reviews, last 12 weeks</h2>
              <Heatmap days={home.heatmap} />
            </section>
            <section class="panel">
              <h2>Weakest areas</h2>
              {home.weakestAreas.length === 0 ? (
                <p class="muted">Answer a few questions to see them.</p>
              ) : (
                <ol>
                  {home.weakestAreas.map((a) => (
                    <li>
                      <a href={`/drill?area=${a.area}`}>{a.area}</a> · coverage {percent(a.coverage)} · retention {percent(a.retention)}
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section class="panel">
              <h2>Last lab run</h2>
              {home.lastRun ? (
                <p>
                  <a href={`/lab/runs/${home.lastRun.id}`}>{home.lastRun.id}</a>
                  <br />
                  {home.lastRun.status} · step {home.lastRun.stepsDone} of {home.lastRun.stepsTotal}
                  {home.lastRun.valLoss !== null ? ` · best val loss ${home.lastRun.valLoss.toFixed(3)}` : ""}
                </p>
              ) : (
                <p class="muted">
                  No run yet. <a href="/lab">Pretrain a tiny GPT</a>.
                </p>
              )}
            </section>
          </div>
          <p class="muted">
            {home.cards} cards in {home.areas} areas.
          </p>
        </div>
      )}
    </Loading>
  );
}
