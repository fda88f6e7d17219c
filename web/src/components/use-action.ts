import { useState } from "preact/hooks";

/**
 * A page's button actions: `run` marks the page busy while `work` runs and keeps its error
 * for an ErrorLine (cleared when the next action starts).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
