const P = 2 ** 31 - 1;

export function minhashSignature(shingleIds: number[], a: number[], b: number[]): number[] {
  return a.map((ai, i) => Math.min(P, ...shingleIds.map((x) => (ai * x + b[i]) % P)));
}

export function jaccardEstimate(sig1: number[], sig2: number[]): number {
  return sig1.filter((v, i) => v === sig2[i]).length / sig1.length;
}

export function exactJaccard(ids1: number[], ids2: number[]): number {
  const set1 = new Set(ids1);
  const set2 = new Set(ids2);
  const shared = [...set1].filter((id) => set2.has(id)).length;
  const union = set1.size + set2.size - shared;
  return union === 0 ? 1 : shared / union;
}
