/** Win rate and its standard error, both in percent, from outcomes [n] of 1 (win), 0.5 (tie) or 0 (loss). */
export function winRate(prefs: number[]): [number, number] {
  throw new Error("not implemented");
}
