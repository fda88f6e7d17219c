import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../api.js";

export interface Loaded<T> {
  data: T | null;
  error: ApiError | Error | null;
  loading: boolean;
  /** Loads again (after a change the page made). */
  reload: () => void;
}

/** Runs `load` when `deps` change; the page renders loading, error or data. */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** How often a page showing running work loads again. */
const REFRESH_MS = 2000;

/** Reloads `state` every two seconds while `active` (runs training, a pipeline running). */
export function useRefreshWhile<T>(active: boolean, state: Loaded<T>): void {
  useEffect(() => {
    if (!active || state.loading) return;
    const timer = setTimeout(state.reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [active, state.loading, state.data]);
}
