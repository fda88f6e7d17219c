/** Progress: per-area table (as `dojo progress`), the due forecast, coverage over time, answers per day. */
import { ProgressResponse } from "../../../src/api/progress.js";
import { getJson } from "../api.js";
import { LineChart } from "../components/line-chart.js";
import { Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { percent } from "../format.js";

/** A coverage difference in percentage points: "+12 pts". */
const points = (x: number | null) => (x === null ? "–" : `${x >= 0 ? "+" : "−"}${Math.abs(Math.round(x * 100))} pts`);
/** "2026-12-06" as Unix seconds at 00:00 UTC, for a time axis. */
const daySeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
/** A UTC day as the reader's short weekday, or its day and month: "Mon", "7 Dec". */
const dayPart = (day: string, part: Intl.DateTimeFormatOptions) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { ...part, timeZone: "UTC" });
const asPercent = (x: number | null) => (x === null ? null : x * 100);

function AreaTable({ areas }: { areas: ProgressResponse["areas"] }) {
  return (
    <table>
      <caption class="sr-caption">Per area, weakest first</caption>
      <thead>
        <tr>
          <th scope="col">area</th>
          <th scope="col">seen</th>
          <th scope="col">retention</th>
          <th scope="col">due now</th>
          <th scope="col">coverage</th>
          <th scope="col">trend</th>
        </tr>
      </thead>
      <tbody>
        {areas.map((a) => (
          <tr>
            <th scope="row">
              <a href={`/drill?area=${a.area}`}>{a.area}</a>
            </th>
            <td>
              {a.seen}/{a.cards}
            </td>
            <td>{percent(a.retention)}</td>
            <td>{a.dueNow}</td>
            <td>{percent(a.coverage)}</td>
            <td class={a.trend === null ? undefined : a.trend >= 0 ? "good" : "bad"}>{points(a.trend)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Forecast({ days }: { days: ProgressResponse["forecast"] }) {
  const max = Math.max(1, ...days.map((d) => d.due));
  return (
    <ol class="forecast" aria-label="Cards coming due per day, the next 14 days">
      {days.map((d, i) => (
        <li>
          <span class="count">{d.due}</span>
          <span class="bar" style={{ height: `${(6 * d.due) / max}rem` }} />
          <span class="day">{i === 0 ? "today" : dayPart(d.day, { weekday: "short" })}</span>
          <span class="day">{dayPart(d.day, { day: "numeric", month: "short" })}</span>
        </li>
      ))}
    </ol>
  );
}

export default function Progress() {
  const state = useApi(() => getJson("/api/progress", ProgressResponse), []);
  return (
    <Loading state={state}>
      {(progress) => {
        const x = progress.timeline.map((d) => daySeconds(d.day));
        return (
          <div class="progress">
            <h1>Progress</h1>
            <p class="muted">
              {progress.answered} answers in all. In a terminal: <code>dojo progress</code>
            </p>
            <div class="grid">
              <section class="panel wide">
                <h2>Areas, weakest first</h2>
                <AreaTable areas={progress.areas} />
                <p class="muted">Retention: FSRS probability of recall now, over the cards seen. Trend: the last 5 answers' coverage against the 5 before.</p>
              </section>
              <section class="panel wide">
                <h2>Due in the next 14 days</h2>
                <Forecast days={progress.forecast} />
                <p class="muted">Today counts the overdue cards too.</p>
              </section>
              <section class="panel wide">
                <LineChart
                  title="Rubric coverage per day"
                  x={x}
                  time
                  xLabel="day"
                  yLabel="coverage (%)"
                  series={[
                    { label: "daily mean", values: progress.timeline.map((d) => asPercent(d.coverage)), points: true },
                    { label: `${progress.rollingDays}-day rolling mean`, values: progress.timeline.map((d) => asPercent(d.rollingCoverage)) },
                  ]}
                />
              </section>
              <section class="panel wide">
                <LineChart title="Answers per day" x={x} time xLabel="day" yLabel="answers" series={[{ label: "answers", values: progress.timeline.map((d) => d.attempts) }]} />
              </section>
            </div>
          </div>
        );
      }}
    </Loading>
  );
}
