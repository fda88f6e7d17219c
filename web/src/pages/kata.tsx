/**
 * One kata: the statement beside a code editor (Python or TypeScript), Run tests with the
 * result per case, interview mode (the kata's budget on a timer, no hints until it ends),
 * the reference solution with the common bugs and follow-ups after an attempt, and the
 * history of checks.
 */
import { useEffect, useState } from "preact/hooks";
import { CheckResponse, InterviewResponse, KataResponse, SolutionResponse } from "../../../src/api/katas.js";
import { getJson, postJson } from "../api.js";
import { CodeEditor } from "../components/code-editor.js";
import { Markdown } from "../components/markdown.js";
import { ErrorLine, Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { clock, when } from "../format.js";
import type { PageProps } from "../pages.js";

type Lang = "py" | "ts";
const LANG_NAMES: Record<Lang, string> = { py: "Python (NumPy)", ts: "TypeScript" };
const STATUS_MARK = { passed: "✓", wrong: "✗", error: "✗", timeout: "⏱", "not-run": "·" } as const;
const ROUND_TEXT = { "passed-first-try": "Good (passed on the first check)", "passed-after-failures": "Hard (passed after failed checks)", "gave-up": "Again (gave up)" } as const;

function Result({ response }: { response: CheckResponse }) {
  const { result, round } = response;
  const f = result.failure;
  return (
    <section class="kata-result panel" aria-label="Test results">
      <h2 class={result.verdict === "passed" ? "good" : "bad"}>
        {result.verdict === "passed" ? "✓ Passed" : `✗ ${result.verdict.replace(/-/g, " ")}`}
      </h2>
      <p>{result.summary}</p>
      {round ? <p>{round.due ? `Rated ${ROUND_TEXT[round.outcome]}: due ${when(round.due)}.` : "Not due yet: practice, the schedule is unchanged."}</p> : null}
      {response.interview ? <p class="muted">{response.interview.line}</p> : null}
      {f && f.inputs.length > 0 ? (
        <div class="kata-failure">
          <h3>First failure: {f.name}</h3>
          <pre>
            {`${f.fn}(${f.inputs.join(", ")})\nexpected: ${f.expected}${f.actual !== null ? `\ngot:      ${f.actual}` : ""}${f.index ? `\nfirst difference at index [${f.index.join(", ")}]` : ""}`}
          </pre>
          {f.actual === null ? <p>{f.message}</p> : null}
        </div>
      ) : null}
      {f?.hint ? <p class="kata-hint">Hint: {f.hint.text}</p> : null}
      <details>
        <summary>
          {result.passed} of {result.total} cases passed
        </summary>
        <ul class="kata-cases">
          {result.cases.map((c) => (
            <li>
              <span aria-hidden="true">{STATUS_MARK[c.status]}</span> {c.name} ({c.fn}): {c.status}
              {c.message ? `: ${c.message}` : ""}
            </li>
          ))}
        </ul>
      </details>
      {result.printed.trim() ? (
        <details>
          <summary>Your code printed</summary>
          <pre>{result.printed}</pre>
        </details>
      ) : null}
      <p class="muted">
        Judge: {Math.round(result.totalMs)} ms in all, {Math.round(result.userMs)} ms in your code · seed {result.seed}
        {result.networkIsolated ? "" : " · network could not be cut off on this machine"}
      </p>
    </section>
  );
}

function Reveal({ reveal, lang }: { reveal: SolutionResponse; lang: Lang }) {
  return (
    <section class="panel kata-reveal" aria-label="Reference solution">
      <h2>Reference solution ({LANG_NAMES[lang]})</h2>
      {reveal.gaveUp ? <p class="muted">{reveal.gaveUp.due ? `Rated Again: due ${when(reveal.gaveUp.due)}.` : "Not due yet: the schedule is unchanged."}</p> : null}
      <pre>{reveal.solution[lang]}</pre>
      <h3>Common bugs</h3>
      <ul>
        {reveal.bugs.map((b) => (
          <li>
            {b.mistake} <span class="muted">— {b.symptom}</span>
          </li>
        ))}
      </ul>
      <h3>Follow-ups an interviewer asks next</h3>
      {reveal.followups.map((f) => (
        <details>
          <summary>{f.question}</summary>
          <Markdown text={f.answer} />
        </details>
      ))}
      {reveal.references.length ? <p class="muted">{reveal.references.join(" · ")}</p> : null}
    </section>
  );
}

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
  const [code, setCode] = useState<string | null>(null);
  const [version, setVersion] = useState("initial");
  const [running, setRunning] = useState(false);
  const [response, setResponse] = useState<CheckResponse | null>(null);
  const [reveal, setReveal] = useState<SolutionResponse | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [interview, setInterview] = useState<InterviewResponse | null>(null);
  const now = useNow(interview !== null);
  const left = interview ? new Date(interview.deadline).getTime() - now : 0;

  const data = state.data;
  const initial = data ? (data.drafts[lang] ?? data.kata.starter[lang]) : "";
  const current = code ?? initial;

  const run = async (final = false) => {
    setRunning(true);
    setError(null);
    try {
      const body = interview ? { lang, code: current, mode: "interview", sessionId: interview.id, final } : { lang, code: current };
      setResponse(await postJson(`/api/katas/${encodeURIComponent(slug)}/check`, body, CheckResponse));
      state.reload();
    } catch (err) {
      setError(err as Error);
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
      setResponse(null);
      setReveal(null);
      setCode(session.starter);
      setVersion(`interview-${session.id}`);
    } catch (err) {
      setError(err as Error);
    }
  };
  const handIn = async () => {
    await run(true);
    await showSolution(true);
    setInterview(null);
  };
  // The time is up: hand in what is there, as an interviewer would.
  useEffect(() => {
    if (interview && left <= 0 && !running) void handIn();
  }, [interview, left <= 0]);

  const switchLang = (next: Lang) => {
    setLang(next);
    setCode(null);
    setVersion(`lang-${next}-${Date.now()}`);
  };

  return (
    <Loading state={state}>
      {({ kata, history, status, due }) => (
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
                Implement {kata.functions[lang].join(", ")}. Tab indents; Esc then Tab leaves the editor.
              </p>
              <CodeEditor value={current} version={`${version}-${lang}-${data ? "loaded" : ""}`} lang={lang} label={`${LANG_NAMES[lang]} solution`} onChange={setCode} />
              <div class="kata-actions">
                <button class="primary" onClick={() => void run()} disabled={running}>
                  {running ? "Running…" : "Run tests"}
                </button>
                {interview ? (
                  <button onClick={() => void handIn()} disabled={running}>
                    Hand in
                  </button>
                ) : (
                  <>
                    <button onClick={() => void startInterview()} disabled={running}>
                      Interview mode ({kata.minutes} min)
                    </button>
                    <button
                      onClick={() => {
                        setCode(kata.starter[lang]);
                        setVersion(`reset-${Date.now()}`);
                      }}
                    >
                      Reset to the starter
                    </button>
                    {history.length > 0 ? (
                      <button onClick={() => void showSolution(false)}>Show the solution</button>
                    ) : (
                      <button onClick={() => void showSolution(true)}>Give up and show the solution</button>
                    )}
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
