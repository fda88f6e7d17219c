/**
 * Recording a spoken answer in the browser (MediaRecorder, audio/webm), with a live speaking
 * clock against a target. The recording stays in the page (a Blob) until the page uploads
 * it; nothing leaves the machine.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { clock } from "../format.js";

export interface Recorded {
  blob: Blob;
  durationMs: number;
  /** An object URL for replay in the page. */
  url: string;
}

export type RecorderState =
  | { status: "idle" }
  | { status: "recording"; startedAt: number }
  | { status: "recorded"; recording: Recorded }
  | { status: "failed"; message: string };

export interface VoiceRecorder {
  state: RecorderState;
  start: () => Promise<void>;
  /** Stops a recording in progress; resolves with the finished recording (or the one already made, or null). */
  stop: () => Promise<Recorded | null>;
  /** Drops the recording made so far. */
  discard: () => void;
}

const MIME = "audio/webm";

/** A recorder for one answer; `reset` (e.g. the attempt's id) discards it when it changes. */
export function useVoiceRecorder(reset: unknown): VoiceRecorder {
  const [state, setState] = useState<RecorderState>({ status: "idle" });
  const current = useRef<{ recorder: MediaRecorder; stream: MediaStream; done: Promise<Recorded> } | null>(null);
  const made = useRef<Recorded | null>(null);

  const release = () => {
    current.current?.stream.getTracks().forEach((t) => t.stop());
    current.current = null;
  };
  const discard = () => {
    if (current.current?.recorder.state === "recording") current.current.recorder.stop();
    release();
    if (made.current) URL.revokeObjectURL(made.current.url);
    made.current = null;
    setState({ status: "idle" });
  };
  useEffect(() => discard, [reset]);

  const start = async () => {
    discard();
    if (typeof MediaRecorder === "undefined" || !MediaRecorder.isTypeSupported(MIME)) {
      setState({ status: "failed", message: "This browser cannot record audio/webm; type your answer instead." });
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      setState({ status: "failed", message: `No microphone: ${(error as Error).message}` });
      return;
    }
    const recorder = new MediaRecorder(stream, { mimeType: MIME });
    const chunks: Blob[] = [];
    const startedAt = performance.now();
    const done = new Promise<Recorded>((resolve) => {
      recorder.ondataavailable = (event) => event.data.size > 0 && chunks.push(event.data);
      recorder.onstop = () => {
        const blob = new Blob(chunks, { type: MIME });
        resolve({ blob, durationMs: Math.round(performance.now() - startedAt), url: URL.createObjectURL(blob) });
      };
    });
    current.current = { recorder, stream, done };
    recorder.start();
    setState({ status: "recording", startedAt });
  };

  const stop = async (): Promise<Recorded | null> => {
    const active = current.current;
    if (!active) return made.current;
    active.recorder.stop();
    const recording = await active.done;
    release();
    made.current = recording;
    setState({ status: "recorded", recording });
    return recording;
  };

  return { state, start, stop, discard };
}

/** "Speaking 0:42 of 2:00", ticking while the recording runs; past the target it says so in words. */
function SpeakingClock({ startedAt, targetSeconds }: { startedAt: number; targetSeconds: number }) {
  const [now, setNow] = useState(performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const elapsed = now - startedAt;
  const over = elapsed > targetSeconds * 1000;
  return (
    <span role="timer" aria-label="Speaking time" class={over ? "warn" : undefined}>
      Speaking {clock(elapsed)} of {clock(targetSeconds * 1000)}
      {over ? " (over the target)" : ""}
    </span>
  );
}

/** The recorder's controls: record, stop, replay in the page, discard. */
export function VoiceRecorderPanel({ recorder, targetSeconds, disabled }: { recorder: VoiceRecorder; targetSeconds: number; disabled?: boolean }) {
  const { state } = recorder;
  return (
    <div class="voice" aria-live="polite">
      {state.status === "recording" ? (
        <>
          <span class="voice-dot" aria-hidden="true">
            ●
          </span>{" "}
          <SpeakingClock startedAt={state.startedAt} targetSeconds={targetSeconds} />{" "}
          <button type="button" onClick={() => void recorder.stop()}>
            Stop recording
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={() => void recorder.start()} disabled={disabled}>
            {state.status === "recorded" ? "Record again" : "Record answer"}
          </button>{" "}
          {state.status === "recorded" ? (
            <>
              <span>
                Recorded {clock(state.recording.durationMs)} of a {clock(targetSeconds * 1000)} target
              </span>{" "}
              <audio controls src={state.recording.url} aria-label="Your recording" />{" "}
              <button type="button" onClick={recorder.discard}>
                Discard recording
              </button>
            </>
          ) : state.status === "failed" ? (
            <span class="error">{state.message}</span>
          ) : (
            <span class="muted">Answer aloud: target {clock(targetSeconds * 1000)}</span>
          )}
        </>
      )}
    </div>
  );
}
