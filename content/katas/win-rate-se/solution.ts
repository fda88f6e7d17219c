/** Win rate and its standard error, both in percent, from outcomes [n] of 1 (win), 0.5 (tie) or 0 (loss). */
export function winRate(prefs: number[]): [number, number] {
  const n = prefs.length;
  const mean = prefs.reduce((a, b) => a + b, 0) / n; // a tie is half a win: (wins + ties / 2) / n
  // Standard error of the mean with the sample variance (ddof = 1): 0 / 0 = NaN for one comparison.
  const variance = prefs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1);
  return [100 * mean, (100 * Math.sqrt(variance)) / Math.sqrt(n)];
}
