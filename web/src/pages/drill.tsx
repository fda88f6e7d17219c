/**
 * Drill: the same queue and FSRS schedule as `dojo drill`, one card at a time. The question
 * and a running timer; an answer typed or spoken (recorded in the browser); the model answer
 * only once the answer is in, beside earlier attempts and recordings; the rubric as a
 * checklist with the suggested rating; a rating confirmed by click or key; one follow-up.
 * Keys: Space reveals, 1-4 rate, Enter submits the follow-up.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import {
  AttemptResponse,
  FollowupResponse,
  QuestionResponse,
  QueueResponse,
  Recording,
  RecordingsResponse,
  RevealResponse,
  SuggestResponse,
} from "../../../src/api/drill.js";
import { getJson, postJson, postRaw } from "../api.js";
import { Markdown } from "../components/markdown.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { useVoiceRecorder, VoiceRecorderPanel, type Recorded } from "../components/voice-recorder.js";
import { clock, percent, when } from "../format.js";
import type { PageProps } from "../pages.js";
import { navigate } from "../router.js";

type Card = QueueResponse["cards"][number];
type RatingName = SuggestResponse["rating"];
const RATINGS: { name: RatingName; key: string; label: string }[] = [
  { name: "again", key: "1", label: "Again" },
  { name: "hard", key: "2", label: "Hard" },
  { name: "good", key: "3", label: "Good" },
  { name: "easy", key: "4", label: "Easy" },
];
const FILTERS = ["area", "kind", "difficulty", "new"] as const;

/** What one card's screen is showing. */
type Step =
  | { at: "question" }
  | { at: "revealed"; reveal: RevealResponse; recordings: RecordingsResponse["recordings"]; ticks: boolean[]; suggestion: SuggestResponse | null }
  | { at: "rated"; attempt: AttemptResponse; saved: Recording | null; shortAnswer: string | null };

/** Focus is in a field that takes typed text (there, Space and digits are text, not commands). */
const inTextBox = (target: EventTarget | null) =>
  target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type));
/** Focus is on a control that Space already presses. */
const onControl = (target: EventTarget | null) => target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || target instanceof HTMLInputElement;

function Keys() {
  return (
    <p class="drill-keys muted">
      Keys: <kbd>Space</kbd> reveals · <kbd>1</kbd>–<kbd>4</kbd> rate · <kbd>Enter</kbd> submits the follow-up · <kbd>Tab</kbd> moves between controls
    </p>
  );
}

/** The filters and the new-card limit, kept in the address so the home page can link to them. */
function Filters({ query, queue }: { query: URLSearchParams; queue: QueueResponse }) {
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    const qs = next.toString();
    navigate(qs ? `/drill?${qs}` : "/drill", { replace: true });
  };
  const select = (name: string, label: string, options: string[], all: string) => (
    <label>
      {label}{" "}
      <select value={query.get(name) ?? ""} onChange={(e) => set(name, (e.target as HTMLSelectElement).value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option value={o}>{o}</option>
        ))}
      </select>
    </label>
  );
  return (
    <form class="drill-filters" onSubmit={(e) => e.preventDefault()}>
      {select("area", "Area", queue.areas, "all areas")}
      {select("kind", "Kind", queue.kinds, "all kinds")}
      {select("difficulty", "Difficulty", ["1", "2", "3"], "any difficulty")}
      <label>
        New cards{" "}
        <input type="number" min={0} max={200} value={query.get("new") ?? "10"} onChange={(e) => set("new", (e.target as HTMLInputElement).value)} />
      </label>
    </form>
  );
}

