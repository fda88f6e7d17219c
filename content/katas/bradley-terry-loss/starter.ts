/** Reward-model loss -mean log sigmoid(r_chosen - r_rejected) and the accuracy, over N pairs. */
export function bradleyTerryLoss(rChosen: number[], rRejected: number[]): [number, number] {
  throw new Error("not implemented");
}
