export type Nested = number | Nested[];

function mapRows(x: Nested[], f: (row: number[]) => number[]): Nested[] {
  return typeof x[0] === "number" ? f(x as number[]) : (x as Nested[][]).map((inner) => mapRows(inner, f));
}

export function softmax(x: Nested[]): Nested[] {
  return mapRows(x, (row) => {
    const e = row.map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  });
}

export function logSoftmax(x: Nested[]): Nested[] {
  return mapRows(softmax(x), (row) => row.map(Math.log));
}
