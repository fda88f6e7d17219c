/** Cards: browse the question bank by area, kind and difficulty, and search it (SQLite FTS5), with snippets of where it matched. */
import { useEffect, useState } from "preact/hooks";
import { CardsResponse, type SnippetPart } from "../../../src/api/cards.js";
import { getJson } from "../api.js";
import { Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import type { PageProps } from "../pages.js";
import { navigate } from "../router.js";

const FILTERS = ["q", "area", "kind", "difficulty"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** A snippet as text, its matched words in <mark>: built from the parts, never parsed as HTML. */
function Snippet({ parts }: { parts: SnippetPart[] }) {
  return <p class="snippet">{parts.map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</p>;
}

export default function Cards({ query }: PageProps) {
  const current = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Filters;
  const key = FILTERS.map((f) => current[f]).join("\u0000");
  const state = useApi(() => getJson("/api/cards", CardsResponse, current), [key]);
  const [draft, setDraft] = useState<Filters>(current);
  // The address can change under the page (the back button, the Cards link): the form follows it.
  useEffect(() => setDraft(current), [key]);
  const apply = (filters: Filters) => {
    const params = new URLSearchParams();
    for (const f of FILTERS) if (filters[f].trim() !== "") params.set(f, filters[f].trim());
    const qs = params.toString();
    navigate(qs ? `/cards?${qs}` : "/cards", { replace: true });
  };
  const choose = (name: keyof Filters) => (e: Event) => {
    const next = { ...draft, [name]: (e.currentTarget as HTMLSelectElement).value };
    setDraft(next);
    apply(next);
  };
  return (
    <div class="cards">
      <h1>Cards</h1>
      <form
        class="card-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <label>
          Search questions, answers and rubrics
          <input type="search" value={draft.q} placeholder='e.g. perplexity, "label smoothing", kv*' onInput={(e) => setDraft({ ...draft, q: (e.currentTarget as HTMLInputElement).value })} />
        </label>
        <button type="submit" class="primary">
          Search
        </button>
        <label>
          Area
          <select value={draft.area} onChange={choose("area")}>
            <option value="">all areas</option>
            {state.data?.areas.map((a) => <option value={a}>{a}</option>)}
          </select>
        </label>
        <label>
          Kind
          <select value={draft.kind} onChange={choose("kind")}>
            <option value="">all kinds</option>
            {state.data?.kinds.map((k) => <option value={k}>{k}</option>)}
          </select>
        </label>
        <label>
          Difficulty
          <select value={draft.difficulty} onChange={choose("difficulty")}>
            <option value="">any</option>
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="3">3</option>
          </select>
        </label>
      </form>
      <Loading state={state}>
        {(data) => (
          <>
            <p class="muted" aria-live="polite">
              {data.cards.length} of {data.total} cards{current.q ? `, best match first` : ""}
            </p>
            <ol class="card-list">
              {data.cards.map((card) => (
                <li>
                  <a href={`/cards/${card.id}`}>{card.title}</a>
                  <span class="muted">
                    {" "}
                    · {card.area} · {card.kind} · difficulty {card.difficulty}
                  </span>
                  {card.snippet ? <Snippet parts={card.snippet} /> : null}
                </li>
              ))}
            </ol>
          </>
        )}
      </Loading>
    </div>
  );
}
