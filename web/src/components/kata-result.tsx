/** A kata check's result (verdict, first failure, hint, cases) and the reference reveal, as the kata and mock pages show them. */
import type { CheckResponse, SolutionResponse } from "../../../src/api/katas.js";
import { when } from "../format.js";
import { Markdown } from "./markdown.js";

export type Lang = "py" | "ts";
export const LANG_NAMES: Record<Lang, string> = { py: "Python (NumPy)", ts: "TypeScript" };

const STATUS_MARK = { passed: "✓", wrong: "✗", error: "✗", timeout: "⏱", "not-run": "·" } as const;
const ROUND_TEXT = { "passed-first-try": "Good (passed on the first check)", "passed-after-failures": "Hard (passed after failed checks)", "gave-up": "Again (gave up)" } as const;

export function KataResult({ response }: { response: CheckResponse }) {
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
        {result.confined ? "" : " · no container on this machine (install bubblewrap): the runtime's own guards only"}
      </p>
    </section>
  );
}

export function KataReveal({ reveal, lang }: { reveal: SolutionResponse; lang: Lang }) {
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

