/** -log sigmoid(z) = softplus(-z) = max(-z, 0) + log1p(e^-|z|): finite for any z. */
function negLogSigmoid(z: number): number {
  return Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Reward-model loss -mean log sigmoid(r_chosen - r_rejected) and the accuracy, over N pairs. */
export function bradleyTerryLoss(rChosen: number[], rRejected: number[]): [number, number] {
  let loss = 0;
  let correct = 0;
  rChosen.forEach((chosen, i) => {
    const margin = chosen - rRejected[i];
    loss += negLogSigmoid(margin);
    if (margin > 0) correct++; // a tie is not a correct ranking
  });
  return [loss / rChosen.length, correct / rChosen.length];
}
