/**
 * A progress line on stderr for long work: shown only on a terminal, and only once the
 * work has run for `delayMs` (so quick commands print nothing extra), redrawn at most
 * every 100 ms, erased when done.
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr, delayMs = 1000) {
  const start = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done: number, total: number): void {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - start < delayMs || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      const fraction = total > 0 ? done / total : 0;
      const eta = fraction > 0 ? ((now - start) * (1 - fraction)) / fraction / 1000 : NaN;
      const etaText = Number.isFinite(eta) ? `, about ${Math.ceil(eta)} s left` : "";
      stream.write(`\r${label}: ${(fraction * 100).toFixed(0)}%${etaText}\x1b[K`);
    },
    finish(): void {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
