/**
 * Mock interview: a start form (minutes, role, seed), then the four segments with their
 * clocks and an overtime signal, each question (through the drill routes) then its
 * follow-up, and at the end the per-segment summary, also saved as mocks/<id>.md.
 */
import { useEffect, useState } from "preact/hooks";
import { AttemptResponse, FollowupResponse, QuestionResponse, RevealResponse, SuggestResponse } from "../../../src/api/drill.js";
import { CheckResponse, KataResponse, SolutionResponse } from "../../../src/api/katas.js";
import { MockResponse } from "../../../src/api/mock.js";
import { getJson, postJson } from "../api.js";
import { CodeEditor } from "../components/code-editor.js";
import { IncidentDrill } from "../components/incident-drill.js";
import { KataResult, KataReveal, LANG_NAMES, type Lang } from "../components/kata-result.js";
import { Markdown } from "../components/markdown.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useAction } from "../components/use-action.js";
import { useApi } from "../components/use-api.js";
import { clock, percent } from "../format.js";
import type { PageProps } from "../pages.js";
import { navigate } from "../router.js";

type Rating = SuggestResponse["rating"];
const RATINGS: Array<{ value: Rating; label: string }> = [
  { value: "again", label: "Again: missed it" },
  { value: "hard", label: "Hard: partly" },
  { value: "good", label: "Good: got it" },
  { value: "easy", label: "Easy: all of it, fluently" },
];

function StartForm({ query }: { query: URLSearchParams }) {
  const [minutes, setMinutes] = useState(query.get("minutes") ?? "45");
  const [role, setRole] = useState<"scientist" | "engineer">("scientist");
  const [seed, setSeed] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const mock = await postJson("/api/mock", { minutes: Number(minutes), role, ...(seed === "" ? {} : { seed: Number(seed) }) }, MockResponse);
      navigate(`/mock?id=${mock.id}`);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };
  return (
    <form class="panel mock-start" onSubmit={start}>
      <h1>Mock interview</h1>
      <p class="muted">
        Four timed segments: foundations, experiment judgment (an incident to diagnose, once you have drilled one on the Incidents page), coding (a kata to write and
        run, then its follow-up), research taste. Your weakest cards, incidents and katas come first; each question has a follow-up.
      </p>
      <label>
        Minutes <input type="number" min={1} max={240} required value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
      </label>
      <label>
        Role{" "}
        <select value={role} onChange={(e) => setRole(e.currentTarget.value as "scientist" | "engineer")}>
          <option value="scientist">research scientist</option>
          <option value="engineer">research engineer</option>
        </select>
      </label>
      <label>
        Seed (optional) <input type="number" min={0} value={seed} onInput={(e) => setSeed(e.currentTarget.value)} />
      </label>
      <button class="primary" type="submit" disabled={busy}>
        Start the interview
      </button>
      {error ? <ErrorLine error={error} /> : null}
    </form>
  );
}

/** The segment's clock, ticking each second from the server's reading; past the end it turns to overtime. */
function SegmentClock({ current }: { current: NonNullable<MockResponse["current"]> }) {
  const [endsAt] = useState(() => Date.now() + current.leftMs - current.overtimeMs);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = endsAt - now;
  return left >= 0 ? (
    <p class="mock-clock" role="timer" aria-live="off">
      {clock(left)} left in this segment
    </p>
  ) : (
    <p class="mock-clock overtime" role="timer" aria-live="polite">
      ⚠ Overtime: {clock(-left)} past this segment's end. Finish this answer; the next question moves on.
    </p>
  );
}

type Step =
  | { phase: "answer" }
  | { phase: "rubric"; answer: string; durationMs: number; reveal: RevealResponse }
  | { phase: "followup"; uid: string; followup: string }
  | { phase: "done"; uid: string; shortAnswer: string | null };

