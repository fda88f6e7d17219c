/** Mean cross-entropy of logits [N][V] against targets [N], skipping targets equal to ignoreIndex. */
export function crossEntropy(logits: number[][], targets: number[], ignoreIndex: number = -100): number {
  let total = 0;
  let kept = 0;
  logits.forEach((row, r) => {
    const t = targets[r];
    if (t === ignoreIndex) return; // an ignored row adds neither loss nor count
    // loss_r = logsumexp(z_r) - z_r[t], with the row max taken out so exp never overflows.
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((sum, z) => sum + Math.exp(z - max), 0));
    total += lse - row[t];
    kept++;
  });
  return total / kept; // 0 / 0 = NaN when every target is ignored, as PyTorch returns
}
