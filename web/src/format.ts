/** How pages show numbers and times. */

/** 0.734 → "73%"; null → "–". */
export const percent = (x: number | null | undefined): string => (x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`);

/** An ISO time as the reader's local date and time, e.g. "6 Dec 2026, 14:05". */
export const when = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

/** Milliseconds as "1:05" (minutes:seconds), or "1:02:05" past an hour. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
