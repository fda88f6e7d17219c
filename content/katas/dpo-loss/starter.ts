/** DPO sigmoid loss over N pairs of sequence log-probs, with the implicit rewards of chosen and rejected. */
export function dpoLoss(
  policyChosen: number[],
  policyRejected: number[],
  refChosen: number[],
  refRejected: number[],
  beta: number,
): [number, number[], number[]] {
  throw new Error("not implemented");
}
