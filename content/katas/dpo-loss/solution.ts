/** -log sigmoid(z) = softplus(-z) = max(-z, 0) + log1p(e^-|z|): finite for any z. */
function negLogSigmoid(z: number): number {
  return Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** DPO sigmoid loss over N pairs of sequence log-probs, with the implicit rewards of chosen and rejected. */
export function dpoLoss(
  policyChosen: number[],
  policyRejected: number[],
  refChosen: number[],
  refRejected: number[],
  beta: number,
): [number, number[], number[]] {
  // The implicit reward is beta * log(pi / pi_ref), one per response: [N] each.
  const chosenRewards = policyChosen.map((logp, i) => beta * (logp - refChosen[i]));
  const rejectedRewards = policyRejected.map((logp, i) => beta * (logp - refRejected[i]));
  const loss = chosenRewards.reduce((sum, chosen, i) => sum + negLogSigmoid(chosen - rejectedRewards[i]), 0) / chosenRewards.length;
  return [loss, chosenRewards, rejectedRewards];
}