/** One card, from question to follow-up; `onDone` with its rubric coverage once rated and finished. */
function CardScreen({ card, position, total, onDone }: { card: Card; position: number; total: number; onDone: (coverage: number) => void }) {
  const [uid] = useState(() => crypto.randomUUID());
  const question = useApi(() => postJson("/api/drill/question", { cardId: card.id }, QuestionResponse), [card.id]);
  const [answer, setAnswer] = useState("");
  const [followupAnswer, setFollowupAnswer] = useState("");
  const [step, setStep] = useState<Step>({ at: "question" });
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const shownAt = useRef<number | null>(null);
  const durationMs = useRef(0);
  const recording = useRef<Recorded | null>(null);
  const recorder = useVoiceRecorder(uid);
  const heading = useRef<HTMLHeadingElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  const suggestSeq = useRef(0);
  const q = question.data;

  // The running timer, from the question shown to the answer in.
  useEffect(() => {
    if (!q) return;
    shownAt.current = performance.now();
    heading.current?.focus();
    const timer = setInterval(() => setElapsed(performance.now() - (shownAt.current ?? 0)), 250);
    return () => clearInterval(timer);
  }, [q]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const suggest = (ticks: boolean[]) => {
    if (!q) return;
    const seq = ++suggestSeq.current;
    postJson("/api/drill/suggestion", { cardId: q.cardId, startedAt: q.startedAt, answer, ticks }, SuggestResponse).then(
      (suggestion) => seq === suggestSeq.current && setStep((s) => (s.at === "revealed" ? { ...s, suggestion } : s)),
      (e: Error) => setError(e),
    );
  };

  const reveal = () =>
    q &&
    step.at === "question" &&
    !busy &&
    run(async () => {
      durationMs.current = Math.round(performance.now() - (shownAt.current ?? performance.now()));
      recording.current = await recorder.stop();
      const body = { cardId: q.cardId, startedAt: q.startedAt, answer };
      const [shown, recordings] = await Promise.all([
        postJson("/api/drill/reveal", body, RevealResponse),
        getJson("/api/drill/recordings", RecordingsResponse, { cardId: q.cardId }),
      ]);
      const ticks = shown.rubric.map(() => false);
      setStep({ at: "revealed", reveal: shown, recordings: recordings.recordings, ticks, suggestion: null });
      suggest(ticks);
    });

  const tick = (i: number, on: boolean) => {
    if (step.at !== "revealed") return;
    const ticks = step.ticks.map((t, j) => (j === i ? on : t));
    setStep({ ...step, ticks });
    suggest(ticks);
  };

  const rate = (rating: RatingName) =>
    q &&
    step.at === "revealed" &&
    !busy &&
    run(async () => {
      const attempt = await postJson(
        "/api/drill/attempts",
        { uid, cardId: q.cardId, startedAt: q.startedAt, durationMs: durationMs.current, answer, ticks: step.ticks, rating },
        AttemptResponse,
      );
      setStep({ at: "rated", attempt, saved: null, shortAnswer: null });
      // The attempt is stored first: a recording that fails to upload leaves it rated, with the error shown.
      const voice = recording.current;
      if (voice) {
        const saved = await postRaw(`/api/drill/recordings/${uid}?durationMs=${voice.durationMs}`, voice.blob, "audio/webm", Recording);
        setStep((s) => (s.at === "rated" ? { ...s, saved } : s));
      }
    });

  const submitFollowup = () =>
    step.at === "rated" &&
    step.shortAnswer === null &&
    !busy &&
    run(async () => {
      const reply = await postJson(`/api/drill/attempts/${uid}/followup`, { answer: followupAnswer }, FollowupResponse);
      setStep((s) => (s.at === "rated" ? { ...s, shortAnswer: reply.answer } : s));
    });

  // Space reveals (outside text boxes and controls); 1-4 rate once the answer is revealed.
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || inTextBox(e.target)) return;
    if (e.key === " " && step.at === "question" && !onControl(e.target)) {
      e.preventDefault();
      void reveal();
    } else if (step.at === "revealed") {
      const rating = RATINGS.find((r) => r.key === e.key);
      if (rating) {
        e.preventDefault();
        void rate(rating.name);
      }
    }
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keys.current(e);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  useEffect(() => {
    if (step.at === "rated" && (step.shortAnswer !== null || !step.attempt.followup)) next.current?.focus();
  }, [step]);

  if (!q) return <Loading state={question}>{() => null}</Loading>;
  const target = q.speakingTargetSeconds * 1000;
  return (
    <article class="drill-card" aria-labelledby="drill-heading">
      <h1 id="drill-heading" ref={heading} tabIndex={-1}>
        {position}/{total} · {q.label}
      </h1>
      <Markdown text={q.text} class="drill-question" />
      <p class="drill-timer">
        {step.at === "question" ? (
          <span role="timer" aria-label="Time on this card">
            {clock(elapsed)}
          </span>
        ) : (
          `Answered in ${clock(durationMs.current)}`
        )}
      </p>

      {step.at === "question" ? (
        <div class="drill-answer">
          <label for="drill-answer">{q.prompt}</label>
          <textarea id="drill-answer" value={answer} onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value)} rows={6} />
          <VoiceRecorderPanel recorder={recorder} targetSeconds={q.speakingTargetSeconds} disabled={busy} />
          <p>
            <button type="button" class="primary" onClick={() => void reveal()} disabled={busy}>
              Reveal <kbd>Space</kbd>
            </button>
          </p>
        </div>
      ) : null}

      {step.at === "revealed" ? (
        <>
          <div class="drill-reveal">
            <section class="drill-model" aria-labelledby="model-heading">
              {step.reveal.numeric ? (
                <p class={step.reveal.numeric.correct ? "good" : "bad"}>
                  <strong>{step.reveal.numeric.correct ? "✓" : "✗"} {step.reveal.numeric.verdict}.</strong> {step.reveal.numeric.detail}
                </p>
              ) : null}
              {step.reveal.solution ? (
                <>
                  <h2>Worked solution</h2>
                  <Markdown text={step.reveal.solution} />
                </>
              ) : null}
              <h2 id="model-heading">Model answer</h2>
              <Markdown text={step.reveal.modelAnswer} />
            </section>
            <aside class="drill-earlier" aria-label="Your answers">
              <h2>Your answer</h2>
              {answer.trim() ? <p class="drill-yours">{answer}</p> : <p class="muted">{recording.current ? "Answered aloud (recorded)." : "Answered aloud."}</p>}
              <h2>Earlier attempts</h2>
              {step.reveal.earlier.length === 0 ? (
                <p class="muted">None yet.</p>
              ) : (
                <ul>
                  {step.reveal.earlier.map((a) => (
                    <li>
                      {when(a.startedAt)} · {clock(a.durationMs)} · rubric {percent(a.coverage)} · {a.rating}
                      <br />
                      <span class="muted">{a.answer.trim() ? a.answer.slice(0, 240) : "(answered aloud)"}</span>
                    </li>
                  ))}
                </ul>
              )}
              <h2>Earlier recordings</h2>
              {step.recordings.length === 0 ? (
                <p class="muted">None yet.</p>
              ) : (
                <ul>
                  {step.recordings.map((r) => (
                    <li>
                      {when(r.startedAt)} · {clock(r.durationMs)} of a {clock(target)} target
                      <br />
                      <audio controls preload="metadata" src={`/api/drill/recordings/${r.attemptUid}`} aria-label={`Recording of ${when(r.startedAt)}`} />
                    </li>
                  ))}
                </ul>
              )}
            </aside>
          </div>
          <fieldset class="drill-rubric">
            <legend>Which rubric points did your answer cover?</legend>
            {step.reveal.rubric.map((point, i) => (
              <label>
                <input type="checkbox" checked={step.ticks[i]} onChange={(e) => tick(i, (e.target as HTMLInputElement).checked)} /> {point}
              </label>
            ))}
          </fieldset>
          <p aria-live="polite" class="drill-suggestion">
            {step.suggestion ? (
              <>
                Suggested rating: <strong>{RATINGS.find((r) => r.name === step.suggestion!.rating)!.label}</strong> (from {step.suggestion.basis})
              </>
            ) : (
              "Suggested rating: …"
            )}
          </p>
          <div class="drill-ratings" role="group" aria-label="Rating">
            {RATINGS.map((r) => (
              <button type="button" class={step.suggestion?.rating === r.name ? "primary" : undefined} onClick={() => void rate(r.name)} disabled={busy}>
                <kbd>{r.key}</kbd> {r.label}
                {step.suggestion?.rating === r.name ? " (suggested)" : ""}
              </button>
            ))}
          </div>
        </>
      ) : null}

      {step.at === "rated" ? (
        <div class="drill-after">
          <p>
            Stored. Next review {when(step.attempt.due)}.
          </p>
          {step.saved ? (
            <p>
              Your spoken answer, {clock(step.saved.durationMs)} of a {clock(target)} target, is saved:{" "}
              <audio controls preload="metadata" src={`/api/drill/recordings/${step.saved.attemptUid}`} aria-label="Your saved recording" />
            </p>
          ) : null}
          {step.attempt.followup ? (
            <section aria-labelledby="followup-heading">
              <h2 id="followup-heading">Follow-up</h2>
              <Markdown text={step.attempt.followup.question} />
              {step.shortAnswer === null ? (
                <>
                  <label for="drill-followup">Your answer to the follow-up (Enter submits, Shift+Enter starts a new line)</label>
                  <textarea
                    id="drill-followup"
                    rows={3}
                    value={followupAnswer}
                    onInput={(e) => setFollowupAnswer((e.target as HTMLTextAreaElement).value)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter" && !e.shiftKey) {
                        e.preventDefault();
                        void submitFollowup();
                      }
                    }}
                  />
                  <p>
                    <button type="button" class="primary" onClick={() => void submitFollowup()} disabled={busy}>
                      Submit <kbd>Enter</kbd>
                    </button>{" "}
                    <button type="button" onClick={() => onDone(step.attempt.coverage)}>
                      Skip the follow-up
                    </button>
                  </p>
                </>
              ) : (
                <>
                  <h3>A short answer</h3>
                  <Markdown text={step.shortAnswer} />
                </>
              )}
            </section>
          ) : null}
          {step.shortAnswer !== null || !step.attempt.followup ? (
            <p>
              <button type="button" class="primary" ref={next} onClick={() => onDone(step.attempt.coverage)}>
                {position < total ? "Next card" : "Finish"}
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
      <Keys />
    </article>
  );
}

