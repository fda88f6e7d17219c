/**
 * A pipeline's alignment drills at /align/pipelines/:id/drill, one at a time as Anki shows a
 * card: the question and its evidence, "Show answer", then the model answer, the rubric and
 * four rating buttons. A rating saves and moves on to the next drill to ask.
 * Keys: Space shows the answer, 1-4 rate.
 */
import { useEffect, useState } from "preact/hooks";
import { AlignDrillRateResponse, AlignDrillsResponse, type AlignDrillEntry } from "../../../src/api/align-drills.js";
import { getJson, postJson } from "../api.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useAction } from "../components/use-action.js";
import { useApi } from "../components/use-api.js";
import { when } from "../format.js";
import type { PageProps } from "../pages.js";

type RatingName = "again" | "hard" | "good" | "easy";
const RATINGS: { name: RatingName; key: string; label: string }[] = [
  { name: "again", key: "1", label: "Again" },
  { name: "hard", key: "2", label: "Hard" },
  { name: "good", key: "3", label: "Good" },
  { name: "easy", key: "4", label: "Easy" },
];

const REASONS = { due: "due for review", new: "not answered yet", review: "ahead of its schedule: none is due" } as const;

function Drill({ drill, reason, onRated }: { drill: AlignDrillEntry; reason: keyof typeof REASONS; onRated: (message: string) => void }) {
  const [shown, setShown] = useState(false);
  const action = useAction();
  const rate = (rating: RatingName) =>
    action.run(async () => {
      const r = await postJson(`/api/align/drills/${encodeURIComponent(drill.id)}/rate`, { rating }, AlignDrillRateResponse);
      onRated(r.rated ? `Rated ${rating}: due ${r.due ? when(r.due) : "later"}.` : "Not due yet, so that was practice: the schedule is unchanged.");
    });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && e.target.closest("input, textarea, button, select")) return;
      if (!shown && e.key === " ") {
        e.preventDefault();
        setShown(true);
      } else if (shown && !action.busy) {
        const r = RATINGS.find((x) => x.key === e.key);
        if (r) void rate(r.name);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shown, action.busy, drill.id]);
  return (
    <article class="drill-card align-drill" aria-label={`Drill ${drill.kind}`}>
      <p class="muted">
        {drill.kind} · {REASONS[reason]}
      </p>
      <p class="drill-question">{drill.question}</p>
      <div class="lab-table">
        <table>
          <caption>Evidence (95% intervals in brackets)</caption>
          <tbody>
            {drill.evidence.map((e) => (
              <tr>
                <th scope="row">{e.label}</th>
                <td class="num">{e.shown}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!shown ? (
        <p>
          <button type="button" class="primary" onClick={() => setShown(true)}>
            Show answer <kbd>Space</kbd>
          </button>
        </p>
      ) : (
        <section aria-label="Model answer">
          <h2>Model answer</h2>
          <p>{drill.modelAnswer}</p>
          <h3>Rubric</h3>
          <ul>
            {drill.rubric.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
          <div class="drill-ratings" role="group" aria-label="Rating">
            {RATINGS.map((r) => (
              <button type="button" onClick={() => void rate(r.name)} disabled={action.busy}>
                <kbd>{r.key}</kbd> {r.label}
              </button>
            ))}
          </div>
          {action.error ? <ErrorLine error={action.error} /> : null}
        </section>
      )}
    </article>
  );
}

export default function AlignDrill({ params }: PageProps) {
  const pipeline = params.id;
  const state = useApi(() => getJson("/api/align/drills", AlignDrillsResponse, { pipeline }), [pipeline]);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div class="align-drills">
      <h1>Alignment drills</h1>
      <p class="muted">
        Questions about pipeline <a href={`/align/pipelines/${encodeURIComponent(pipeline)}`}>{pipeline}</a>'s own numbers. Keys: <kbd>Space</kbd> shows the answer · <kbd>1</kbd>–<kbd>4</kbd> rate
      </p>
      {message ? (
        <p role="status" aria-live="polite">
          {message}
        </p>
      ) : null}
      <Loading state={state}>
        {({ drills, next }) => {
          const drill = drills.find((d) => d.id === next?.id);
          if (!drill || !next) return <p class="muted">This pipeline has no drill: its runs lack the evaluations the drills read.</p>;
          return (
            <Drill
              key={`${drill.id}-${message ?? ""}`}
              drill={drill}
              reason={next.reason}
              onRated={(m) => {
                setMessage(m);
                state.reload();
              }}
            />
          );
        }}
      </Loading>
    </div>
  );
}
