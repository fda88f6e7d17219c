import type { ComponentChildren } from "preact";
import { ApiError } from "../api.js";

/** An error as one line, with the server's hint when it gave one. */
export function ErrorLine({ error }: { error: Error }) {
  return (
    <p class="error" role="alert">
      {error.message}
      {error instanceof ApiError && error.hint ? <span class="hint"> ({error.hint})</span> : null}
    </p>
  );
}

/** Loading, error or content, for a page or a panel fed by useApi. */
export function Loading<T>({ state, children }: { state: { data: T | null; error: Error | null; loading: boolean }; children: (data: T) => ComponentChildren }) {
  if (state.error) return <ErrorLine error={state.error} />;
  if (state.data === null) return <p class="muted" aria-busy="true">Loading…</p>;
  return <>{children(state.data)}</>;
}
