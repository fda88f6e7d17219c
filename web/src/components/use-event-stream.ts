import { useEffect, useRef, useState } from "preact/hooks";
import type { z } from "zod";

export type StreamState = "connecting" | "open" | "ended" | "failed";

export interface StreamHandlers<T> {
  /** The stream (re)connected: the server sends its whole history again, so drop what came before. */
  onOpen: () => void;
  /** One message's data, checked against the schema. */
  onMessage: (data: T) => void;
  /** The server's end event: nothing more will come. */
  onEnd?: () => void;
}

/**
 * Follows the server-sent events at `url` (null: none) until the server's `endEvent`: every
 * message's data is JSON checked against `schema`. The browser reconnects by itself after a
 * dropped connection; a stream that cannot be opened at all is "failed". `session` restarts
 * the stream when it changes (e.g. after a run is resumed).
 */
export function useEventStream<S extends z.ZodType>(url: string | null, schema: S, endEvent: string, handlers: StreamHandlers<z.infer<S>>, session = 0): { state: StreamState; error: string | null } {
  const [state, setState] = useState<StreamState>("connecting");
  const [error, setError] = useState<string | null>(null);
  // The latest handlers, so that the stream is not reopened when the page re-renders.
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (url === null) return;
    setState("connecting");
    setError(null);
    const source = new EventSource(url);
    source.onopen = () => {
      setState("open");
      current.current.onOpen();
    };
    source.onmessage = (event: MessageEvent<string>) => {
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        setError(`${url}: a message is not JSON`);
        return;
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        setError(`${url}: a message does not match the contract (${parsed.error.issues[0]?.message})`);
        return;
      }
      current.current.onMessage(parsed.data);
    };
    source.addEventListener(endEvent, () => {
      source.close();
      setState("ended");
      current.current.onEnd?.();
    });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return; // reconnecting
      setState("failed");
      setError(`${url}: the event stream could not be opened`);
    };
    return () => source.close();
  }, [url, session]);
  return { state, error };
}
