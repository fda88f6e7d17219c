/** Every [doc, start] whose blockSize + 1 tokens lie inside one document, in order. */
export function validWindows(docs: number[][], blockSize: number): number[][] {
  throw new Error("not implemented");
}

/** Inputs x and targets y, both [B, T], of the windows valid[floor(u_b * W)]. */
export function sampleBatch(docs: number[][], blockSize: number, u: number[]): [number[][], number[][]] {
  throw new Error("not implemented");
}
