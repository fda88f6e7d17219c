export function validWindows(docs: number[][], blockSize: number): number[][] {
  const windows: number[][] = [];
  docs.forEach((doc, d) => {
    for (let s = 0; s + blockSize + 1 < doc.length; s++) windows.push([d, s]);
  });
  return windows;
}

export function sampleBatch(docs: number[][], blockSize: number, u: number[]): [number[][], number[][]] {
  const windows = validWindows(docs, blockSize);
  const chunks = u.map((ub) => {
    const [d, s] = windows[Math.floor(ub * windows.length)];
    return docs[d].slice(s, s + blockSize + 1);
  });
  return [chunks.map((c) => c.slice(0, -1)), chunks.map((c) => c.slice(1))];
}
