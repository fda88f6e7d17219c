export function rope(x: number[][], offset: number): number[][] {
  return x.map((row, t) => {
    const d = row.length;
    const out = new Array<number>(d);
    for (let i = 0; i < d / 2; i++) {
      const angle = (offset + t) * Math.pow(10000, (-2 * i) / d);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      out[2 * i] = row[2 * i] * c - row[2 * i + 1] * s;
      out[2 * i + 1] = row[2 * i + 1] * c + row[2 * i] * s;
    }
    return out;
  });
}
