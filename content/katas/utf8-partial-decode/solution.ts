/** Bytes in the sequence that lead starts: 2, 3 or 4, or 0 if lead cannot start one. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Allowed second bytes after lead: narrower after E0, ED, F0, F4 (no overlongs, surrogates, > U+10FFFF). */
function secondByteRange(lead: number): [number, number] {
  const narrow: Record<number, [number, number]> = { 0xe0: [0xa0, 0xbf], 0xed: [0x80, 0x9f], 0xf0: [0x90, 0xbf], 0xf4: [0x80, 0x8f] };
  return narrow[lead] ?? [0x80, 0xbf];
}

/** How many trailing bytes of buf are a valid but unfinished sequence (0-3): those must wait. */
function unfinishedTail(buf: number[]): number {
  for (let start = Math.max(buf.length - 3, 0); start < buf.length; start++) {
    const rest = buf.slice(start + 1);
    if (sequenceLength(buf[start]) <= rest.length + 1) continue; // not a lead byte, or already complete
    const [lo, hi] = secondByteRange(buf[start]);
    if (rest.every((b, k) => (k === 0 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xbf))) return buf.length - start;
  }
  return 0;
}

/** The text each chunk of a UTF-8 byte stream completes; the last chunk ends the stream. */
export function decodeStream(chunks: number[][]): string[] {
  // Not streaming: each call decodes complete bytes, invalid ones to U+FFFD; ignoreBOM keeps U+FEFF as text.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let held: number[] = [];
  return chunks.map((chunk, i) => {
    const buf = [...held, ...chunk];
    // At the end of the stream nothing can complete what is held: decode it all (to U+FFFD).
    const keep = i === chunks.length - 1 ? 0 : unfinishedTail(buf);
    held = buf.slice(buf.length - keep);
    return decoder.decode(Uint8Array.from(buf.slice(0, buf.length - keep)));
  });
}
