/** Every [doc, start] whose blockSize + 1 tokens lie inside one document, in order. */
export function validWindows(docs: number[][], blockSize: number): number[][] {
  const windows: number[][] = [];
  // A document of L tokens has starts 0 .. L - T - 1: the target of the last input is doc[s + T].
  docs.forEach((doc, d) => {
    for (let s = 0; s + blockSize + 1 <= doc.length; s++) windows.push([d, s]);
  });
  return windows;
}

/** Inputs x and targets y, both [B, T], of the windows valid[floor(u_b * W)]. */
export function sampleBatch(docs: number[][], blockSize: number, u: number[]): [number[][], number[][]] {
  const windows = validWindows(docs, blockSize);
  const chunks = u.map((ub) => {
    const [d, s] = windows[Math.floor(ub * windows.length)]; // 0 .. W - 1 for ub in [0, 1)
    return docs[d].slice(s, s + blockSize + 1); // T + 1 tokens
  });
  return [chunks.map((c) => c.slice(0, -1)), chunks.map((c) => c.slice(1))]; // y is x shifted by one token
}
