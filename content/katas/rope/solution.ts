/** Rotary position embedding of x [T, d] (d even) at positions offset .. offset+T-1, pairs (i, i + d/2) -> [T, d]. */
export function rope(x: number[][], offset: number): number[][] {
  return x.map((row, t) => {
    const d = row.length;
    const half = d / 2;
    const out = new Array<number>(d);
    for (let i = 0; i < half; i++) {
      // Pair i is (x_i, x_{i + d/2}), rotated by angle m·θ_i with θ_i = 10000^(−2i/d).
      const angle = (offset + t) * Math.pow(10000, (-2 * i) / d);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      out[i] = row[i] * c - row[i + half] * s;
      out[i + half] = row[i + half] * c + row[i] * s;
    }
    return out;
  });
}
