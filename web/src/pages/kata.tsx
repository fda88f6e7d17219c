/**
 * One kata: the statement beside a code editor (Python or TypeScript), Run tests with the
 * result per case, interview mode (the kata's budget on a timer, no hints until it ends),
 * the reference solution with the common bugs and follow-ups after an attempt, and the
 * history of checks.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { CheckResponse, InterviewResponse, KataResponse, SolutionResponse } from "../../../src/api/katas.js";
import { getJson, postJson } from "../api.js";
import { CodeEditor } from "../components/code-editor.js";
import { KataResult as Result, KataReveal as Reveal, LANG_NAMES, type Lang } from "../components/kata-result.js";
import { Markdown } from "../components/markdown.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { clock, when } from "../format.js";
import type { PageProps } from "../pages.js";

/** What revealing the solution costs now, as its button says it. */
const REVEAL_LABEL = { free: "Show the solution", "gives-up": "Show the solution (counts as giving up)", "needs-attempt": "Give up and show the solution" } as const;

function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export default function KataPage({ params, query }: PageProps) {
  const slug = params.slug;
  const state = useApi(() => getJson(`/api/katas/${encodeURIComponent(slug)}`, KataResponse), [slug]);
  const [lang, setLang] = useState<Lang>(query.get("lang") === "ts" ? "ts" : "py");
  // Unsaved edits per language (practice), and the interview's own code: neither overwrites the other.
  const [edits, setEdits] = useState<Record<Lang, string | null>>({ py: null, ts: null });
  const [interviewCode, setInterviewCode] = useState<string | null>(null);
  const [version, setVersion] = useState("initial");
  const [running, setRunning] = useState(false);
  const [response, setResponse] = useState<CheckResponse | null>(null);
  const [reveal, setReveal] = useState<SolutionResponse | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [interview, setInterview] = useState<InterviewResponse | null>(null);
  const handingIn = useRef(false);
  const now = useNow(interview !== null);
  const left = interview ? new Date(interview.deadline).getTime() - now : 0;

  const data = state.data;
  const current = interview ? (interviewCode ?? interview.starter) : (edits[lang] ?? (data ? (data.drafts[lang] ?? data.kata.starter[lang]) : ""));
  const setCurrent = (code: string) => (interview ? setInterviewCode(code) : setEdits((e) => ({ ...e, [lang]: code })));

  /** Runs the tests; true when the check went through. */
  const run = async (final = false): Promise<boolean> => {
    setRunning(true);
    setError(null);
    try {
      const body = interview ? { lang, code: current, mode: "interview", sessionId: interview.id, final } : { lang, code: current };
      setResponse(await postJson(`/api/katas/${encodeURIComponent(slug)}/check`, body, CheckResponse));
      state.reload();
      return true;
    } catch (err) {
      setError(err as Error);
      return false;
    } finally {
      setRunning(false);
    }
  };
  const showSolution = async (giveUp: boolean) => {
    setError(null);
    try {
      setReveal(await postJson(`/api/katas/${encodeURIComponent(slug)}/solution`, { giveUp }, SolutionResponse));
      state.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const startInterview = async () => {
    setError(null);
    try {
      const session = await postJson(`/api/katas/${encodeURIComponent(slug)}/interview`, { lang }, InterviewResponse);
      setInterview(session);
      setInterviewCode(null);
      setResponse(null);
      setReveal(null);
      setVersion(`interview-${session.id}`);
    } catch (err) {
      setError(err as Error);
    }
  };
  /** Hands the interview in once: the final check with hints, then the reference (a failed check reveals nothing). */
  const handIn = async () => {
    if (handingIn.current) return;
    handingIn.current = true;
    try {
      if (await run(true)) await showSolution(true);
    } finally {
      handingIn.current = false;
      setInterview(null);
      setVersion(`practice-${Date.now()}`);
    }
  };
  // The time is up: hand in what is there, as an interviewer would (after a run under way ends).
  useEffect(() => {
    if (interview && left <= 0 && !running) void handIn();
  }, [interview, left <= 0, running]);

  const switchLang = (next: Lang) => {
    setLang(next);
    setVersion(`lang-${next}-${Date.now()}`);
  };

  return (
    <Loading state={state}>
      {({ kata, history, status, due, revealCost }) => (
        <div class="kata-page">
          <p class="muted">
            <a href="/katas">Katas</a> · {kata.area} · difficulty {kata.difficulty} · budget {kata.minutes} min · {status === "scheduled" && due ? `due ${when(due)}` : status}
          </p>
          <h1>{kata.title}</h1>
          <div class="kata-layout">
            <section class="kata-statement" aria-label="Statement">
              <Markdown text={kata.statement} />
              <p class="muted">
                Hidden tests: {kata.edges.length} edge cases ({kata.edges.join("; ")}) and {kata.random} random cases, new at every run.
              </p>
            </section>
            <section class="kata-work" aria-label="Your solution">
              <div class="kata-toolbar">
                <fieldset class="kata-lang" disabled={interview !== null}>
                  <legend>Language</legend>
                  {(["py", "ts"] as const).map((l) => (
                    <label>
                      <input type="radio" name="lang" value={l} checked={lang === l} onChange={() => switchLang(l)} /> {LANG_NAMES[l]}
                    </label>
                  ))}
                </fieldset>
                {interview ? (
                  <p class="kata-timer" role="timer" aria-live="off">
                    Interview: <strong>{clock(left)}</strong> left
                  </p>
                ) : null}
              </div>
              <p class="muted">
                Implement {kata.functions[lang].join(", ")}. Enter keeps the indentation; Ctrl-] and Ctrl-[ indent and dedent; Tab moves on to the buttons.
              </p>
              <CodeEditor value={current} version={`${version}-${lang}-${data ? "loaded" : ""}`} lang={lang} label={`${LANG_NAMES[lang]} solution`} onChange={setCurrent} />
              <div class="kata-actions">
                <button class="primary" onClick={() => void run()} disabled={running}>
                  {running ? "Running…" : "Run tests"}
                </button>
                {interview ? (
                  <button onClick={() => void handIn()} disabled={running || handingIn.current}>
                    Hand in
                  </button>
                ) : (
                  <>
                    <button onClick={() => void startInterview()} disabled={running}>
                      Interview mode ({kata.minutes} min)
                    </button>
                    <button
                      onClick={() => {
                        setEdits((e) => ({ ...e, [lang]: kata.starter[lang] }));
                        setVersion(`reset-${Date.now()}`);
                      }}
                    >
                      Reset to the starter
                    </button>
                    <button onClick={() => void showSolution(revealCost !== "free")}>{REVEAL_LABEL[revealCost]}</button>
                  </>
                )}
              </div>
              <div aria-live="polite">
                {error ? <ErrorLine error={error} /> : null}
                {response ? <Result response={response} /> : null}
              </div>
            </section>
          </div>
          {reveal ? <Reveal reveal={reveal} lang={lang} /> : null}
          <section>
            <h2>History</h2>
            {history.length === 0 ? (
              <p class="muted">No checks yet.</p>
            ) : (
              <table class="history">
                <thead>
                  <tr>
                    <th scope="col">checked</th>
                    <th scope="col">language</th>
                    <th scope="col">mode</th>
                    <th scope="col">verdict</th>
                    <th scope="col">cases</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((h) => (
                    <tr>
                      <td>{when(h.checkedAt)}</td>
                      <td>{h.lang}</td>
                      <td>{h.mode}</td>
                      <td>{h.verdict}</td>
                      <td>
                        {h.passed}/{h.total}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </Loading>
  );
}
