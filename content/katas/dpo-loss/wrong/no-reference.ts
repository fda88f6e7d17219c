const negLogSigmoid = (z: number) => Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

export function dpoLoss(policyChosen: number[], policyRejected: number[], refChosen: number[], refRejected: number[], beta: number): [number, number[], number[]] {
  const chosenRewards = policyChosen.map((logp, i) => beta * (logp - refChosen[i]));
  const rejectedRewards = policyRejected.map((logp, i) => beta * (logp - refRejected[i]));
  const loss = policyChosen.reduce((sum, chosen, i) => sum + negLogSigmoid(beta * (chosen - policyRejected[i])), 0) / policyChosen.length;
  return [loss, chosenRewards, rejectedRewards];
}
