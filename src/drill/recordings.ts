/**
 * Spoken answers: a recording is filed under the attempt it answered, as
 * `audio/<attempt-uid>.webm` in the workspace, with a sidecar `audio/<attempt-uid>.json`
 * holding its length. The sidecar is written last, so a recording is listed only once both
 * files are complete; the attempt in dojo.db says which card it belongs to.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, NotFoundError } from "../errors.js";
import type { Db } from "../store/open.js";
import { writeFileAtomic } from "../workspace/atomic.js";
import { findAttempt, listAttempts } from "./history.js";

/** One stored recording, as the sidecar holds it. */
export interface Recording {
  attemptUid: string;
  cardId: string;
  durationMs: number;
  bytes: number;
  /** ISO time the recording was stored. */
  recordedAt: string;
}

/** A recording listed beside the model answer: the attempt's date with the recording's length. */
export interface CardRecording extends Recording {
  /** ISO time the attempt's question was shown. */
  startedAt: string;
}

/** Attempt uids are UUIDs, so a uid can never name a path outside audio/. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The longest recording kept: an hour, far beyond any answer's target. */
export const MAX_RECORDING_MS = 3_600_000;

/** The folder of recordings in workspace `home`. */
export const audioDir = (home: string): string => join(home, "audio");

function checkUid(uid: string): void {
  if (!UUID.test(uid)) throw new InputError(`recording id "${uid}": not an attempt uid (a UUID)`);
}

/** The audio file of attempt `uid`'s recording. */
export function recordingPath(home: string, uid: string): string {
  checkUid(uid);
  return join(audioDir(home), `${uid}.webm`);
}

const sidecarPath = (home: string, uid: string) => join(audioDir(home), `${uid}.json`);

/**
 * Stores the recording of attempt `uid` (which must be stored already) with its duration.
 * One recording per attempt: a second one is refused, so nothing recorded is overwritten.
 */
export function saveRecording(db: Db, home: string, uid: string, audio: Uint8Array, durationMs: number, now: Date): Recording {
  const path = recordingPath(home, uid);
  const attempt = findAttempt(db, uid);
  if (audio.length === 0) throw new InputError("recording: the body is empty", "send the recorded audio/webm bytes");
  if (!Number.isInteger(durationMs) || durationMs < 0 || durationMs > MAX_RECORDING_MS) {
    throw new InputError(`durationMs: ${durationMs} is not a whole number of milliseconds from 0 to ${MAX_RECORDING_MS}`);
  }
  if (existsSync(path)) throw new InputError(`attempt ${uid} already has a recording`, "each attempt keeps the one recording made for it");
  const recording: Recording = { attemptUid: uid, cardId: attempt.cardId, durationMs, bytes: audio.length, recordedAt: now.toISOString() };
  mkdirSync(audioDir(home), { recursive: true });
  writeFileAtomic(path, audio);
  writeFileAtomic(sidecarPath(home, uid), JSON.stringify(recording, null, 2) + "\n");
  return recording;
}

/** The sidecar of attempt `uid`'s recording, or null when it has none (or it is not complete). */
function readSidecar(home: string, uid: string): Recording | null {
  const path = sidecarPath(home, uid);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as Recording;
}

/** The audio bytes of attempt `uid`'s recording; NotFoundError when there is none. */
export function readRecording(home: string, uid: string): Uint8Array<ArrayBuffer> {
  const path = recordingPath(home, uid);
  if (!readSidecar(home, uid)) throw new NotFoundError(`no recording for attempt "${uid}"`);
  return new Uint8Array(readFileSync(path));
}

/** The recordings of a card's attempts, newest first. */
export function listRecordings(db: Db, home: string, cardId: string): CardRecording[] {
  return listAttempts(db, cardId)
    .flatMap((a) => {
      // Attempts imported from before uids were UUIDs have no recording.
      const sidecar = UUID.test(a.uid) ? readSidecar(home, a.uid) : null;
      return sidecar ? [{ ...sidecar, startedAt: a.startedAt }] : [];
    })
    .reverse();
}