/** One question of the interview: answer, model answer and rubric, rating, follow-up; then the interview moves on. */
function Question({ mock, onNext }: { mock: MockResponse; onNext: (uid: string) => Promise<void> }) {
  const cardId = mock.current!.cardId;
  const { segment, question: index } = mock.current!;
  const lastQuestion = segment === mock.segments.length - 1 && index === mock.segments[segment].questions - 1;
  const question = useApi(() => postJson("/api/drill/question", { cardId }, QuestionResponse), [cardId]);
  const [shownAt, setShownAt] = useState(0);
  const [step, setStep] = useState<Step>({ phase: "answer" });
  const [text, setText] = useState("");
  const [ticks, setTicks] = useState<boolean[]>([]);
  const [suggestion, setSuggestion] = useState<SuggestResponse | null>(null);
  const [rating, setRating] = useState<Rating | null>(null);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (question.data) setShownAt(Date.now());
  }, [question.data]);

  const startedAt = question.data?.startedAt ?? "";
  useEffect(() => {
    if (step.phase !== "rubric") return;
    let live = true;
    postJson("/api/drill/suggestion", { cardId, startedAt, answer: step.answer, ticks }, SuggestResponse).then(
      (s) => live && setSuggestion(s),
      (err: Error) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [step.phase, ticks]);

  const act = (work: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    await run(work);
  };

  const reveal = act(async () => {
    const durationMs = Date.now() - shownAt;
    const shown = await postJson("/api/drill/reveal", { cardId, startedAt, answer: text }, RevealResponse);
    setTicks(shown.rubric.map(() => false));
    setStep({ phase: "rubric", answer: text, durationMs, reveal: shown });
    setText("");
  });

  const save = act(async () => {
    if (step.phase !== "rubric" || !suggestion) return;
    const uid = crypto.randomUUID();
    const stored = await postJson(
      "/api/drill/attempts",
      { uid, cardId, startedAt, durationMs: step.durationMs, answer: step.answer, ticks, rating: rating ?? suggestion.rating, mockId: mock.id, followupIndex: 0 },
      AttemptResponse,
    );
    setStep(stored.followup ? { phase: "followup", uid, followup: stored.followup.question } : { phase: "done", uid, shortAnswer: null });
  });

  const answerFollowup = act(async () => {
    if (step.phase !== "followup") return;
    const reply = await postJson(`/api/drill/attempts/${step.uid}/followup`, { answer: text }, FollowupResponse);
    setStep({ phase: "done", uid: step.uid, shortAnswer: reply.answer });
  });

  const next = act(async () => {
    if (step.phase === "done") await onNext(step.uid);
  });

  return (
    <Loading state={question}>
      {(q) => (
        <article class="mock-question">
          <h2>{q.title}</h2>
          <p class="muted">{q.label}</p>
          <Markdown text={q.text} class="question" />
          {step.phase === "answer" ? (
            <form onSubmit={reveal}>
              <label>
                {q.prompt}
                <textarea value={text} onInput={(e) => setText(e.currentTarget.value)} />
              </label>
              <button class="primary" type="submit" disabled={busy}>
                Show the model answer
              </button>
            </form>
          ) : null}
          {step.phase === "rubric" ? (
            <form onSubmit={save}>
              {step.reveal.numeric ? (
                <p class={step.reveal.numeric.correct ? "good" : "bad"}>
                  {step.reveal.numeric.verdict}: {step.reveal.numeric.detail}
                </p>
              ) : null}
              {step.reveal.solution ? (
                <section>
                  <h3>Worked solution</h3>
                  <Markdown text={step.reveal.solution} />
                </section>
              ) : null}
              <section>
                <h3>Model answer</h3>
                <Markdown text={step.reveal.modelAnswer} />
              </section>
              <fieldset>
                <legend>Which rubric points did your answer cover?</legend>
                {step.reveal.rubric.map((point, i) => (
                  <label class="check">
                    <input type="checkbox" checked={ticks[i]} onChange={(e) => setTicks(ticks.map((t, j) => (j === i ? e.currentTarget.checked : t)))} /> {point}
                  </label>
                ))}
              </fieldset>
              <label>
                Rating{suggestion ? ` (suggested from ${suggestion.basis})` : ""}
                <select value={rating ?? suggestion?.rating ?? "again"} onChange={(e) => setRating(e.currentTarget.value as Rating)}>
                  {RATINGS.map((r) => (
                    <option value={r.value}>{r.label}</option>
                  ))}
                </select>
              </label>
              <button class="primary" type="submit" disabled={busy || !suggestion}>
                Save the rating
              </button>
            </form>
          ) : null}
          {step.phase === "followup" ? (
            <form onSubmit={answerFollowup}>
              <h3>Follow-up</h3>
              <Markdown text={step.followup} />
              <label>
                Your answer to the follow-up
                <textarea value={text} onInput={(e) => setText(e.currentTarget.value)} />
              </label>
              <button class="primary" type="submit" disabled={busy}>
                Answer the follow-up
              </button>
            </form>
          ) : null}
          {step.phase === "done" ? (
            <form onSubmit={next}>
              {step.shortAnswer !== null ? (
                <section>
                  <h3>A short answer</h3>
                  <Markdown text={step.shortAnswer} />
                </section>
              ) : null}
              <button class="primary" type="submit" disabled={busy}>
                {lastQuestion ? "Finish the interview" : "Next question"}
              </button>
            </form>
          ) : null}
          {error ? <ErrorLine error={error} /> : null}
        </article>
      )}
    </Loading>
  );
}

function Summary({ mock }: { mock: MockResponse }) {
  const summary = mock.summary!;
  return (
    <section class="mock-summary">
      <h1>Mock interview summary</h1>
      <p>
        {summary.role === "scientist" ? "Research scientist" : "Research engineer"} loop, {summary.minutes} minutes
        {mock.seed !== null ? `, seed ${mock.seed}` : ""}: <strong>{summary.finished ? "finished" : "stopped early"}</strong>.
      </p>
      <table>
        <caption>Per segment</caption>
        <thead>
          <tr>
            <th scope="col">segment</th>
            <th scope="col">questions</th>
            <th scope="col">rubric coverage</th>
            <th scope="col">minutes taken</th>
            <th scope="col">minutes allotted</th>
            <th scope="col">over</th>
          </tr>
        </thead>
        <tbody>
          {summary.segments.map((s) => (
            <tr>
              <th scope="row">{s.name}</th>
              <td>{s.questions}</td>
              <td>{percent(s.coverage)}</td>
              <td>{s.minutes.toFixed(1)}</td>
              <td>{s.allottedMinutes.toFixed(1)}</td>
              <td class={s.overtimeMinutes > 0 ? "warn" : undefined}>{s.overtimeMinutes > 0 ? `${s.overtimeMinutes.toFixed(1)} min over` : "on time"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Weakest areas</h2>
      {summary.weakestAreas.length === 0 ? (
        <p class="muted">No question was answered.</p>
      ) : (
        <ol>
          {summary.weakestAreas.map((w) => (
            <li>
              <a href={AREA_PAGES[w.area] ?? `/drill?area=${w.area}`}>{w.area}</a>: {percent(w.coverage)} {w.area in AREA_PAGES ? "score" : "rubric coverage"} over {w.attempts}{" "}
              {w.attempts === 1 ? "answer" : "answers"}
            </li>
          ))}
        </ol>
      )}
      {mock.report ? (
        <p>
          Saved in your workspace as <code>{mock.report}</code>.
        </p>
      ) : null}
      <a class="button" href="/mock">
        Start another interview
      </a>
    </section>
  );
}

/** Where to practise an area of the summary that is not a card area. */
const AREA_PAGES: Record<string, string> = { coding: "/katas", incidents: "/incidents" };

/**
 * The experiment-judgment segment's incident: the run to diagnose and the answer form, then
 * the reveal, and on to the next segment.
 */
function IncidentQuestion({ session, onNext }: { session: string; onNext: () => Promise<void> }) {
  const [answered, setAnswered] = useState(false);
  const { busy, error, run } = useAction();
  return (
    <section class="mock-incident" aria-label="Incident">
      <h2>You are on call</h2>
      <p class="muted">Diagnose this training run: what is wrong (or nothing), what you check first, your first action, and why.</p>
      <IncidentDrill session={session} onAnswered={() => setAnswered(true)} />
      {error ? <ErrorLine error={error} /> : null}
      {answered ? (
        <button class="primary" disabled={busy} onClick={() => void run(onNext)}>
          Next question
        </button>
      ) : null}
    </section>
  );
}

/**
 * The coding segment's kata: the statement, an editor with a fresh starter, tests without
 * hints, then the hand-in (the full result, the reference, the bugs and the follow-ups to
 * talk through) and on to the next segment.
 */
function KataQuestion({ mock, slug, onNext }: { mock: MockResponse; slug: string; onNext: () => Promise<void> }) {
  const kata = useApi(() => getJson(`/api/katas/${encodeURIComponent(slug)}`, KataResponse), [slug]);
  const [lang, setLang] = useState<Lang>("py");
  const [code, setCode] = useState<string | null>(null);
  const [result, setResult] = useState<CheckResponse | null>(null);
  const [reveal, setReveal] = useState<SolutionResponse | null>(null);
  const { busy, error, run: act } = useAction();
  const check = (final: boolean) =>
    postJson(`/api/katas/${encodeURIComponent(slug)}/check`, { lang, code: code ?? kata.data!.kata.starter[lang], mode: "mock", sessionId: mock.id, final }, CheckResponse).then(setResult);
  const handIn = () =>
    act(async () => {
      await check(true);
      setReveal(await postJson(`/api/katas/${encodeURIComponent(slug)}/solution`, { giveUp: true }, SolutionResponse));
    });
  return (
    <Loading state={kata}>
      {({ kata: k }) => (
        <section class="mock-kata" aria-label="Coding question">
          <h2>{k.title}</h2>
          <Markdown text={k.statement} />
          {reveal ? null : (
            <>
              <fieldset class="kata-lang">
                <legend>Language</legend>
                {(["py", "ts"] as const).map((l) => (
                  <label>
                    <input type="radio" name="lang" value={l} checked={lang === l} onChange={() => (setLang(l), setCode(null))} /> {LANG_NAMES[l]}
                  </label>
                ))}
              </fieldset>
              <CodeEditor value={k.starter[lang]} version={`mock-${lang}`} lang={lang} label={`${LANG_NAMES[lang]} solution`} onChange={setCode} />
              <div class="kata-actions">
                <button class="primary" disabled={busy} onClick={() => void act(() => check(false))}>
                  {busy ? "Running…" : "Run tests"}
                </button>
                <button disabled={busy} onClick={() => void handIn()}>
                  Hand in
                </button>
              </div>
            </>
          )}
          <div aria-live="polite">
            {error ? <ErrorLine error={error} /> : null}
            {result ? <KataResult response={result} /> : null}
          </div>
          {reveal ? (
            <>
              <KataReveal reveal={reveal} lang={lang} />
              <p>Talk the first follow-up through aloud, as you would to the interviewer, then open its answer above.</p>
              <button class="primary" disabled={busy} onClick={() => void act(onNext)}>
                Next question
              </button>
            </>
          ) : null}
        </section>
      )}
    </Loading>
  );
}

function Interview({ id }: { id: string }) {
  const [mock, setMock] = useState<MockResponse | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    getJson(`/api/mock/${id}`, MockResponse).then(setMock, setError);
  }, [id]);
  const answered = async (uid: string) => setMock(await postJson(`/api/mock/${id}/answers`, { uid }, MockResponse));
  const handedIn = async () => setMock(await postJson(`/api/mock/${id}/kata`, {}, MockResponse));
  const diagnosed = async () => setMock(await postJson(`/api/mock/${id}/incident`, {}, MockResponse));
  const stop = () => postJson(`/api/mock/${id}/stop`, {}, MockResponse).then(setMock, setError);
  if (error) return <ErrorLine error={error} />;
  if (!mock) return <p class="muted">Loading…</p>;
  if (!mock.current) return <Summary mock={mock} />;
  const { current } = mock;
  return (
    <div class="mock">
      <h1>
        Segment {current.segment + 1} of {mock.segments.length}: {mock.segments[current.segment].name}
      </h1>
      <ol class="mock-segments" aria-label="Segments">
        {mock.segments.map((s, i) => (
          <li aria-current={i === current.segment ? "step" : undefined}>
            {s.name}
            {i < current.segment ? " (done)" : i === current.segment ? ` (now: question ${current.question + 1} of ${s.questions})` : ""}
          </li>
        ))}
      </ol>
      <SegmentClock key={`${current.segment}/${current.question}`} current={current} />
      {current.incident ? (
        <IncidentQuestion key={current.incident} session={current.incident} onNext={diagnosed} />
      ) : current.kata ? (
        <KataQuestion key={current.cardId} mock={mock} slug={current.kata} onNext={handedIn} />
      ) : (
        <Question key={current.cardId} mock={mock} onNext={answered} />
      )}
      <p>
        <button type="button" onClick={stop}>
          Stop the interview here
        </button>
      </p>
    </div>
  );
}

export default function Mock({ query }: PageProps) {
  const id = query.get("id");
  return id ? <Interview id={id} /> : <StartForm query={query} />;
}