/** The queue for the filters in the address, a start screen, then one card after another, then a summary. */
function Session({ query }: { query: URLSearchParams }) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? undefined]));
  const queue = useApi(() => getJson("/api/drill/queue", QueueResponse, filters), [query.toString()]);
  const [index, setIndex] = useState<number | null>(null);
  const [coverages, setCoverages] = useState<number[]>([]);
  const start = useRef<HTMLButtonElement>(null);
  useEffect(() => start.current?.focus(), [queue.data]);

  // A filter the server refuses (say ?new=-1 typed into the address): say why, and offer a way back.
  if (queue.error) {
    return (
      <section>
        <h1>Drill</h1>
        <ErrorLine error={queue.error} />
        <p>
          <a class="button" href="/drill">
            Drill without filters
          </a>
        </p>
      </section>
    );
  }
  return (
    <Loading state={queue}>
      {(q) => {
        if (index !== null && index < q.cards.length) {
          return (
            <CardScreen
              key={q.cards[index].id}
              card={q.cards[index]}
              position={index + 1}
              total={q.cards.length}
              onDone={(coverage) => {
                setCoverages((c) => [...c, coverage]);
                setIndex(index + 1);
              }}
            />
          );
        }
        if (index !== null) {
          const mean = coverages.length ? coverages.reduce((a, b) => a + b, 0) / coverages.length : null;
          return (
            <section class="drill-summary">
              <h1>Session done</h1>
              <p class="big">{coverages.length} answered</p>
              <p>Mean rubric coverage {percent(mean)}.</p>
              <p>
                <a class="button primary" href="/progress">
                  See your progress
                </a>{" "}
                <button
                  type="button"
                  onClick={() => {
                    setIndex(null);
                    setCoverages([]);
                    queue.reload();
                  }}
                >
                  Drill again
                </button>
              </p>
            </section>
          );
        }
        const due = q.cards.filter((c) => c.due).length;
        const more = new URLSearchParams(query);
        more.set("new", "5");
        return (
          <section class="drill-start">
            <h1>Drill</h1>
            <Filters query={query} queue={q} />
            {q.cards.length === 0 ? (
              <>
                <p class="big-line">Nothing due now; {q.nextDue ? `next card due ${when(q.nextDue)}` : "no card is scheduled yet"}.</p>
                <button type="button" class="primary" ref={start} onClick={() => navigate(`/drill?${more.toString()}`)}>
                  Drill 5 new cards
                </button>
              </>
            ) : (
              <>
                <p class="big-line">
                  {q.cards.length} {q.cards.length === 1 ? "card" : "cards"}: {due} due for review, {q.cards.length - due} new.
                </p>
                <button type="button" class="primary" ref={start} onClick={() => setIndex(0)}>
                  Start
                </button>
              </>
            )}
            <Keys />
          </section>
        );
      }}
    </Loading>
  );
}

export default function Drill({ query }: PageProps) {
  // A new address (filters changed) starts a new session.
  return <Session key={query.toString()} query={query} />;
}
